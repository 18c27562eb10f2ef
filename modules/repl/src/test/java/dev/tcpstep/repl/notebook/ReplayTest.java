package dev.tcpstep.repl.notebook;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code replay}: a changed output is found, named by cell, shown as a diff; --update fixes it. */
class ReplayTest {
    @TempDir
    Path dir;
    Path nb;

    @BeforeEach
    void save() {
        nb = dir.resolve("hs.ipynb");
        NotebookTesting.Ran r = NotebookTesting.shell("""
                note "handshake"
                new --isn 0,5000
                server listen
                auto on
                client connect
                run
                status
                save %s
                """.formatted(nb));
        assertEquals(0, r.code(), r.out());
    }

    @Test
    void editedOutput_exit1_withCellNumberAndUnifiedDiff() throws Exception {
        String json = Files.readString(nb);
        Files.writeString(nb, json.replace("\"client ESTABLISHED\\n\"", "\"client SYN-SENT\\n\""));
        String before = Files.readString(nb);
        NotebookTesting.Verb v = NotebookTesting.replay(nb.toString());
        assertEquals(1, v.code(), v.out());
        assertTrue(v.out().contains("cell 7 (command, id cell-7): output differs"), v.out());
        assertTrue(v.out().contains("@@ -1,2 +1,2 @@"), v.out());
        assertTrue(v.out().contains("\n-client SYN-SENT\n+client ESTABLISHED\n"), v.out());
        assertTrue(v.out().contains("1 of 6 code cells differ"), v.out());
        assertEquals(before, Files.readString(nb), "replay without --update writes nothing");
    }

    @Test
    void update_rewritesOutputs_thenReplayIsGreen() throws Exception {
        String good = Files.readString(nb);
        Files.writeString(nb, good.replace("\"client ESTABLISHED\\n\"", "\"client SYN-SENT\\n\""));
        NotebookTesting.Verb v = NotebookTesting.replay(nb.toString(), "--update");
        assertEquals(0, v.code(), v.out() + v.err());
        assertTrue(v.out().contains("updated the outputs of 1 of 6 code cells"), v.out());
        assertEquals(good, Files.readString(nb));
        assertEquals(0, NotebookTesting.replay(nb.toString()).code());
    }

    @Test
    void ansiCodesAndTrailingSpacesAreIgnored() throws Exception {
        String json = Files.readString(nb);
        Files.writeString(nb, json.replace("\"client ESTABLISHED\\n\"", "\"\\u001b[1mclient ESTABLISHED\\u001b[0m   \\n\""));
        NotebookTesting.Verb v = NotebookTesting.replay(nb.toString());
        assertEquals(0, v.code(), v.out());
    }

    @Test
    void aFailingCommand_namesTheCell_andUpdateWritesNothing() throws Exception {
        Files.writeString(nb, Files.readString(nb).replace("\"run\"", "\"rnu --fast\""));
        String before = Files.readString(nb);
        NotebookTesting.Verb v = NotebookTesting.replay(nb.toString(), "--update");
        assertEquals(1, v.code(), v.out());
        assertTrue(v.out().contains("cell 6: a command failed; the cells after it were not run"), v.out());
        assertTrue(v.err().contains("not updated"), v.err());
        assertEquals(before, Files.readString(nb));
    }

    @Test
    void sameSeedSameOutputs_twoReplaysAgree() {
        Notebook first = Replay.run(load(), Trust.Policy.ALL).actual();
        Notebook second = Replay.run(load(), Trust.Policy.ALL).actual();
        assertEquals(NotebookFormat.write(first), NotebookFormat.write(second));
    }

    private Notebook load() {
        try {
            return Replay.load(nb);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void usage() {
        assertEquals(2, NotebookTesting.replay().code());
        assertEquals(2, NotebookTesting.replay(nb.toString(), "--fast").code());
    }
}
