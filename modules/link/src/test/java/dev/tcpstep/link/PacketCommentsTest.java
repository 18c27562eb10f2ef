package dev.tcpstep.link;

import dev.tcpstep.codec.Payload;
import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.TcpFlags;
import dev.tcpstep.statemachine.Event;
import dev.tcpstep.statemachine.State;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pcapng comment of each transmission, built entry by entry (export and streaming share it). */
class PacketCommentsTest {
    private static final Segment SYN;

    static {
        try {
            SYN = Segment.builder().addresses(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1}),
                            InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 2}))
                    .srcPort(49152).dstPort(80).seq(0).flags(TcpFlags.of(TcpFlags.SYN)).window(1000)
                    .payload(Payload.ofUtf8("")).build();
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static TraceEntry.Sent sent(long n, String from, boolean typed, boolean again) {
        return new TraceEntry.Sent(n * 10, n, from, "other", SYN, new byte[] {1, 2, 3}, typed, again);
    }

    private static TraceEntry.Endpoint transition(String who, State from, State to, String section) {
        return new TraceEntry.Endpoint(new Event(1, who, from, to, Event.Kind.TRANSITION,
                new Event.Cause.Call("open"), "active OPEN", List.of(), section, null));
    }

    @Test
    void aTransmissionCarriesItsSendersTransitionsHowItWasSentAndWhatHappenedToIt() {
        PacketComments pc = new PacketComments();
        assertNull(pc.accept(transition("client", State.CLOSED, State.SYN_SENT, "3.10.1")));
        assertNull(pc.accept(transition("server", State.CLOSED, State.LISTEN, null)));
        PacketComments.Packet p = pc.accept(sent(1, "client", true, true));
        assertEquals(1, p.number());
        assertEquals(List.of("client CLOSED → SYN-SENT (§3.10.1)", "typed by hand at client", "retransmission"),
                p.comments());
        pc.accept(new TraceEntry.Link(2, 1, Wire.Fate.LOST, "lost"));
        pc.accept(new TraceEntry.Dropped(3, 1, "server", "bad checksum"));
        pc.accept(new TraceEntry.Link(2, 99, Wire.Fate.LOST, "lost"));   // not held: ignored
        assertEquals(List.of("client CLOSED → SYN-SENT (§3.10.1)", "typed by hand at client", "retransmission",
                "lost", "dropped by server: bad checksum"), p.comments());
        assertEquals("client CLOSED → SYN-SENT (§3.10.1); typed by hand at client; retransmission; lost; "
                + "dropped by server: bad checksum", p.record().comment());
        // the server's transition waits for the server's own next transmission
        PacketComments.Packet q = pc.accept(sent(2, "server", false, false));
        assertEquals(List.of("server CLOSED → LISTEN"), q.comments());
        PacketComments.Packet r = pc.accept(sent(3, "server", false, false));
        assertTrue(r.comments().isEmpty());
        assertNull(r.record().comment(), "an empty comment is no comment");
        assertEquals(30, r.record().epochNanos());
    }

    @Test
    void transmissionsComeOutInOrderOnlyOnceTheOldestIsSettled() {
        PacketComments pc = new PacketComments();
        pc.accept(sent(1, "client", false, false));
        pc.accept(sent(2, "client", false, false));
        assertEquals(2, pc.held());
        assertFalse(pc.headSettled());
        pc.settle(2);
        pc.settle(7);                                                    // unknown: ignored
        assertFalse(pc.headSettled(), "#1 is still open");
        assertTrue(pc.take(false).isEmpty(), "#2 waits behind #1");
        pc.settle(1);
        assertTrue(pc.headSettled());
        List<PacketComments.Packet> out = pc.take(false);
        assertEquals(List.of(1L, 2L), out.stream().map(PacketComments.Packet::number).toList());
        assertEquals(0, pc.held());
        assertFalse(pc.headSettled(), "nothing held");
        pc.accept(sent(3, "client", false, false));
        assertEquals(List.of(3L), pc.take(true).stream().map(PacketComments.Packet::number).toList());
    }
}
