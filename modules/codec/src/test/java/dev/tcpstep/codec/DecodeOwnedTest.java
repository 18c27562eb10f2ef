package dev.tcpstep.codec;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SegmentCodec#decodeOwned}: the same result as {@code decode}, the payload shared, not copied. */
class DecodeOwnedTest {

    private static byte[] dataSegment(int payloadLength, long seed) {
        byte[] data = new byte[payloadLength];
        new SplittableRandom(seed).nextBytes(data);
        Segment s = SegmentCodec.decode(Fixtures.syn()).toBuilder().recompute()
                .flags(TcpFlags.ACK | TcpFlags.PSH).ack(1).payload(Payload.copyOf(data)).build();
        return SegmentCodec.encode(s);
    }

    @Test
    void givesTheSameSegmentAsDecodeForEveryPayloadLength() {
        for (int n = 0; n <= 1460; n += 73) {
            byte[] wire = dataSegment(n, n);
            Segment copied = SegmentCodec.decode(wire);
            Segment shared = SegmentCodec.decodeOwned(wire.clone());
            assertEquals(copied, shared, "payload " + n);
            assertEquals(Boolean.TRUE, shared.checksumValid());
            assertEquals(n, shared.payload().length());
        }
    }

    @Test
    void aRangeInsideALargerArrayIsDecodedInPlace() {
        byte[] wire = dataSegment(1460, 7);
        byte[] frame = new byte[14 + wire.length + 6]; // link header before, padding after
        System.arraycopy(wire, 0, frame, 14, wire.length);
        Segment s = SegmentCodec.decodeOwned(frame, 14, wire.length);
        assertEquals(SegmentCodec.decode(wire), s);
        assertArrayEquals(Arrays.copyOfRange(wire, wire.length - 1460, wire.length), s.payload().toArray());
    }

    @Test
    void thePayloadSharesTheArrayAndDecodeCopies() {
        // This is why the caller must hand the array over: a later write shows through.
        byte[] owned = dataSegment(100, 3);
        byte[] lent = owned.clone();
        Segment shared = SegmentCodec.decodeOwned(owned);
        Segment copied = SegmentCodec.decode(lent);
        int before = shared.payload().get(0);
        int first = owned.length - 100; // the payload's first byte
        owned[first] ^= (byte) 0xFF;
        lent[first] ^= (byte) 0xFF;
        assertEquals(before ^ 0xFF, shared.payload().get(0));
        assertEquals(before, copied.payload().get(0));
        assertTrue(shared.payload().asReadOnlyBuffer().isReadOnly());
    }

    @Test
    void anEmptyPayloadIsTheSharedEmptyConstant() {
        assertSame(Payload.EMPTY, SegmentCodec.decodeOwned(Fixtures.syn()).payload());
    }

    @Test
    void wrapOwnedChecksTheRange() {
        byte[] b = new byte[10];
        assertThrows(IndexOutOfBoundsException.class, () -> Payload.wrapOwned(b, 5, 6));
        assertThrows(IndexOutOfBoundsException.class, () -> Payload.wrapOwned(b, -1, 2));
        assertSame(Payload.EMPTY, Payload.wrapOwned(b, 3, 0));
        b[4] = 42;
        assertEquals(42, Payload.wrapOwned(b, 4, 2).get(0));
    }

    @Test
    void malformedInputIsRejectedAsByDecode() {
        byte[] cut = Arrays.copyOf(Fixtures.syn(), 30);
        MalformedPacketException owned = assertThrows(MalformedPacketException.class,
                () -> SegmentCodec.decodeOwned(cut));
        MalformedPacketException copied = assertThrows(MalformedPacketException.class,
                () -> SegmentCodec.decode(cut));
        assertEquals(copied.anomaly(), owned.anomaly());
    }
}
