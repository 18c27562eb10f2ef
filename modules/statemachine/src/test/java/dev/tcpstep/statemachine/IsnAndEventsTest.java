package dev.tcpstep.statemachine;

import dev.tcpstep.codec.Payload;
import dev.tcpstep.statemachine.internal.SipHash;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** ISN sources (RFC 9293 §3.4.1, RFC 6528) and the event listener, isolated with Mockito. */
class IsnAndEventsTest {
    static final FourTuple T = new FourTuple(Net.CLIENT, 49152, Net.SERVER, 80);

    @Test
    void sipHash_referenceVector() {
        // SipHash-2-4 paper, Appendix A: key 00..0f, message 00..0e
        byte[] m = new byte[15];
        for (int i = 0; i < m.length; i++) {
            m[i] = (byte) i;
        }
        long k0 = 0x0706050403020100L;
        long k1 = 0x0f0e0d0c0b0a0908L;
        assertEquals(0xa129ca6149be45e5L, SipHash.hash(k0, k1, m));
    }

    @Test
    void rfc6528_deterministicBySeed_differsByTupleAndSeed() {
        IsnSource a = IsnSource.rfc6528(1);
        assertEquals(a.isn(1000, T), IsnSource.rfc6528(1).isn(1000, T));
        assertNotEquals(a.isn(1000, T), IsnSource.rfc6528(2).isn(1000, T));
        assertNotEquals(a.isn(1000, T), a.isn(1000, T.reversed()));
    }

    @Test
    void rfc6528_clockComponent_advancesEvery4Microseconds() {
        IsnSource a = IsnSource.rfc6528(9);
        long base = a.isn(0, T);
        assertEquals(SeqNum.add(base, 250), a.isn(1_000_000, T), "1 ms = 250 ticks of 4 µs");
        assertEquals(base, a.isn(3_999, T));
    }

    @Test
    void fixed_isTheTeachingSetting_andChecksRange() {
        assertEquals(5000, IsnSource.fixed(5000).isn(123, T));
        assertThrows(IllegalArgumentException.class, () -> IsnSource.fixed(-1));
    }

    @Test
    void connection_asksIsnSourceOnce_withNowAndItsTuple() {
        IsnSource isn = mock(IsnSource.class);
        when(isn.isn(anyLong(), any())).thenReturn(0xFFFF_FFFFL);
        Connection c = Connection.create("c", T, Profile.rfc9293(), isn, null);
        c.open(42, true);
        verify(isn).isn(42, T);
        assertEquals(0xFFFF_FFFFL, c.iss());
        assertEquals(0, c.sndNxt(), "ISS+1 wraps to 0");
    }

    @Test
    void listener_getsEveryTransition_inOrder_withSectionAndCause() {
        EventListener l = mock(EventListener.class);
        Connection c = Connection.create("client", T, Profile.rfc9293(), IsnSource.fixed(0), l);
        c.open(0, true);
        Fx peer = new Fx(Profile.rfc9293());
        c.onSegment(5, dev.tcpstep.codec.Segment.builder().addresses(Net.SERVER, Net.CLIENT).srcPort(80)
                .dstPort(49152).seq(5000).ack(1).flags(dev.tcpstep.codec.TcpFlags.SYN | dev.tcpstep.codec.TcpFlags.ACK)
                .window(100).build());
        ArgumentCaptor<Event> captor = ArgumentCaptor.forClass(Event.class);
        verify(l, atLeastOnce()).onEvent(captor.capture());
        List<Event> transitions = captor.getAllValues().stream().filter(Event::transition).toList();
        assertEquals(2, transitions.size());
        Event first = transitions.get(0);
        assertEquals(State.CLOSED, first.from());
        assertEquals(State.SYN_SENT, first.to());
        assertEquals("3.10.1", first.section());
        assertEquals(1, first.sent().size());
        assertTrue(first.cause() instanceof Event.Cause.Call);
        Event second = transitions.get(1);
        assertEquals(5, second.time());
        assertEquals("client", second.endpoint());
        assertTrue(second.cause() instanceof Event.Cause.Arrival);
        assertEquals("SYN-SENT → ESTABLISHED: SYN,ACK acknowledges ISS+1 = 1, ACK 5001 owed (§3.10.7.3)",
                second.toString());
        assertEquals(1, second.sent().size(), "the step's ACK is what the transition sent in response");
        assertEquals(5001, second.sent().get(0).ack());
        InOrder order = inOrder(l);
        order.verify(l).onEvent(eq(first));
        order.verify(l).onEvent(eq(second));
        assertTrue(peer.events.isEmpty());
    }

    @Test
    void noListener_noEvents_butSameBehaviour() {
        EventListener l = mock(EventListener.class);
        Connection quiet = Connection.create("q", T, Profile.rfc9293(), IsnSource.fixed(0), null);
        Connection loud = Connection.create("l", T, Profile.rfc9293(), IsnSource.fixed(0), l);
        assertEquals(quiet.open(0, true).sent(), loud.open(0, true).sent());
        assertEquals(quiet.send(0, Payload.ofUtf8("x")).state(), loud.send(0, Payload.ofUtf8("x")).state());
        verify(l, atLeastOnce()).onEvent(any());
    }

    @Test
    void mustLabels_cited_timeWaitMust13() {
        Fx f = Fx.finWait2();
        f.in(f.peer(dev.tcpstep.codec.TcpFlags.FIN | dev.tcpstep.codec.TcpFlags.ACK, 5001, 2));
        assertTrue(f.events.stream().anyMatch(e -> e.to() == State.TIME_WAIT && e.transition()
                && e.toString().endsWith("(§3.10.7.4)")), f::log);
        assertTrue(f.events.stream().anyMatch(e -> "MUST-13".equals(e.must())
                && e.toString().equals("TIME-WAIT lasts 2×MSL = 240000 ms (§3.6.1, MUST-13)")), f::log);
    }

    @Test
    void listenerNeverCalled_whenNothingHappens() {
        EventListener l = mock(EventListener.class);
        Connection c = Connection.create("c", T, Profile.rfc9293(), IsnSource.fixed(0), l);
        c.onTimer(1000);
        verify(l, never()).onEvent(any());
    }
}
