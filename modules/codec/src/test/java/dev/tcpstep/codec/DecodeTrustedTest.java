package dev.tcpstep.codec;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SegmentCodec#decodeTrusted}: always what {@code decode(encode(s))} gives, without re-parsing where it can. */
class DecodeTrustedTest {

    /** True when the trusted path answered without decoding (it then shares the sent payload). */
    private static boolean assertSameAsDecode(Segment sent, String what) {
        byte[] wire = SegmentCodec.encode(sent);
        MalformedPacketException strict = null;
        Segment decoded = null;
        try {
            decoded = SegmentCodec.decode(wire);
        } catch (MalformedPacketException e) {
            strict = e;
        }
        if (strict != null) {
            MalformedPacketException trusted = assertThrows(MalformedPacketException.class,
                    () -> SegmentCodec.decodeTrusted(sent, wire), what);
            assertEquals(strict.anomaly(), trusted.anomaly(), what);
            return false;
        }
        Segment got = SegmentCodec.decodeTrusted(sent, wire);
        assertEquals(decoded, got, what);
        return !sent.payload().isEmpty() && got.payload() == sent.payload();
    }

    @Test
    void equalsDecodeFor20000SeededSegments() {
        RandomSegments gen = new RandomSegments(0x7C957EAL);
        int fast = 0;
        for (int i = 0; i < 20_000; i++) {
            fast += assertSameAsDecode(gen.next(), "segment " + i) ? 1 : 0;
        }
        // The generator's mix must exercise the path that skips decoding, not only the fallback.
        assertTrue(fast >= 1_000, fast + " of 20000 took the trusted path");
    }

    @Test
    void theFastPathSharesThePayloadAndVerifiesAsDecodeDoes() {
        Segment sent = SegmentCodec.decode(Fixtures.syn()).toBuilder().recompute()
                .flags(TcpFlags.ACK).ack(1).payload(Payload.ofUtf8("hello")).build();
        Segment got = SegmentCodec.decodeTrusted(sent, SegmentCodec.encode(sent));
        assertSame(sent.payload(), got.payload());
        assertEquals(Boolean.TRUE, got.checksumValid());
        assertEquals(Boolean.TRUE, ((IpHeader.V4) got.ip()).headerChecksumValid());
    }

    @Test
    void forcedAndUnusualValuesFallBackToDecoding() {
        Segment base = SegmentCodec.decode(Fixtures.syn()).toBuilder().recompute().build();
        IpHeader.V4 ip = (IpHeader.V4) base.ip();
        List<Segment> unusual = List.of(
                base.toBuilder().checksum(0x1234).build(),                          // a crafted bad TCP checksum
                base.toBuilder().dataOffsetWords(3).build(),                        // strict decode rejects it
                base.toBuilder().dataOffsetWords(9).build(),                        // forced larger header
                base.toBuilder().option(new TcpOption.WindowScale(7)).build(),      // 7 option bytes: padding
                base.toBuilder().option(new TcpOption.Unknown(2, new TcpOption.Bytes(new byte[2]))).build(),
                base.toBuilder().option(new TcpOption.Nop()).option(new TcpOption.Nop())
                        .option(new TcpOption.EndOfList()).option(new TcpOption.Nop()).build(),
                base.toBuilder().ip(new IpHeader.V4(ip.src(), ip.dst(), 0, 0, 7, false, false, 0, 64,
                        TcpOption.Bytes.EMPTY, null, 0xBEEF, null)).build(),        // forced IPv4 checksum
                base.toBuilder().ip(new IpHeader.V4(ip.src(), ip.dst(), 0, 0, 7, false, true, 0, 64,
                        TcpOption.Bytes.EMPTY, null, null, null)).build(),          // a fragment
                base.toBuilder().ip(new IpHeader.V4(ip.src(), ip.dst(), 0, 0, 7, false, false, 0, 64,
                        TcpOption.Bytes.EMPTY, 30, null, null)).build());           // forced total length
        for (int i = 0; i < unusual.size(); i++) {
            assertSameAsDecode(unusual.get(i), "unusual " + i);
        }
        assertTrue(assertSameAsDecode(base.toBuilder().payload(Payload.ofUtf8("x")).build(), "plain"));
    }

    @Test
    void bytesOfAnotherLengthAreAProgrammingError() {
        Segment sent = SegmentCodec.decode(Fixtures.syn());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SegmentCodec.decodeTrusted(sent, new byte[10]));
        assertEquals("encoded packet of 10 bytes (expected: 44, the length of the segment encoded)", e.getMessage());
    }
}
