package dev.tcpstep.repl.notebook;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every notebook in notebooks/ replays with the outputs it was saved with, and is valid nbformat. */
class ShippedNotebooksTest {
    static final List<String> REQUIRED = List.of("seed-handshake", "checksum", "lossy-link", "simultaneous",
            "resets-and-attacks", "library");

    static List<Path> notebooks() throws IOException {
        try (Stream<Path> s = Files.list(NotebookTesting.NOTEBOOKS)) {
            return s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
    }

    @Test
    void theSixLessonsAreThere() throws IOException {
        List<String> names = notebooks().stream().map(p -> p.getFileName().toString()).toList();
        for (String r : REQUIRED) {
            assertTrue(names.contains(r + ".ipynb"), "missing notebooks/" + r + ".ipynb (found " + names + ")");
            assertTrue(Files.isRegularFile(NotebookTesting.NOTEBOOKS.resolve("scripts/" + r + ".tcpstep")),
                    "missing the script notebooks/scripts/" + r + ".tcpstep that generates it");
        }
    }

    @TestFactory
    Stream<DynamicTest> replaysGreen() throws IOException {
        return notebooks().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            byte[] before = Files.readAllBytes(p);
            NotebookTesting.Verb v = NotebookTesting.replay(p.toString(), "--trust");
            assertEquals(0, v.code(), () -> "replay of " + p + " failed:\n" + v.out() + v.err());
            assertTrue(v.out().contains("all outputs match"), v.out());
            assertEquals(new String(before), Files.readString(p), "replay without --update must not write");
        }));
    }

    @TestFactory
    Stream<DynamicTest> passTheOfficialValidator() throws IOException {
        String python = NotebookTesting.python();
        return notebooks().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            assumeTrue(python != null, "skipped: no python3 with nbformat (apt-get install python3-nbformat)");
            assertNull(NotebookTesting.validate(python, p), "nbformat.validate rejects " + p);
        }));
    }

    @Test
    void javaCellsAndDiagramsAreMarkedAsSuch() throws Exception {
        Notebook lib = Replay.load(NotebookTesting.NOTEBOOKS.resolve("library.ipynb"));
        long java = lib.cells().stream().filter(c -> c instanceof Notebook.Code k && k.lang() == Notebook.Lang.JAVA).count();
        assertTrue(java >= 5, "library.ipynb should be mostly Java cells, has " + java);
        Notebook seed = Replay.load(NotebookTesting.NOTEBOOKS.resolve("seed-handshake.ipynb"));
        boolean svg = seed.cells().stream().anyMatch(c -> c instanceof Notebook.Code k
                && k.outputs().stream().anyMatch(o -> o instanceof Notebook.Display d && d.svg() != null
                && d.svg().startsWith("<svg")));
        assertTrue(svg, "the diagram cell of seed-handshake.ipynb should carry an SVG picture");
    }
}
