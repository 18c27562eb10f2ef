package dev.tcpstep.repl.notebook;

import dev.tcpstep.repl.Input;
import dev.tcpstep.repl.Shell;
import dev.tcpstep.repl.Style;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Java cells through the shell; one shell (and one JShell) for the class, to keep it quick. */
class JavaCellsTest {
    static StringWriter sw;
    static Shell shell;

    @BeforeAll
    static void start() {
        sw = new StringWriter();
        shell = new Shell(new PrintWriter(sw), Style.PLAIN);
    }

    @AfterAll
    static void stop() {
        NotebookSession.of(shell).close();
    }

    /** Runs script lines; returns what they printed and the exit code. */
    static String run(String script) {
        sw.getBuffer().setLength(0);
        int code = shell.run(Input.of(new BufferedReader(new StringReader(script))));
        String out = sw.toString();
        assertEquals(0, code, out);
        return out;
    }

    @Test
    void anExpressionWithoutSemicolonShowsItsValue_statementsDoNot() {
        String value = run("java 6 * 7");
        assertTrue(value.matches("\\$\\d+ ==> 42\n"), value);
        assertEquals("", run("java int answer = 42;"));
        assertEquals("answer ==> 42\n", run("java answer"));
        assertEquals("hi 42\n", run("java\nSystem.out.println(\"hi \" + answer);\n.\n"));
    }

    @Test
    void inAScript_oneLineJavaWithQuotes_asksForTheBlockForm() {
        sw.getBuffer().setLength(0);
        int code = shell.run(Input.of(new BufferedReader(new StringReader("java \"a\".length()\n"))));
        assertEquals(1, code);
        assertTrue(sw.toString().contains("(expected: `java` alone, the code on the next lines, then a lone `.`)"), sw.toString());
    }

    @Test
    void blockMode_andAnUnfinishedSnippetReadsOn() {
        assertEquals("0\n1\n2\n", run("java\nfor (int i = 0; i < 3; i++) {\n  System.out.println(i);\n}\n.\n"));
        assertEquals("a\nb\n", run("java for (char c = 'a'; c < 'c'; c++) {\nSystem.out.println(c);\n}\n"));
    }

    @Test
    void compileError_isTheCellsOutput_andTheShellGoesOn() {
        String out = run("java\nint x = \"text\";\n.\nstatus\n");
        assertTrue(out.startsWith("error: incompatible types: java.lang.String cannot be converted to int\n"), out);
        assertTrue(out.contains("  int x = \"text\";\n"), out);
        assertTrue(out.contains("client CLOSED"), "the next command ran: " + out);
    }

    @Test
    void exception_isTheCellsOutput_andStopsTheRestOfTheCell() {
        String out = run("java\nSystem.out.println(\"before\");\nInteger.parseInt(\"x\");\nSystem.out.println(\"after\");\n.\n");
        assertEquals("before\nexception java.lang.NumberFormatException: For input string: \"x\"\n", out);
        out = run("java SegmentCodec.decode(new byte[3])");
        assertTrue(out.startsWith("exception dev.tcpstep.codec.MalformedPacketException: "), out);
    }

    @Test
    void simIsTheLiveSession_followsNewAndUndo_andJavaCanDriveIt() {
        run("new --isn 0,5000\nserver listen\nauto on\nclient connect\nrun\n");
        assertTrue(run("java sim.client().state()").endsWith(" ==> ESTABLISHED\n"));
        String drove = run("java\nsim.client().write(\"from java\");\n.\nrun\nserver read\n");
        assertTrue(drove.contains("server read 9 bytes: \"from java\""), drove);
        run("new --isn 7,9\n");
        assertTrue(run("java sim.client().state()").endsWith(" ==> CLOSED\n"), "sim follows `new`");
    }

    @Test
    void identityHashesArePrintedStably() {
        String out = run("java new Object()");
        assertTrue(out.matches("\\$\\d+ ==> java.lang.Object@…\n"), out);
    }

    @Test
    void theJshellScriptImportsWhatJavaCellsImport() throws Exception {
        Set<String> script = new LinkedHashSet<>();
        for (String l : Files.readAllLines(Path.of("../../bin/lib/jshell-startup.jsh"))) {
            if (l.startsWith("import ")) {
                script.add(l.substring(7, l.length() - 1));
            }
        }
        assertEquals(new LinkedHashSet<>(JavaCells.IMPORTS), script);
        assertFalse(script.isEmpty());
    }
}
