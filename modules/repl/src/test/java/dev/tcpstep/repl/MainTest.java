package dev.tcpstep.repl;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void versionPrintsTheBuildVersion() throws Exception {
        Run r = run("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("tcpstep " + Version.get() + " (Java "), r.out());
        assertTrue(Version.get().matches("\\d+\\.\\d+\\.\\d+.*"), "filtered version: " + Version.get());
    }

    @Test
    void helpListsTheVerbs() throws Exception {
        Run r = run("--help");
        assertEquals(0, r.code());
        for (String verb : Main.VERBS.keySet()) {
            assertTrue(r.out().contains("  " + verb), verb + " missing:\n" + r.out());
        }
    }

    @Test
    void unknownOptionAndVerbExitWithTwoAndOneLine() throws Exception {
        Run r = run("--frob");
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        r = run("shel");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("did you mean `shell`"), r.err());
    }
}
