package dev.tcpstep.checksum.internal;

import dev.tcpstep.checksum.ChecksumKernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Long-wise ones'-complement sum.
 *
 * <p>RFC 1071 §2(B): the sum is byte-order independent — summing byte-swapped words
 * gives the byte-swapped sum. So eight bytes are read at a time in little-endian order
 * (the native order of the machines we run on) and the folded result is swapped back
 * once at the end.
 *
 * <p>Carries are deferred, not chased: each 64-bit load is split into its two 32-bit
 * halves, the low halves summed into one 64-bit accumulator and the high halves into
 * another. A half is below 2^32 and a range holds fewer than 2^28 longs, so neither
 * accumulator can overflow and no carry is ever lost; the end-around carries are all
 * added back by one {@link #fold} at the end (RFC 1071 §2, "Deferred Carries": "it may
 * be more efficient to defer adding end-around carries until the main summation loop is
 * finished").
 *
 * <p>The main loop is written so that HotSpot's C2 can vectorize it by itself (a counted
 * loop with a unit stride over longs, independent lanes, two add-reductions): on x86 with
 * AVX2/AVX-512 it runs at memory speed without the incubating Vector API. Changing its shape
 * (e.g. {@code i + 8 <= end} instead of a precomputed count) silently loses that; the
 * benchmark, not a test, is what notices.
 */
public final class ScalarKernel implements ChecksumKernel {
    public static final ScalarKernel INSTANCE = new ScalarKernel();

    private static final VarHandle LONGS_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BUFFER_LONGS_LE =
            MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private ScalarKernel() {
    }

    @Override
    public int sum(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return swap16(fold(sumLittleEndian(bytes, offset, length)));
    }

    @Override
    public int sum(ByteBuffer buffer) {
        int from = buffer.position();
        int length = buffer.remaining();
        if (buffer.hasArray()) {
            return sum(buffer.array(), buffer.arrayOffset() + from, length);
        }
        return swap16(fold(sumLittleEndian(buffer, from, length)));
    }

    @Override
    public String name() {
        return "scalar";
    }

    /**
     * Unfolded sum of the range read as little-endian 16-bit words. The caller folds and
     * swaps.
     */
    public static long sumLittleEndian(byte[] b, int off, int len) {
        long lo = 0;
        long hi = 0;
        int longs = len >>> 3;
        for (int j = 0; j < longs; j++) {
            long v = (long) LONGS_LE.get(b, off + (j << 3));
            lo += v & 0xFFFF_FFFFL;
            hi += v >>> 32;
        }
        long acc = lo + hi;
        for (int i = off + (longs << 3), end = off + len; i < end; i += 2) {
            // RFC 1071 §4.1: an odd byte is padded with a zero byte on its right; in the
            // little-endian view that makes it the low byte of the word.
            acc += (b[i] & 0xFF) | (i + 1 < end ? (b[i + 1] & 0xFF) << 8 : 0);
        }
        return acc;
    }

    private static long sumLittleEndian(ByteBuffer buf, int off, int len) {
        long lo = 0;
        long hi = 0;
        int longs = len >>> 3;
        for (int j = 0; j < longs; j++) {
            long v = (long) BUFFER_LONGS_LE.get(buf, off + (j << 3));
            lo += v & 0xFFFF_FFFFL;
            hi += v >>> 32;
        }
        long acc = lo + hi;
        for (int i = off + (longs << 3), end = off + len; i < end; i += 2) {
            acc += (buf.get(i) & 0xFF) | (i + 1 < end ? (buf.get(i + 1) & 0xFF) << 8 : 0);
        }
        return acc;
    }

    /** Adds the end-around carries back until the value fits in 16 bits. */
    public static int fold(long sum) {
        sum = (sum & 0xFFFF_FFFFL) + (sum >>> 32);
        sum = (sum & 0xFFFF_FFFFL) + (sum >>> 32);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        return (int) sum;
    }

    public static int swap16(int v) {
        return ((v & 0xFF) << 8) | ((v >>> 8) & 0xFF);
    }
}
