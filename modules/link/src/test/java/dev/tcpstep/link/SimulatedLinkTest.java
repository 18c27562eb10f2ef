package dev.tcpstep.link;

import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.TcpFlags;
import dev.tcpstep.codec.TcpOption;
import dev.tcpstep.statemachine.State;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Simulation#link}: the near endpoint injects, its peer answers, one clock, one trace. */
class SimulatedLinkTest {
    static final long MS = 1_000_000L;

    static Simulation sim() {
        return Simulation.builder().seed(7).fixedIsns(0, 5000).build();
    }

    static Segment syn(Link l) {
        return Segment.builder().addresses(l.nearAddress(), l.farAddress()).srcPort(49152).dstPort(80).seq(0)
                .flags(TcpFlags.SYN).window(65535).option(new TcpOption.Mss(1460)).build();
    }

    @Test
    void injectedSyn_isAnsweredByTheFarSide_atItsArrivalTime() {
        Simulation s = sim();
        s.server().listen();
        Link l = s.link(s.client());
        assertFalse(s.client().auto(), "the near side's own TCP only suggests");
        l.inject(syn(l));
        Link.Arrival a = l.awaitFar(Long.MAX_VALUE);
        // 10 ms each way on the default link: the SYN arrives at 10 ms, the SYN,ACK at 20 ms.
        assertEquals(20 * MS, a.time());
        assertEquals(20 * MS, l.now());
        assertEquals(TcpFlags.SYN | TcpFlags.ACK, a.segment().flags().bits());
        assertEquals(5000, a.segment().seq());
        assertEquals(1, a.segment().ack());
        assertEquals(State.SYN_RECEIVED, s.server().state());
    }

    @Test
    void nothingToCome_returnsNullAtTheDeadline_andFarTimersFireWhileWaiting() {
        Simulation s = sim();
        s.server().listen();
        Link l = s.link(s.client());
        assertNull(l.awaitFar(500 * MS));
        assertEquals(500 * MS, l.now());
        l.inject(syn(l));
        Segment first = l.awaitFar(Long.MAX_VALUE).segment();
        // Nobody ACKs: the far side's retransmission timer fires (RFC 6298 initial RTO 1 s).
        Link.Arrival again = l.awaitFar(l.now() + 5_000 * MS);
        assertEquals(first.seq(), again.segment().seq());
        assertEquals(first.flags(), again.segment().flags());
        assertEquals(l.now(), again.time());
        assertEquals(1_520 * MS, again.time(), "SYN,ACK sent at 510 ms, RTO 1 s, 10 ms on the wire");
    }

    @Test
    void eachArrival_returnedOnce_andTheTraceIsTheSimulations() {
        Simulation s = sim();
        s.server().listen();
        Link l = s.link(s.client());
        l.inject(syn(l));
        assertTrue(l.awaitFar(Long.MAX_VALUE) != null);
        assertNull(l.awaitFar(l.now() + 100 * MS), "the SYN,ACK is not returned twice");
        assertTrue(l.trace() == s.trace());
        List<TraceEntry.Sent> sent = l.trace().of(TraceEntry.Sent.class);
        assertEquals(2, sent.size());
        assertTrue(sent.get(0).crafted(), "the injected SYN is traced as typed");
    }

    @Test
    void sameCalls_sameTrace() {
        String a = run();
        String b = run();
        assertEquals(a, b);
    }

    private static String run() {
        Simulation s = sim();
        s.server().listen();
        Link l = s.link(s.client());
        l.inject(syn(l));
        l.awaitFar(Long.MAX_VALUE);
        l.awaitFar(l.now() + 3_000 * MS);
        return String.join("\n", s.trace().entries().stream().map(Exports::json).toList());
    }
}
