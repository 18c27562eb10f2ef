package dev.tcpstep.repl.kernel;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Jupyter message decoder's contract under arbitrary frames: a {@link Wire.Message} or
 * {@link Wire.Rejected} with a reason, nothing else, within {@link #LIMIT_NANOS}. A message
 * is accepted only with the right signature; an accepted one re-encodes to frames that decode
 * to the same message.
 *
 * <p>Input layout (so that seeds are readable files): byte 0 is the mode, the rest is the
 * frames, split at each NUL byte. Mode bit 0: replace the frame after {@code <IDS|MSG>} with
 * the right signature, so the JSON frames get parsed; bit 1: the connection has no key
 * (messages are not signed).
 *
 * <p>{@code mvn test} runs the inputs under
 * {@code src/test/resources/dev/tcpstep/repl/kernel/WireFuzzTestInputs}; {@code bin/fuzz wire MINUTES} fuzzes.
 */
class WireFuzzTest {
    static final long LIMIT_NANOS = 10_000_000_000L;
    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private static final Wire SIGNED = new Wire("0123456789abcdef-fuzz");
    private static final Wire UNSIGNED = new Wire("");

    @FuzzTest(maxDuration = "5m")
    void decode(byte[] data) {
        if (data.length == 0) {
            return;
        }
        int mode = data[0];
        Wire wire = (mode & 2) != 0 ? UNSIGNED : SIGNED;
        List<byte[]> frames = frames(data);
        int d = delimiter(frames);
        boolean signedRight = false;
        if ((mode & 1) != 0 && d >= 0 && frames.size() >= d + 6) {
            String sig = wire.sign(frames.get(d + 2), frames.get(d + 3), frames.get(d + 4), frames.get(d + 5));
            frames.set(d + 1, sig.getBytes(StandardCharsets.US_ASCII));
            signedRight = true;
        }
        long start = System.nanoTime();
        Wire.Message m;
        try {
            m = wire.decode(frames);
        } catch (Wire.Rejected e) {
            assertNotNull(e.getMessage());
            assertFalse(e.getMessage().isBlank());
            return;
        } finally {
            long took = System.nanoTime() - start;
            assertTrue(took < LIMIT_NANOS, () -> "decoding " + data.length + " bytes took " + took / 1_000_000 + " ms");
        }
        // Accepted: the signature was right (or there is no key), and every part is an object.
        assertTrue(d >= 0);
        assertTrue(signedRight || Arrays.equals(frames.get(d + 1),
                wire.sign(frames.get(d + 2), frames.get(d + 3), frames.get(d + 4), frames.get(d + 5))
                        .getBytes(StandardCharsets.US_ASCII)), "accepted a message with a wrong signature");
        assertEquals(d, m.identities().size());
        m.type();
        Wire.Message again;
        try {
            again = wire.decode(wire.encode(m, null));
        } catch (Wire.Rejected e) {
            throw new AssertionError("a decoded message does not decode once encoded: " + e.getMessage(), e);
        }
        assertEquals(m.header(), again.header());
        assertEquals(m.parent(), again.parent());
        assertEquals(m.metadata(), again.metadata());
        assertEquals(m.content(), again.content());
    }

    private static List<byte[]> frames(byte[] data) {
        List<byte[]> out = new ArrayList<>();
        int from = 1;
        for (int i = 1; i <= data.length; i++) {
            if (i == data.length || data[i] == 0) {
                out.add(Arrays.copyOfRange(data, from, i));
                from = i + 1;
            }
        }
        return out;
    }

    private static int delimiter(List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                return i;
            }
        }
        return -1;
    }
}
