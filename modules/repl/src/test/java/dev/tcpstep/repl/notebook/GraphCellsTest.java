package dev.tcpstep.repl.notebook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A `graph` cell of a saved notebook carries the picture as SVG beside the terminal text, and replays. */
class GraphCellsTest {
    @TempDir
    Path dir;

    @Test
    void graphCellsKeepTheirSvgAndReplayIdentically() throws Exception {
        Path nb = dir.resolve("g.ipynb");
        NotebookTesting.Ran r = NotebookTesting.shell("""
                new --isn 0,5000
                auto on
                server listen
                client connect
                run
                drop next client
                client write 20000
                run
                server read
                graph seq client
                graph cwnd client
                save %s
                """.formatted(nb));
        assertEquals(0, r.code(), r.out());
        Notebook book = Replay.load(nb);
        List<Notebook.Code> code = book.cells().stream().filter(c -> c instanceof Notebook.Code)
                .map(c -> (Notebook.Code) c).toList();
        Notebook.Display seq = assertInstanceOf(Notebook.Display.class, code.get(code.size() - 2).outputs().getFirst());
        assertTrue(seq.svg().startsWith("<svg") && seq.svg().contains("Time-sequence graph: client → server"));
        assertTrue(seq.text().contains("1 retransmitted"), seq.text());
        Notebook.Display cwnd = assertInstanceOf(Notebook.Display.class, code.getLast().outputs().getFirst());
        assertTrue(cwnd.svg().contains("Congestion window of client"), cwnd.svg());
        assertEquals(0, NotebookTesting.replay(nb.toString()).code(), "same seed, same graphs");
    }
}
