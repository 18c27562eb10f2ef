package dev.tcpstep.repl;

import dev.tcpstep.statemachine.State;
import dev.tcpstep.statemachine.Tcb;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RenderersTest {
    @Test
    void tcbTable_listsTheRfcVariables_undefinedAsDash() {
        Tcb t = new Tcb(State.ESTABLISHED, 1, 1, 65535, 0, 5000, 1, 0, 5001, 65535, 0, 5000, 65535, 536, 536, -1, -1,
                false, false, -1, -1, 1_000_000_000L, 4380, Integer.MAX_VALUE, 0, 0, 0);
        List<String> lines = Renderers.tcb(t);
        assertEquals("state    ESTABLISHED", lines.getFirst());
        assertTrue(lines.contains("SND.UNA  1"), lines::toString);
        assertTrue(lines.contains("RCV.NXT  5001"), lines::toString);
        assertTrue(lines.contains("IRS      5000"), lines::toString);
        assertEquals("options  mss 536 (eff 536)", lines.getLast());
        Tcb closed = new Tcb(State.CLOSED, -1, -1, 0, 0, 0, 0, -1, -1, 65535, 0, -1, 0, 536, 536, -1, -1, false, false,
                -1, -1, 1_000_000_000L, 4380, Integer.MAX_VALUE, 0, 0, 0);
        assertTrue(Renderers.tcb(closed).contains("IRS      -"));
    }

    @Test
    void wrap_breaksAtSpaces_neverInsideANumber() {
        String text = "note: ack 5000 but RCV.NXT is 5001: the peer's SYN takes one sequence number 123456789";
        for (int width = 20; width <= 60; width++) {
            List<String> lines = Renderers.wrap(text, width, "   ", "         ");
            assertEquals(text, String.join(" ", lines.stream().map(String::strip).toList()), "width " + width);
            for (String l : lines) {
                assertTrue(l.length() <= width || !l.strip().contains(" "), "width " + width + ": `" + l + "`");
            }
        }
    }
}
