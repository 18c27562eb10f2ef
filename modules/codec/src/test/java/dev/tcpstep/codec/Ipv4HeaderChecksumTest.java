package dev.tcpstep.codec;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 16: strict decoding verifies the IPv4 header checksum; lenient decoding reports it. */
class Ipv4HeaderChecksumTest {

    /** The SYN fixture with one bit of its header checksum (0x9a82 at byte 10) flipped: 0x9a83. */
    private static byte[] oneBitOff() {
        byte[] b = Fixtures.syn();
        b[11] ^= 0x01;
        return b;
    }

    @Test
    void strictDecodeNamesTheFieldOffsetFoundAndExpected() {
        MalformedPacketException e = assertThrows(MalformedPacketException.class,
                () -> SegmentCodec.decode(oneBitOff()));
        assertEquals(Anomaly.Reason.MALFORMED, e.reason());
        assertEquals("IPv4 header checksum", e.field());
        assertEquals(10, e.offset());
        assertEquals("0x9a83", e.found());
        assertEquals("0x9a82 (the header sums to all ones)", e.expected());
        assertEquals("IPv4 header checksum 0x9a83 (expected: 0x9a82 (the header sums to all ones)) at byte 10",
                e.getMessage());
    }

    @Test
    void everyStrictEntryPointRejectsIt() {
        byte[] bad = oneBitOff();
        assertFalse(SegmentCodec.isWellFormed(bad));
        assertThrows(MalformedPacketException.class, () -> SegmentCodec.decode(ByteBuffer.wrap(bad)));
        assertThrows(MalformedPacketException.class,
                () -> SegmentCodec.decode(ByteBuffer.allocateDirect(bad.length).put(bad).flip()));
        assertThrows(MalformedPacketException.class, () -> new PacketView().wrap(bad));
        assertThrows(MalformedPacketException.class, () -> SegmentCodec.decodeOwned(bad.clone()));
        // The unchanged fixture decodes.
        assertTrue(SegmentCodec.isWellFormed(Fixtures.syn()));
    }

    @Test
    void lenientDecodeReportsAnAnomalyAndStillDecodes() {
        Decoded d = SegmentCodec.decodeLenient(oneBitOff());
        assertEquals(List.of(new Anomaly(Anomaly.Reason.MALFORMED, "IPv4 header checksum", 10, "0x9a83",
                "0x9a82 (the header sums to all ones)")), d.anomalies());
        IpHeader.V4 ip = (IpHeader.V4) d.segment().ip();
        assertEquals(0x9a83, ip.headerChecksum());
        assertEquals(Boolean.FALSE, ip.headerChecksumValid());
        assertEquals(Boolean.TRUE, d.segment().checksumValid(), "the TCP checksum does not cover it");
    }

    @Test
    void everySingleBitFlipInTheHeaderIsRejected() {
        // A ones'-complement sum catches every single-bit error; the flip may also make
        // another field impossible first (version, IHL, protocol...), which is named instead.
        for (byte[] base : List.of(Fixtures.syn(), Fixtures.synAck())) {
            for (int bit = 0; bit < 20 * 8; bit++) {
                byte[] b = base.clone();
                b[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
                int flipped = bit;
                assertThrows(MalformedPacketException.class, () -> SegmentCodec.decode(b), "bit " + flipped);
                assertFalse(SegmentCodec.isWellFormed(b), "bit " + flipped);
            }
        }
    }

    @Test
    void headerWithOptionsIsSummedWhole() {
        // IHL 6: four option bytes; a wrong one is caught by the checksum, a re-encode fixes it.
        Segment s = SegmentCodec.decode(Fixtures.syn());
        IpHeader.V4 ip = (IpHeader.V4) s.ip();
        IpHeader.V4 withOptions = new IpHeader.V4(ip.src(), ip.dst(), 0, 0, ip.identification(), true, false, 0,
                ip.ttl(), TcpOption.Bytes.ofHex("01010100"), null, null, null);
        byte[] good = SegmentCodec.encode(s.toBuilder().ip(withOptions).build());
        assertEquals(Boolean.TRUE, ((IpHeader.V4) SegmentCodec.decode(good).ip()).headerChecksumValid());
        byte[] bad = good.clone();
        bad[22] ^= 0x04;
        MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> SegmentCodec.decode(bad));
        assertEquals("IPv4 header checksum", e.field());
    }
}
