package dev.tcpstep.repl.notebook;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a saved notebook carries for Jupyter: the tcpstep kernel, expected errors tagged, pictures in every form. */
class ForJupyterTest {
    static JsonNode saved(List<Notebook.Cell> cells) {
        String json = NotebookFormat.write(new Notebook(NotebookFormat.metadata(null, 100, true), cells));
        return JsonMapper.builder().build().readTree(json);
    }

    @Test
    void namesTheTcpstepKernel() {
        JsonNode m = saved(List.of()).path("metadata");
        assertEquals("tcpstep", m.path("kernelspec").path("name").asString());
        assertEquals("tcpstep", m.path("language_info").path("name").asString());
    }

    @Test
    void aCellWhoseErrorIsTheLesson_isTaggedOnce_otherCellsAreNot() {
        Notebook.Error err = new Notebook.Error("CompileError", "bad", List.of("error: bad"));
        JsonNode cells = saved(List.of(
                new Notebook.Code("a", Notebook.Lang.JAVA, "int x = ;", List.of(err), null),
                new Notebook.Code("b", Notebook.Lang.COMMAND, "status", List.of(new Notebook.Stream("stdout", "ok\n")), null)))
                .path("cells");
        assertEquals("[\"raises-exception\"]", cells.get(0).path("metadata").path("tags").toString());
        assertTrue(cells.get(1).path("metadata").path("tags").isMissingNode());
        // Read back and written again: still one tag.
        String json = NotebookFormat.write(new Notebook(NotebookFormat.metadata(null, 100, true), List.of(
                new Notebook.Code("a", Notebook.Lang.JAVA, "int x = ;", List.of(err), null))));
        Notebook read;
        try {
            read = NotebookFormat.read(json, "t.ipynb");
        } catch (NotebookException e) {
            throw new AssertionError(e);
        }
        JsonNode twice = JsonMapper.builder().build().readTree(NotebookFormat.write(read));
        assertEquals("[\"raises-exception\"]", twice.path("cells").get(0).path("metadata").path("tags").toString());
    }

    @Test
    void aDiagramCarriesSvgPngHtmlAndText() {
        JsonNode data = saved(List.of(new Notebook.Code("d", Notebook.Lang.COMMAND, "diagram",
                List.of(new Notebook.Display("ladder\n", DiagramsTest.SVG)), null)))
                .path("cells").get(0).path("outputs").get(0).path("data");
        assertEquals(List.of("image/png", "image/svg+xml", "text/html", "text/plain"), List.copyOf(data.propertyNames()));
        assertTrue(data.path("image/png").asString().startsWith("iVBORw0KGgo"), "base64 of a PNG signature");
    }
}
