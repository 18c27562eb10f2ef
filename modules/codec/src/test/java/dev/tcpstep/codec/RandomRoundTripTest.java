package dev.tcpstep.codec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RandomRoundTripTest {
    private static final int COUNT = 100_000;
    private static final long SEED = 0x7C957E9L;

    @Test
    void recordToBytesToRecord_isIdentity_for100000SeededSegments() {
        RandomSegments gen = new RandomSegments(SEED);
        PacketView view = new PacketView();
        for (int i = 0; i < COUNT; i++) {
            Segment original = gen.next();
            byte[] wire = SegmentCodec.encode(original);
            assertEquals(SegmentCodec.encodedLength(original), wire.length);
            Segment decoded = SegmentCodec.decode(wire);
            int n = i;
            // Decoding adds the wire values (data offset, checksums, lengths) and the verdicts;
            // with those cleared the record is the one we started from.
            assertEquals(original, decoded.toBuilder().recompute().build(), () -> "segment " + n);
            assertEquals(Boolean.TRUE, decoded.checksumValid(), () -> "segment " + n);
            if (decoded.ip() instanceof IpHeader.V4 v4) {
                assertEquals(Boolean.TRUE, v4.headerChecksumValid());
            }
            // And bytes -> record -> bytes is identity too, with the wire values kept.
            assertArrayEquals(wire, SegmentCodec.encode(decoded), () -> "segment " + n);
            view.wrap(wire);
            assertEquals(original.seq(), view.tcp().seq());
            assertEquals(original.flags().bits(), view.tcp().flags());
            assertEquals(original.payload().length(), view.tcp().payloadLength());
        }
    }
}
