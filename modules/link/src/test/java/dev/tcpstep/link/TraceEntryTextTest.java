package dev.tcpstep.link;

import dev.tcpstep.codec.Payload;
import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.TcpFlags;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each trace entry's one-line text: what the trace command, notebooks and exports show. */
class TraceEntryTextTest {
    private static final InetAddress A = address(1);
    private static final InetAddress B = address(2);

    private static InetAddress address(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, (byte) last});
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static Segment segment(int flags, long seq, long ack, String data) {
        return Segment.builder().addresses(A, B).srcPort(49152).dstPort(80).seq(seq).ack(ack)
                .flags(TcpFlags.of(flags)).window(1000).payload(Payload.ofUtf8(data)).build();
    }

    @Test
    void sentNamesTheSenderTheNumberAndWhetherTypedOrRetransmitted() {
        Segment s = segment(0x02, 7, 0, "");
        assertEquals("client sent #3: " + s, new TraceEntry.Sent(5, 3, "client", "server", s, new byte[0], false, false).text());
        assertEquals("client sent #3 (typed): " + s,
                new TraceEntry.Sent(5, 3, "client", "server", s, new byte[0], true, false).text());
        assertEquals("client sent #3 (retransmission): " + s,
                new TraceEntry.Sent(5, 3, "client", "server", s, new byte[0], false, true).text());
        assertEquals("client sent #3 (typed) (retransmission): " + s,
                new TraceEntry.Sent(5, 3, "client", "server", s, new byte[0], true, true).text());
    }

    @Test
    void callDeliveredDroppedAndLinkTexts() {
        Segment s = segment(0x10, 1, 9, "");
        assertEquals("server write 5 bytes: ok", new TraceEntry.Call(1, "server", "write 5 bytes", "ok").text());
        assertEquals("server received #4: " + s, new TraceEntry.Delivered(2, 4, "server", s, List.of()).text());
        assertEquals("server dropped #4: bad checksum",
                new TraceEntry.Dropped(2, 4, "server", "bad checksum").text());
        assertEquals("#4 lost", new TraceEntry.Link(2, 4, Wire.Fate.LOST, "lost").text());
    }

    @Test
    void suggestedListsEachSegmentWithAckAndLengthOnlyWhereTheyApply() {
        Segment syn = segment(0x02, 100, 0, "");
        Segment data = segment(0x18, 101, 5001, "hello");
        assertEquals("client would send (manual): SYN seq 100",
                new TraceEntry.Suggested(0, "client", List.of(syn), List.of("open")).text());
        assertEquals("client would send (manual): " + syn.flags() + " seq 100; " + data.flags()
                        + " seq 101 ack 5001 len 5",
                new TraceEntry.Suggested(0, "client", List.of(syn, data), List.of("open", "send")).text());
    }

    @Test
    void anEndpointEntryTakesItsTimeAndTextFromItsEvent() {
        Simulation sim = Simulation.builder().seed(3).link(LinkProfile.DEFAULT).build();
        sim.server().listen();
        sim.client().connect();
        sim.server().auto(true);
        sim.client().auto(true);
        sim.run();
        List<TraceEntry.Endpoint> events = sim.trace().of(TraceEntry.Endpoint.class);
        assertFalse(events.isEmpty());
        boolean later = false;
        for (TraceEntry.Endpoint e : events) {
            assertEquals(e.event().time(), e.time());
            assertEquals(e.event().endpoint() + " " + e.event(), e.text());
            later |= e.time() > 0;
        }
        assertTrue(later, "some decision happens after time 0 (the link has a delay)");
    }
}
