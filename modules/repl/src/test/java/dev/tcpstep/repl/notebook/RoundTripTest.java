package dev.tcpstep.repl.notebook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** save → open → save gives the same bytes; save is careful with existing files. */
class RoundTripTest {
    @TempDir
    Path dir;

    static final String SESSION = """
            note "# A session\\nsaved from the shell"
            new --isn 0,5000
            server listen
            client send SYN seq=0
            step
            server accept
            step
            help
            client send ACK seq=1 ack=5000
            undo
            client accept
            bogus command
            step
            status
            java sim.client().state()
            diagram
            """;

    @Test
    void saveOpenSave_isIdentical() throws Exception {
        Path a = dir.resolve("a.ipynb");
        Path b = dir.resolve("b.ipynb");
        NotebookTesting.Ran first = NotebookTesting.shell(SESSION.replace("bogus command\n", "") + "save " + a + "\n");
        assertEquals(0, first.code(), first.out());
        assertTrue(first.out().contains("saved " + a), first.out());
        NotebookTesting.Ran second = NotebookTesting.shell("open " + a + " --trust\nsave " + b + "\n");
        assertEquals(0, second.code(), second.out());
        assertEquals(Files.readString(a), Files.readString(b));
        assertEquals(0, NotebookTesting.replay(b.toString(), "--trust").code());
    }

    @Test
    void save_keepsCommandsNotesJavaAndDiagrams_leavesOutShellLines() throws Exception {
        Path a = dir.resolve("a.ipynb");
        // Interactive-style input keeps going after an error: the failed line is not a cell.
        NotebookTesting.Ran r = NotebookTesting.shell(SESSION.replace("bogus command\n", "") + "save " + a + "\n");
        assertEquals(0, r.code(), r.out());
        Notebook nb = Replay.load(a);
        Notebook.Markdown md = assertInstanceOf(Notebook.Markdown.class, nb.cells().getFirst());
        assertEquals("# A session\nsaved from the shell", md.source());
        assertFalse(nb.cells().stream().anyMatch(c -> c instanceof Notebook.Code k && k.source().startsWith("help")),
                "help is about the shell, not the session");
        assertTrue(nb.cells().stream().anyMatch(c -> c instanceof Notebook.Code k && k.source().equals("undo")),
                "undo is replayed like any command, so the notebook reaches the same state");
        Notebook.Code java = (Notebook.Code) nb.cells().stream()
                .filter(c -> c instanceof Notebook.Code k && k.lang() == Notebook.Lang.JAVA).findFirst().orElseThrow();
        assertEquals("sim.client().state()", java.source());
        assertTrue(java.text().contains("==> ESTABLISHED"), java.text());
        Notebook.Code diagram = (Notebook.Code) nb.cells().getLast();
        Notebook.Display d = assertInstanceOf(Notebook.Display.class, diagram.outputs().getFirst());
        assertTrue(d.svg().startsWith("<svg") && d.text().contains("SYN"), d.text());
        String python = NotebookTesting.python();
        assumeTrue(python != null, "skipped: no python3 with nbformat (apt-get install python3-nbformat)");
        assertNull(NotebookTesting.validate(python, a));
    }

    @Test
    void save_doesNotReplaceAFileWithoutForce() throws Exception {
        Path a = dir.resolve("a.ipynb");
        Files.writeString(a, "precious");
        NotebookTesting.Ran r = NotebookTesting.shell("server listen\nsave " + a + "\n");
        assertEquals(1, r.code());
        assertTrue(r.out().contains("exists; `save " + a + " --force` replaces it"), r.out());
        assertEquals("precious", Files.readString(a));
        NotebookTesting.Ran forced = NotebookTesting.shell("server listen\nsave " + a + " --force\n");
        assertEquals(0, forced.code(), forced.out());
        assertTrue(Files.readString(a).contains("\"nbformat\": 4"));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temp files left behind");
        }
    }

    @Test
    void save_badNames() {
        NotebookTesting.Ran r = NotebookTesting.shell("save " + dir.resolve("x.txt") + "\n");
        assertTrue(r.out().contains("does not end in .ipynb"), r.out());
        r = NotebookTesting.shell("save " + dir.resolve("no/such/dir/x.ipynb") + "\n");
        assertTrue(r.out().contains("no such directory"), r.out());
        r = NotebookTesting.shell("save\n");
        assertTrue(r.out().contains("missing file name"), r.out());
    }

    @Test
    void open_replaysIntoTheLiveSession_andThePersonContinues() throws Exception {
        Path a = dir.resolve("a.ipynb");
        NotebookTesting.shell("new --isn 0,5000\nserver listen\nauto on\nclient connect\nrun\nsave " + a + "\n");
        NotebookTesting.Ran r = NotebookTesting.shell("open " + a + "\nclient write \"after\"\nrun\nserver read\nstatus\n");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("tcpstep> client connect"), "each replayed command is shown: " + r.out());
        assertTrue(r.out().contains("server read 5 bytes: \"after\""), r.out());
        assertTrue(r.out().contains("client ESTABLISHED"), r.out());
    }

    @Test
    void open_stopsAtAFailingCell_andSaysWhich() throws Exception {
        Path a = dir.resolve("a.ipynb");
        NotebookTesting.shell("server listen\nstatus\nsave " + a + "\n");
        Files.writeString(a, Files.readString(a).replace("\"status\"", "\"client send SIN\""));
        NotebookTesting.Ran r = NotebookTesting.shell("open " + a + "\n");
        assertEquals(1, r.code());
        assertTrue(r.out().contains("open stopped at cell 2 of " + a), r.out());
    }
}
