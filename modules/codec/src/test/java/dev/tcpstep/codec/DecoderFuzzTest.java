package dev.tcpstep.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decoder's contract under arbitrary input: strict and lenient decoding give a value or
 * {@link MalformedPacketException}, nothing else; and whatever strict decoding accepts,
 * the view accepts with the same fields, encoding gives back the same bytes, lenient
 * decoding finds no anomaly, and every text form renders.
 *
 * <p>{@code mvn test} runs this in regression mode (the inputs under
 * {@code src/test/resources/dev/tcpstep/codec/DecoderFuzzTestInputs}); {@code JAZZER_FUZZ=1
 * mvn test -Dtest=DecoderFuzzTest#decode} fuzzes.
 */
class DecoderFuzzTest {

    @FuzzTest(maxDuration = "12m")
    void decode(byte[] data) {
        Segment strict = null;
        MalformedPacketException strictError = null;
        try {
            strict = SegmentCodec.decode(data);
        } catch (MalformedPacketException e) {
            strictError = e;
            assertNotNull(e.anomaly().field());
        }
        Decoded lenient = null;
        try {
            lenient = SegmentCodec.decodeLenient(data);
        } catch (MalformedPacketException e) {
            // Lenient gives up only where strict gives up too, and for the same first reason.
            assertNotNull(strictError, "lenient threw where strict did not: " + e.getMessage());
        }
        PacketView view = new PacketView();
        boolean viewOk;
        try {
            view.wrap(data);
            viewOk = true;
        } catch (MalformedPacketException e) {
            viewOk = false;
            assertNotNull(strictError, "view rejected what strict accepted: " + e.getMessage());
            assertEquals(strictError.anomaly(), e.anomaly());
        }
        assertEquals(strict != null, SegmentCodec.isWellFormed(data));
        if (lenient != null) {
            // Rendering a lenient decode never throws.
            TcpdumpFormat.line(lenient.segment());
            SegmentJson.segment(1, "0", lenient.segment());
            FieldView.render(lenient);
            HexDump.annotated(data);
        }
        if (strict == null) {
            return;
        }
        assertTrue(viewOk);
        assertNotNull(lenient);
        Decoded clean = lenient;
        assertTrue(clean.clean(), () -> "strict accepted, lenient found " + clean.anomalies());
        assertEquals(strict, lenient.segment());
        // The view reads the same fields as the record.
        TcpHeaderView t = view.tcp();
        assertEquals(strict.srcPort(), t.srcPort());
        assertEquals(strict.dstPort(), t.dstPort());
        assertEquals(strict.seq(), t.seq());
        assertEquals(strict.ack(), t.ack());
        assertEquals(strict.flags().bits(), t.flags());
        assertEquals(strict.window(), t.window());
        assertEquals(strict.checksum(), t.checksum());
        assertEquals(strict.checksumValid(), t.checksumValid());
        assertEquals(strict.payload().length(), t.payloadLength());
        int options = 0;
        for (TcpHeaderView.OptionCursor c = t.options(); c.next(); ) {
            assertEquals(strict.options().get(options).kind(), c.kind());
            assertEquals(strict.options().get(options).wireLength(), c.length());
            options++;
        }
        assertEquals(strict.options().size(), options);
        // Bytes -> record -> bytes gives back the IP packet exactly.
        byte[] again = SegmentCodec.encode(strict);
        assertArrayEquals(Arrays.copyOf(data, view.packetLength()), again);
        assertEquals(strict, SegmentCodec.decode(again));
        FieldView.render(strict);
    }

    /** Capture files: any bytes give frames or a {@link CaptureFormatException}, nothing else. */
    @FuzzTest(maxDuration = "12m")
    void readCapture(byte[] data) {
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(data))) {
            int n = 0;
            for (CapturedFrame f; (f = r.next()) != null; ) {
                assertEquals(++n, f.number());
                assertFalse(f.data().length > data.length);
                f.ipOffset();
                f.time();
            }
        } catch (CaptureFormatException expected) {
            assertNotNull(expected.getMessage());
        } catch (IOException e) {
            throw new AssertionError("not a CaptureFormatException: " + e, e);
        }
    }
}
