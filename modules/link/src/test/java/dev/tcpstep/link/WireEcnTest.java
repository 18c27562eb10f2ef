package dev.tcpstep.link;

import dev.tcpstep.codec.IpHeader;
import dev.tcpstep.codec.Payload;
import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.SegmentCodec;
import dev.tcpstep.codec.TcpFlags;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ECN knob: a congested wire marks CE on ECN-capable packets instead of dropping them (RFC 3168 §5). */
class WireEcnTest {
    private static final LinkProfile CONGESTED = LinkProfile.DEFAULT.withLoss(1.0).withEcnMarking(true);

    private static byte[] v4(int ecn) throws Exception {
        IpHeader.V4 ip = new IpHeader.V4((Inet4Address) InetAddress.getByName("192.0.2.1"),
                (Inet4Address) InetAddress.getByName("192.0.2.2"), 10, ecn, 7, true, false, 0, 64,
                dev.tcpstep.codec.TcpOption.Bytes.EMPTY, null, null, null);
        return SegmentCodec.encode(data(ip));
    }

    private static byte[] v6(int trafficClass) throws Exception {
        IpHeader.V6 ip = new IpHeader.V6((Inet6Address) InetAddress.getByName("2001:db8::1"),
                (Inet6Address) InetAddress.getByName("2001:db8::2"), trafficClass, 5, 64, List.of(), null);
        return SegmentCodec.encode(data(ip));
    }

    private static Segment data(IpHeader ip) {
        return Segment.builder().ip(ip).srcPort(49152).dstPort(80).seq(1000).ack(5001)
                .flags(TcpFlags.ACK | TcpFlags.PSH).window(65535).payload(Payload.ofUtf8("hello")).build();
    }

    @Test
    void ectPacketIsMarkedCeInsteadOfDropped_andStillVerifies() throws Exception {
        for (int ect : new int[] {1, 2}) {
            Wire.Transmission t = new Wire(CONGESTED, 3).transmit(0, v4(ect));
            assertFalse(t.lost(), "ECT(" + (ect == 2 ? 0 : 1) + ") packet must be delivered");
            Wire.Arrival a = t.arrivals().getFirst();
            assertEquals(List.of(Wire.Fate.CE_MARKED), a.fates());
            Segment got = SegmentCodec.decode(a.bytes());
            IpHeader.V4 ip = (IpHeader.V4) got.ip();
            assertEquals(3, ip.ecn(), "ECN field on the wire is CE");
            assertEquals(10, ip.dscp(), "DSCP untouched");
            assertTrue(ip.headerChecksumValid(), "the IPv4 header checksum is recomputed");
            assertTrue(got.checksumValid(), "the TCP checksum does not cover the ECN field");
            assertEquals("hello", got.payload().utf8());
        }
    }

    @Test
    void notEctPacketIsStillDropped() throws Exception {
        Wire.Transmission t = new Wire(CONGESTED, 3).transmit(0, v4(0));
        assertTrue(t.lost());
        assertEquals(Wire.Fate.LOST, t.dropped());
    }

    @Test
    void withoutTheKnobAnEctPacketIsDropped() throws Exception {
        Wire.Transmission t = new Wire(LinkProfile.DEFAULT.withLoss(1.0), 3).transmit(0, v4(2));
        assertTrue(t.lost());
    }

    @Test
    void ipv6TrafficClassCarriesTheMark() throws Exception {
        Wire.Transmission t = new Wire(CONGESTED, 3).transmit(0, v6(0b1010_1010));
        IpHeader.V6 ip = (IpHeader.V6) SegmentCodec.decode(t.arrivals().getFirst().bytes()).ip();
        assertEquals(0b1010_1011, ip.trafficClass(), "DSCP bits kept, ECN bits CE");
        assertTrue(new Wire(CONGESTED, 3).transmit(0, v6(0b1010_1000)).lost(), "Not-ECT over IPv6 is dropped");
    }

    @Test
    void markingDoesNotShiftTheRandomDraws() throws Exception {
        // Same seed, same loss: the packets that are not picked arrive at the same times either way.
        LinkProfile lossy = LinkProfile.DEFAULT.withLoss(0.3).withJitterNanos(2_000_000);
        Wire plain = new Wire(lossy, 9);
        Wire ecn = new Wire(lossy.withEcnMarking(true), 9);
        int marked = 0;
        for (int i = 0; i < 200; i++) {
            byte[] p = v4(2);
            Wire.Transmission a = plain.transmit(i * 1_000_000L, p);
            Wire.Transmission b = ecn.transmit(i * 1_000_000L, p);
            if (a.lost()) {
                marked++;
                assertEquals(List.of(Wire.Fate.CE_MARKED), b.arrivals().getFirst().fates());
            } else {
                assertEquals(a.arrivals().getFirst().time(), b.arrivals().getFirst().time());
            }
        }
        assertTrue(marked > 30 && marked < 90, "about 30% picked: " + marked);
    }
}
