package dev.tcpstep.link;

import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.TcpFlags;
import dev.tcpstep.statemachine.State;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulationTest {

    static Simulation teaching() {
        return Simulation.builder().seed(7).fixedIsns(0, 5000).build();
    }

    @Test
    void handshakeDataAndCloseOverTheWire() {
        Simulation sim = teaching();
        sim.server().listen();
        sim.client().connect();
        assertEquals(Simulation.Stop.QUIET, sim.run().stop());
        assertEquals(State.ESTABLISHED, sim.client().state());
        assertEquals(State.ESTABLISHED, sim.server().state());
        sim.client().write("hello");
        sim.run();
        assertEquals("hello", sim.server().read().data().utf8());
        sim.client().close();
        sim.run();
        sim.server().close();
        assertEquals(Simulation.Stop.IDLE_TIMERS, sim.run().stop(), "TIME-WAIT's 2MSL waits for advance");
        assertEquals(State.TIME_WAIT, sim.client().state());
        assertEquals(State.CLOSED, sim.server().state());
        sim.advance(Duration.ofMinutes(4));
        assertEquals(State.CLOSED, sim.client().state());
        assertFalse(sim.hasPending());

        List<TraceEntry.Sent> sent = sim.trace().of(TraceEntry.Sent.class);
        Segment syn = sent.get(0).segment();
        assertEquals(TcpFlags.SYN, syn.flags().bits());
        assertEquals(0, syn.seq());
        Segment synAck = sent.get(1).segment();
        assertEquals(5000, synAck.seq());
        assertEquals(1, synAck.ack());
    }

    @Test
    void corruptedSegmentIsDroppedAtTheReceiverAndRetransmitted() {
        Simulation sim = teaching();
        sim.server().listen();
        sim.aim(sim.client(), Wire.Shot.CORRUPT, 1, null);
        sim.client().connect();
        sim.run();
        List<TraceEntry.Dropped> dropped = sim.trace().of(TraceEntry.Dropped.class);
        assertEquals(1, dropped.size());
        // The flipped bit lands in the IPv4 header, so the receiver's IP layer discards the
        // packet (RFC 1122 §3.2.1.2) before TCP's checksum is consulted.
        String reason = dropped.getFirst().reason();
        assertTrue(reason.contains("does not verify") || reason.startsWith("malformed: IPv4 header checksum"), reason);
        assertEquals(State.ESTABLISHED, sim.server().state(), "the retransmitted SYN got through");
        assertTrue(sim.trace().of(TraceEntry.Sent.class).stream().anyMatch(TraceEntry.Sent::retransmission));
    }

    @Test
    void manualEndpointSuggestsInsteadOfSending() {
        Simulation sim = teaching();
        sim.server().listen();
        sim.server().auto(false);
        sim.client().connect();
        sim.step();
        assertEquals(State.SYN_RECEIVED, sim.server().state());
        assertEquals(1, sim.server().suggestion().size());
        assertEquals(TcpFlags.SYN | TcpFlags.ACK, sim.server().suggestion().getFirst().flags().bits());
        assertEquals(1, sim.trace().of(TraceEntry.Sent.class).size(), "only the client's SYN went out");
        sim.server().sendSuggested();
        sim.run();
        assertEquals(State.ESTABLISHED, sim.client().state());
    }

    @Test
    void sameSeedSameTraceAndSnapshotRestoreReplaysExactly() {
        LinkProfile lossy = LinkProfile.DEFAULT.withLoss(0.2).withDuplicate(0.05).withReorder(0.05);
        String a = scenario(Simulation.builder().seed(11).link(lossy).build());
        String b = scenario(Simulation.builder().seed(11).link(lossy).build());
        assertEquals(a, b);

        Simulation sim = Simulation.builder().seed(3).fixedIsns(0, 5000).build();
        sim.server().listen();
        sim.client().connect();
        sim.step();
        Simulation.Snapshot snap = sim.snapshot();
        String before = text(sim);
        sim.run();
        Simulation back = Simulation.restore(snap);
        assertEquals(before, text(back));
        back.run();
        assertEquals(text(sim), text(back));
    }

    private static String scenario(Simulation sim) {
        sim.server().listen();
        sim.client().connect();
        sim.run();
        sim.client().write("x".repeat(5000));
        sim.run();
        sim.client().close();
        sim.run();
        return text(sim);
    }

    static String text(Simulation sim) {
        StringBuilder sb = new StringBuilder();
        for (TraceEntry e : sim.trace().entries()) {
            sb.append(e.time()).append(' ').append(e.text()).append('\n');
        }
        return sb.toString();
    }

    @Test
    void aManualEndpointStillSendsWhatItsApplicationAsksFor() {
        Simulation sim = teaching();
        sim.client().auto(false);
        sim.server().listen();
        sim.client().connect();
        assertEquals(1, sim.trace().of(TraceEntry.Sent.class).size(), "OPEN's SYN goes out in manual mode too");
        sim.step();
        sim.step();
        assertEquals(State.ESTABLISHED, sim.client().state());
        assertEquals(State.SYN_RECEIVED, sim.server().state(), "the manual client's ACK waits for a person");
        assertEquals(1, sim.client().suggestion().size());
    }

    @Test
    void aConnectionResetInSynReceivedReturnsTheServerToListen() {
        Simulation sim = teaching();
        sim.server().listen();
        sim.client().connect();
        sim.step(); // server: SYN-RECEIVED, SYN,ACK on its way
        sim.client().abort();
        sim.run();
        assertEquals(State.LISTEN, sim.server().state(), "RFC 9293 §3.10.7.4: back to LISTEN");
    }

    @Test
    void aNewConnectionOnTheSameSocketsIsNotARetransmission() {
        Simulation sim = teaching();
        sim.server().listen();
        sim.client().connect();
        sim.run();
        sim.client().close();
        sim.run();
        sim.server().close();
        sim.runUntilQuiet();
        int before = sim.trace().of(TraceEntry.Sent.class).size();
        sim.client().connect();
        TraceEntry.Sent syn = sim.trace().of(TraceEntry.Sent.class).get(before);
        assertTrue(syn.segment().flags().syn());
        assertFalse(syn.retransmission());
    }

    @Test
    void ipv6SegmentsFitTheMtuAndDataArrives() {
        Simulation sim = Simulation.builder().seed(2).ipv6().build();
        sim.server().listen();
        sim.client().connect();
        sim.run();
        sim.client().write(dev.tcpstep.codec.Payload.copyOf(new byte[5000]));
        sim.run();
        assertEquals(5000, sim.server().read().data().length());
        assertTrue(sim.trace().of(TraceEntry.Link.class).isEmpty(), "nothing dropped for size");
        int largest = sim.trace().of(TraceEntry.Sent.class).stream().mapToInt(e -> e.bytes().length).max().orElseThrow();
        assertEquals(1500, largest, "1440 bytes of data + 20 TCP + 40 IPv6");
    }
}
