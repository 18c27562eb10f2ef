package dev.tcpstep.repl.notebook;

import dev.tcpstep.repl.Input;
import dev.tcpstep.repl.Shell;
import dev.tcpstep.repl.Style;
import dev.tcpstep.repl.notebook.Notebook.Cell;
import dev.tcpstep.repl.notebook.Notebook.Code;
import dev.tcpstep.repl.notebook.Notebook.Lang;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hostile notebook: a Java cell that writes a file, a command cell that exports an SVG
 * over a file outside the working directory, and a {@code java} line hidden in a command
 * cell. Opened or replayed without consent none of them runs, nothing is written, and the
 * trusted cells around them still run.
 */
class TrustTest {
    @TempDir
    Path dir;

    private Path hostile;
    private Path javaFile;
    private Path hiddenJavaFile;
    private Path victim;

    private static Code command(String id, String source) {
        return new Code(id, Lang.COMMAND, source, List.of(), null);
    }

    @BeforeEach
    void writeHostileNotebook() throws Exception {
        javaFile = dir.resolve("written-by-java-cell");
        hiddenJavaFile = dir.resolve("written-by-java-line");
        victim = dir.resolve("elsewhere/victim.txt");
        Files.createDirectories(victim.getParent());
        Files.writeString(victim, "precious\n");
        List<Cell> cells = List.of(
                command("c1", "server listen"),
                new Code("c2", Lang.JAVA, "java.nio.file.Files.writeString(java.nio.file.Path.of(\""
                        + javaFile + "\"), \"owned\");", List.of(), null),
                command("c3", "export svg " + victim),
                command("c4", "status\njava java.nio.file.Files.writeString(java.nio.file.Path.of(\""
                        + hiddenJavaFile + "\"), \"owned\")"),
                command("c5", "client connect"));
        hostile = dir.resolve("hostile.ipynb");
        Files.writeString(hostile, NotebookFormat.write(new Notebook(NotebookFormat.metadata(null, 80, false), cells)));
    }

    private void assertNothingWritten() throws Exception {
        assertFalse(Files.exists(javaFile), "the Java cell ran");
        assertFalse(Files.exists(hiddenJavaFile), "the java line of a command cell ran");
        assertEquals("precious\n", Files.readString(victim), "export svg replaced a file outside the working directory");
    }

    @Test
    void open_piped_skipsJavaAndFileWritingCells_runsTheRest() throws Exception {
        NotebookTesting.Ran r = NotebookTesting.shell("open " + hostile + "\nstatus\n");
        assertNothingWritten();
        assertEquals(0, r.code(), r.out());
        String trust = "(untrusted; `open " + hostile + " --trust` runs it)";
        assertTrue(r.out().contains("skipped cell 2: it runs Java code " + trust), r.out());
        assertTrue(r.out().contains("skipped cell 3: it writes a file (`export svg " + victim + "`) " + trust), r.out());
        assertTrue(r.out().contains("skipped cell 4: it runs Java code (a `java` line) " + trust), r.out());
        // The skipped cell is shown, not run.
        assertTrue(r.out().contains("tcpstep> export svg " + victim), r.out());
        // Cells 1 and 5 ran: the server listens and the client sent its SYN.
        assertTrue(r.out().contains("opened " + hostile + ": 3 cells not run (untrusted)"), r.out());
        assertTrue(r.out().contains("client SYN-SENT"), r.out());
        assertTrue(r.out().contains("server LISTEN"), r.out());
    }

    @Test
    void open_withTrust_runsEveryCell() throws Exception {
        NotebookTesting.Ran r = NotebookTesting.shell("open " + hostile + " --trust\n");
        assertEquals(0, r.code(), r.out());
        // The same cells do write when trusted: the test above is not vacuous.
        assertEquals("owned", Files.readString(javaFile));
        assertEquals("owned", Files.readString(hiddenJavaFile));
        assertTrue(Files.readString(victim).startsWith("<svg"), "export svg ran");
        assertFalse(r.out().contains("skipped cell"), r.out());
    }

    @Test
    void replay_withoutTrust_skipsThemAndExits1() throws Exception {
        NotebookTesting.Verb v = NotebookTesting.replay(hostile.toString());
        assertNothingWritten();
        assertEquals(1, v.code(), v.out() + v.err());
        assertTrue(v.out().contains("skipped cell 2: it runs Java code (untrusted; `tcpstep replay FILE --trust` runs it)"),
                v.out());
        assertTrue(v.out().contains("3 of 5 code cells not run (untrusted)"), v.out());
        // The trusted cells ran: their (empty) saved outputs differ from what they print now.
        assertTrue(v.out().contains("cell 5 (command, id c5): output differs"), v.out());
        assertFalse(v.out().contains("cell 2 (java, id c2): output differs"), v.out());
    }

    @Test
    void replay_updateWithoutTrust_doesNotWriteTheNotebook() throws Exception {
        byte[] before = Files.readAllBytes(hostile);
        NotebookTesting.Verb v = NotebookTesting.replay(hostile.toString(), "--update");
        assertNothingWritten();
        assertEquals(1, v.code());
        assertTrue(v.err().contains("not updated (cells were not run)"), v.err());
        assertEquals(new String(before), Files.readString(hostile));
    }

    /** A person at a terminal: answers the questions from a list, then ends. */
    private static final class Terminal implements Input {
        final Deque<String> lines;
        final List<String> prompts = new ArrayList<>();

        Terminal(String... lines) {
            this.lines = new ArrayDeque<>(List.of(lines));
        }

        @Override
        public String readLine(String prompt) {
            prompts.add(prompt);
            return lines.poll();
        }

        @Override
        public boolean interactive() {
            return true;
        }
    }

    @Test
    void open_atATerminal_asksForEachCell() throws Exception {
        StringWriter sw = new StringWriter();
        Shell shell = new Shell(new PrintWriter(sw), Style.PLAIN);
        // open, then: no to the Java cell, yes to the export, no to the hidden java line.
        Terminal t = new Terminal("open " + hostile, "n", "y", "n");
        shell.run(t);
        NotebookSession.of(shell).close();
        assertFalse(Files.exists(javaFile));
        assertFalse(Files.exists(hiddenJavaFile));
        assertTrue(Files.readString(victim).startsWith("<svg"), "the export the person agreed to ran");
        assertTrue(t.prompts.contains("cell 2 runs Java code. Run it? [y]es, [n]o, [a]ll: "), t.prompts.toString());
        assertTrue(t.prompts.contains("cell 3 writes a file (`export svg " + victim + "`). Run it? [y]es, [n]o, [a]ll: "),
                t.prompts.toString());
        assertTrue(sw.toString().contains("skipped cell 2: it runs Java code"), sw.toString());
        assertFalse(sw.toString().contains("skipped cell 3"), sw.toString());
    }

    @Test
    void open_atATerminal_allTrustsTheRest() throws Exception {
        StringWriter sw = new StringWriter();
        Shell shell = new Shell(new PrintWriter(sw), Style.PLAIN);
        Terminal t = new Terminal("open " + hostile, "a");
        shell.run(t);
        NotebookSession.of(shell).close();
        assertEquals("owned", Files.readString(javaFile));
        assertEquals("owned", Files.readString(hiddenJavaFile));
        assertEquals(1, t.prompts.stream().filter(p -> p.contains("Run it?")).count(), t.prompts.toString());
    }

    @Test
    void save_doesNotRunJavaCellsAgain() throws Exception {
        Path counter = dir.resolve("runs.txt");
        Path saved = dir.resolve("s.ipynb");
        String append = "java\njava.nio.file.Files.writeString(java.nio.file.Path.of(\"" + counter
                + "\"), \"ran\\n\", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);\n.";
        NotebookTesting.Ran r = NotebookTesting.shell("server listen\n" + append + "\nclient connect\nrun\ndiagram\n"
                + "save " + saved + "\n");
        assertEquals(0, r.code(), r.out());
        assertEquals("ran\n", Files.readString(counter), "save ran the Java cell a second time");
        Notebook nb = Replay.load(saved);
        assertTrue(nb.cells().stream().anyMatch(c -> c instanceof Code k && k.lang() == Lang.JAVA),
                "the Java cell is saved");
        assertTrue(nb.cells().stream().anyMatch(c -> c instanceof Code k
                && k.outputs().stream().anyMatch(o -> o instanceof Notebook.Display d && d.svg() != null)),
                "the diagram is saved with its SVG");
        // A trusted replay runs it once more and matches.
        NotebookTesting.Verb v = NotebookTesting.replay(saved.toString(), "--trust");
        assertEquals(0, v.code(), v.out() + v.err());
        assertEquals("ran\nran\n", Files.readString(counter));
    }

    @Test
    void save_afterOpeningWithTrust_runsNoJavaCellAndNoExportAgain() throws Exception {
        Path saved = dir.resolve("again.ipynb");
        Deque<String> lines = new ArrayDeque<>(List.of("open " + hostile + " --trust", "save " + saved));
        Input script = new Input() {
            @Override
            public String readLine(String prompt) {
                if (lines.size() == 1) {
                    // Between open and save: undo what the cells wrote, to see whether save writes it again.
                    try {
                        Files.delete(javaFile);
                        Files.delete(hiddenJavaFile);
                        Files.writeString(victim, "changed after open\n");
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return lines.poll();
            }

            @Override
            public boolean interactive() {
                return false;
            }
        };
        StringWriter sw = new StringWriter();
        Shell shell = new Shell(new PrintWriter(sw), Style.PLAIN);
        assertEquals(0, shell.run(script), sw.toString());
        NotebookSession.of(shell).close();
        assertTrue(sw.toString().contains("saved " + saved), sw.toString());
        assertFalse(Files.exists(javaFile), "save ran the Java cell again");
        assertFalse(Files.exists(hiddenJavaFile), "save ran the java line again");
        assertEquals("changed after open\n", Files.readString(victim), "save ran the export again");
    }
}
