package dev.tcpstep.repl.notebook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Files replay cannot use: each row is a file's bytes, why it is bad, and what the error
 * must say. Every one exits 2, and the file is untouched even with --update.
 */
class CorruptNotebookTest {
    @TempDir
    Path dir;

    private static final String CELL = """
            {"cell_type": "code", "id": "c1", "metadata": {}, "outputs": [], "source": "status"}""";

    static Stream<Arguments> corrupt() {
        return Stream.of(
                // A cut-off file: the parser says where it ran out.
                arguments("truncated JSON", "{\n \"cells\": [\n", "not valid JSON at line 3, column 1"),
                // A trailing comma is not JSON, whatever JavaScript allows.
                arguments("trailing comma", "{\"nbformat\": 4,\n \"cells\": [],\n}", "not valid JSON at line 3, column 1"),
                // Zero bytes: nothing to read.
                arguments("empty file", "", "empty file"),
                // Valid JSON but not an object at the top.
                arguments("top level is an array", "[1, 2]", "the top level is an array"),
                // No version: probably not a notebook at all.
                arguments("no nbformat", "{\"cells\": []}", "no \"nbformat\" version number"),
                // nbformat 3 has worksheets instead of cells.
                arguments("nbformat 3", "{\"nbformat\": 3, \"nbformat_minor\": 0, \"worksheets\": []}",
                        "nbformat 3 is not supported (expected: 4"),
                // A future major version.
                arguments("nbformat 5", "{\"nbformat\": 5, \"cells\": []}", "nbformat 5 is not supported"),
                // cells must be a list.
                arguments("cells is an object", "{\"nbformat\": 4, \"cells\": {}}", "\"cells\" is an object"),
                // A cell that is not an object.
                arguments("cell is a string", "{\"nbformat\": 4, \"cells\": [\"status\"]}", "cell 1 is a string"),
                // A cell without cell_type.
                arguments("no cell_type", "{\"nbformat\": 4, \"cells\": [{\"source\": \"status\"}]}", "cell 1: no \"cell_type\""),
                // source must be text or a list of text.
                arguments("source is a number", "{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"code\", \"source\": 42}]}",
                        "cell 1: \"source\" is a number (42)"),
                // outputs must be a list.
                arguments("outputs is a string", "{\"nbformat\": 4, \"cells\": [" + CELL.replace("\"outputs\": []", "\"outputs\": \"x\"") + "]}",
                        "cell 1: \"outputs\" is a string"),
                // An output type nbformat does not define.
                arguments("unknown output_type", "{\"nbformat\": 4, \"cells\": [" + CELL.replace("\"outputs\": []",
                        "\"outputs\": [{\"output_type\": \"hologram\"}]") + "]}", "unknown \"output_type\" `hologram`"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corrupt")
    void exits2_saysWhy_writesNothing(String why, String content, String message) throws Exception {
        Path f = dir.resolve("bad.ipynb");
        Files.writeString(f, content);
        byte[] before = Files.readAllBytes(f);
        for (String[] args : new String[][] {{f.toString()}, {f.toString(), "--update"}}) {
            NotebookTesting.Verb v = NotebookTesting.replay(args);
            assertEquals(2, v.code(), why + ": " + v.out() + v.err());
            assertTrue(v.err().contains(message), why + ": expected `" + message + "` in: " + v.err());
            assertFalse(v.err().contains("[Source"), why + ": Jackson's own source description is noise: " + v.err());
            assertArrayEquals(before, Files.readAllBytes(f), why + ": the file must not change");
        }
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temp files left behind");
        }
    }

    @Test
    void notUtf8_exit2() throws Exception {
        Path f = dir.resolve("latin1.ipynb");
        Files.write(f, new byte[] {'{', '"', (byte) 0xe9, '"', '}'});
        NotebookTesting.Verb v = NotebookTesting.replay(f.toString());
        assertEquals(2, v.code());
        assertTrue(v.err().contains("not UTF-8"), v.err());
    }

    @Test
    void missingFileOrDirectory_exit2() {
        NotebookTesting.Verb v = NotebookTesting.replay(dir.resolve("nope.ipynb").toString());
        assertEquals(2, v.code());
        assertTrue(v.err().contains("no such file"), v.err());
        v = NotebookTesting.replay(dir.toString());
        assertEquals(2, v.code());
        assertTrue(v.err().contains("is a directory"), v.err());
    }

    @Test
    void unknownCellKinds_areSkippedWithAWarning() throws Exception {
        Path f = dir.resolve("odd.ipynb");
        Files.writeString(f, """
                {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
                 {"cell_type": "hologram", "id": "h", "metadata": {}, "source": "?"},
                 {"cell_type": "code", "id": "p", "metadata": {"tcpstep": {"kind": "python"}}, "outputs": [], "source": "print(1)"},
                 {"cell_type": "code", "id": "s", "metadata": {}, "outputs": [{"output_type": "stream", "name": "stdout",
                   "text": ["client CLOSED\\n", "server CLOSED\\n"]}], "source": ["status"]}
                ]}""");
        NotebookTesting.Verb v = NotebookTesting.replay(f.toString());
        assertEquals(0, v.code(), v.out() + v.err());
        assertTrue(v.err().contains("cell 1: unknown cell type `hologram`; skipped"), v.err());
        assertTrue(v.err().contains("cell 2: unknown code cell kind `python` (expected: command or java); skipped"), v.err());
        assertTrue(v.out().contains("1 code cells replayed, all outputs match"), v.out());
    }

    @Test
    void openInTheShell_sameErrors_sessionUnchanged() throws Exception {
        Path f = dir.resolve("bad.ipynb");
        Files.writeString(f, "{\"nbformat\": 3}");
        NotebookTesting.Ran r = NotebookTesting.shell("server listen\nopen " + f + "\n");
        assertEquals(1, r.code());
        assertTrue(r.out().contains("nbformat 3 is not supported"), r.out());
    }
}
