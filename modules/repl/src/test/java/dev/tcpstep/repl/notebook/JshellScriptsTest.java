package dev.tcpstep.repl.notebook;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * notebooks/*.jsh run in the JDK's jshell as bin/jshell starts it: the library modules on
 * the module path, bin/lib/jshell-startup.jsh's imports. (bin/jshell itself would build the
 * project first, so the test starts jshell the same way with this build's module path.)
 */
class JshellScriptsTest {
    @TestFactory
    Stream<DynamicTest> everyJshScriptRunsWithoutErrors() throws IOException {
        List<Path> scripts;
        try (Stream<Path> s = Files.list(NotebookTesting.NOTEBOOKS)) {
            scripts = s.filter(p -> p.toString().endsWith(".jsh")).sorted().toList();
        }
        assertTrue(scripts.size() >= 2, "expected .jsh examples in notebooks/, found " + scripts);
        Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
        return scripts.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            Process pr = new ProcessBuilder(jshell.toString(),
                    "--module-path", JavaCells.modulePath(),
                    "--add-modules", String.join(",", JavaCells.MODULES),
                    "--startup", "DEFAULT", "--startup", "../../bin/lib/jshell-startup.jsh",
                    p.toString()).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            pr.getOutputStream().close(); // a script without /exit would wait for input: end it
            String out = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(pr.waitFor(120, TimeUnit.SECONDS), "jshell did not finish");
            assertEquals(0, pr.exitValue(), out);
            assertFalse(out.contains("Error:"), out);
            assertFalse(out.contains("Exception"), out);
            assertTrue(out.contains("IP 192.0.2.1.49152 > 192.0.2.2.80: Flags [S]"), "prints tcpdump lines: " + out);
        }));
    }
}
