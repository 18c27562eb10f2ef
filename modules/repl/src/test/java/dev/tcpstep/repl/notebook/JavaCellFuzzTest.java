package dev.tcpstep.repl.notebook;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tcpstep.repl.Input;
import dev.tcpstep.repl.Shell;
import dev.tcpstep.repl.Style;
import org.junit.jupiter.api.AfterAll;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code java} cell path under arbitrary source: whatever the embedded compiler or
 * JShell makes of it, the shell prints the cell's result or one line of error (no stack
 * trace, on its output or on the JVM's stderr), returns within {@link #LIMIT_NANOS}, and
 * lives on: the next cell still computes ({@link #PROBE}).
 *
 * <p>The cell goes through the shell exactly as a script types it: {@code java}, the lines,
 * then a lone {@code .}. Snippets run inside this JVM (JShell's local engine), so sources
 * that name the JVM's or the machine's doors ({@link #DOORS}: exit, files, processes,
 * threads, reflection, the network) are left out: the contract is about the compiler, and a
 * fuzzer must not end or damage its own host.
 *
 * <p>{@code mvn test} runs the inputs under
 * {@code src/test/resources/dev/tcpstep/repl/notebook/JavaCellFuzzTestInputs}; {@code bin/fuzz java MINUTES} fuzzes.
 */
class JavaCellFuzzTest {
    /** Two cells' time limit (tcpstep.java.timeout, 10 s) plus JavaCells' grace periods to unwind or finish compiling. */
    static final long LIMIT_NANOS = 60_000_000_000L;
    static final Pattern DOORS = Pattern.compile("(?i)exit|halt|runtime|process|file|path|thread|system|classloader|"
            + "forname|getclass|\\.class|reflect|unsafe|native|loadlibrary|socket|url|uri|channel|memory|foreign|"
            + "linker|jshell|module|security|invoke|lookup|instrument|desktop|sun|jdk|serial|getenv|console|bridge");
    /** The next cell, and what it prints when JShell lives on. */
    private static final String PROBE = "Integer.toHexString(0xC0FFEE + 1)";
    private static final Pattern PROBE_ANSWER = Pattern.compile("(?m)^\\$\\d+ ==> \"c0ffef\"$");
    private static final Pattern SHELL_BUG = Pattern.compile("(?m)^internal error running `");
    private static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s+at [\\w$.<>/]+\\(.*\\)$");

    private static final StringWriter OUT = new StringWriter();
    private static Shell shell;

    private static Shell shell() {
        if (shell == null) {
            System.setProperty("tcpstep.java.timeout", "10");
            shell = new Shell(new PrintWriter(OUT), Style.PLAIN);
        }
        return shell;
    }

    @AfterAll
    static void stop() {
        if (shell != null) {
            NotebookSession.of(shell).close();
        }
    }

    @FuzzTest(maxDuration = "5m")
    void cell(byte[] data) {
        String source = new String(data, StandardCharsets.UTF_8);
        if (DOORS.matcher(source).find() || source.indexOf('\0') >= 0) {
            return;
        }
        // A lone `.` ends the block: keep every line of the source inside it.
        List<String> lines = source.lines().filter(l -> !l.strip().equals(".")).toList();
        if (lines.isEmpty()) {
            return;
        }
        String script = "java\n" + lines.stream().collect(Collectors.joining("\n")) + "\n.\njava\n" + PROBE + "\n.\n";
        Shell s = shell();
        OUT.getBuffer().setLength(0);
        PrintStream err = System.err;
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int code;
        try {
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            code = s.run(Input.of(new BufferedReader(new StringReader(script))));
        } finally {
            System.setErr(err);
        }
        long took = System.nanoTime() - start;
        String out = OUT.toString();
        String errText = stderr.toString(StandardCharsets.UTF_8);
        assertTrue(took < LIMIT_NANOS, () -> "the cell took " + took / 1_000_000 + " ms:\n" + source);
        int exit = code;
        assertTrue(exit == 0, () -> "exit code " + exit + ":\n" + out);
        assertFalse(STACK_FRAME.matcher(out).find(), () -> "a stack trace on the shell's output:\n" + out);
        assertFalse(STACK_FRAME.matcher(errText).find(), () -> "a stack trace on stderr:\n" + errText);
        // The shell's own line for a bug; javac echoes the source indented, so text in the cell cannot pose as it.
        assertFalse(SHELL_BUG.matcher(out).find(), () -> "the shell reported a bug:\n" + out);
        // The shell lives on, and so does JShell: the next cell computes.
        assertTrue(PROBE_ANSWER.matcher(out).find(), () -> "the next cell did not run:\n" + out);
    }
}
