package dev.tcpstep.repl.notebook;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The notebook reader's contract under arbitrary bytes: a {@link Notebook} or a
 * {@link NotebookException} of one line that starts with the file's name, nothing else,
 * within {@link #LIMIT_NANOS}. What it reads, it writes back in a form that reads again to
 * the same cells, and writing is then a fixed point.
 *
 * <p>{@code mvn test} runs the inputs under
 * {@code src/test/resources/dev/tcpstep/repl/notebook/NotebookReaderFuzzTestInputs} and the
 * shipped notebooks; {@code bin/fuzz notebook MINUTES} fuzzes (seeded with {@code notebooks/}).
 */
class NotebookReaderFuzzTest {
    static final long LIMIT_NANOS = 10_000_000_000L;

    @FuzzTest(maxDuration = "5m")
    void read(byte[] data) {
        String json = new String(data, StandardCharsets.UTF_8);
        long start = System.nanoTime();
        Notebook nb;
        try {
            nb = NotebookFormat.read(json, "fuzz.ipynb");
        } catch (NotebookException e) {
            String m = e.getMessage();
            assertTrue(m.startsWith("fuzz.ipynb: "), m);
            assertFalse(m.contains("\n") || m.contains("\r"), () -> "an error of more than one line: " + m);
            return;
        }
        String written = NotebookFormat.write(nb);
        Notebook again;
        try {
            again = NotebookFormat.read(written, "again.ipynb");
        } catch (NotebookException e) {
            throw new AssertionError("what was read does not read back once written: " + e.getMessage()
                    + "\n" + written, e);
        }
        assertEquals(nb.cells().size(), again.cells().size());
        for (int i = 0; i < nb.cells().size(); i++) {
            assertEquals(shape(nb.cells().get(i)), shape(again.cells().get(i)), "cell " + (i + 1));
        }
        assertEquals(written, NotebookFormat.write(again), "writing is not a fixed point");
        long took = System.nanoTime() - start;
        assertTrue(took < LIMIT_NANOS, () -> "reading " + data.length + " bytes took " + took / 1_000_000 + " ms");
    }

    /** What a cell is, without its raw JSON: kind, language, source and outputs. */
    private static String shape(Notebook.Cell c) {
        return switch (c) {
            case Notebook.Markdown m -> "markdown " + m.cellType() + " " + m.source();
            case Notebook.Code k -> "code " + k.lang() + " " + k.source() + " " + k.outputs();
            case Notebook.Skipped s -> "skipped " + s.why();
        };
    }

    /**
     * Found by fuzzing (input {@code nbformat-beyond-int}): an nbformat number beyond int made
     * Jackson's asInt() throw out of the reader instead of a NotebookException.
     */
    @Test
    void anNbformatBeyondInt_isNotSupported() {
        NotebookException e = assertThrows(NotebookException.class,
                () -> NotebookFormat.read("{\"nbformat\": 42222222222222222222, \"cells\": []}", "big.ipynb"));
        assertEquals("big.ipynb: nbformat 42222222222222222222 is not supported (expected: 4; "
                + "`jupyter nbconvert --to notebook --nbformat 4` converts it)", e.getMessage());
    }

    /** The shipped notebooks are the fuzzer's seeds; they hold to the same contract, and read. */
    @Test
    void shippedNotebooks() throws IOException {
        List<Path> notebooks;
        try (Stream<Path> s = Files.list(Path.of("../../notebooks"))) {
            notebooks = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertFalse(notebooks.isEmpty(), "no notebooks in notebooks/");
        for (Path p : notebooks) {
            byte[] bytes = Files.readAllBytes(p);
            read(bytes);
            try {
                NotebookFormat.read(new String(bytes, StandardCharsets.UTF_8), p.getFileName().toString());
            } catch (NotebookException e) {
                fail("shipped notebook " + p + ": " + e.getMessage());
            }
        }
    }
}
