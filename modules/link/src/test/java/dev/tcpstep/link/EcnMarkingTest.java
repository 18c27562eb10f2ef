package dev.tcpstep.link;

import dev.tcpstep.codec.IpHeader;
import dev.tcpstep.codec.Payload;
import dev.tcpstep.statemachine.Profile;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The link's ECN knob end to end: ECN-capable data is marked CE, not lost, and the receiver echoes it. */
class EcnMarkingTest {
    private static Simulation run(boolean ecnTcp) {
        Profile tcp = Profile.rfc9293().toBuilder().ecn(ecnTcp).build();
        Simulation sim = Simulation.builder().seed(5).tcp(tcp)
                .link(LinkProfile.DEFAULT.withLoss(0.1).withEcnMarking(true)).build();
        sim.server().listen();
        sim.client().connect();
        sim.run();
        sim.client().write(Payload.copyOf(new byte[60 * 1460]));
        for (int i = 0; i < 100 && sim.hasPending(); i++) {
            sim.run();
            sim.server().read();
        }
        return sim;
    }

    @Test
    void ecnCapableDataIsMarkedNotDroppedAndTheMarkIsOnTheWire() {
        Simulation sim = run(true);
        List<TraceEntry.Delivered> marked = sim.trace().of(TraceEntry.Delivered.class).stream()
                .filter(d -> d.fates().contains(Wire.Fate.CE_MARKED)).toList();
        assertFalse(marked.isEmpty(), "10% of the data is picked: some of it must be marked");
        for (TraceEntry.Delivered d : marked) {
            assertEquals(3, ((IpHeader.V4) d.segment().ip()).ecn(), "CE in the IP header as decoded at the receiver");
        }
        assertTrue(sim.trace().of(TraceEntry.Link.class).stream().anyMatch(l -> l.fate() == Wire.Fate.CE_MARKED
                && l.text().contains("marked CE")), "the trace says what the wire did");
        assertTrue(sim.trace().of(TraceEntry.Sent.class).stream()
                .anyMatch(s -> s.from().equals("server") && s.segment().flags().has(dev.tcpstep.codec.TcpFlags.ECE)), "the receiver echoes CE (ECE)");
    }

    @Test
    void withoutEcnNegotiatedTheSameWireDropsInstead() {
        Simulation sim = run(false);
        assertTrue(sim.trace().of(TraceEntry.Delivered.class).stream()
                .noneMatch(d -> d.fates().contains(Wire.Fate.CE_MARKED)));
        assertTrue(sim.trace().of(TraceEntry.Link.class).stream().anyMatch(l -> l.fate() == Wire.Fate.LOST));
    }
}
