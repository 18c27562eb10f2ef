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
 * (the native order of the machines we run on), each 64-bit word is split into two
 * 32-bit halves added into a 64-bit accumulator (no carry is ever lost: 2^31 halves fit),
 * and the folded result is swapped back once at the end.
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
     * swaps. Exposed for the vector kernel's tail.
     */
    public static long sumLittleEndian(byte[] b, int off, int len) {
        long a0 = 0, a1 = 0;
        int i = off;
        int end = off + len;
        // Two independent accumulators let the CPU overlap the adds.
        for (; i + 16 <= end; i += 16) {
            long v0 = (long) LONGS_LE.get(b, i);
            long v1 = (long) LONGS_LE.get(b, i + 8);
            a0 += (v0 >>> 32) + (v0 & 0xFFFF_FFFFL);
            a1 += (v1 >>> 32) + (v1 & 0xFFFF_FFFFL);
        }
        long acc = a0 + a1;
        for (; i + 2 <= end; i += 2) {
            acc += (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
        }
        if (i < end) {
            // RFC 1071 §4.1: an odd byte is padded with a zero byte on its right; in the
            // little-endian view that makes it the low byte of the word.
            acc += b[i] & 0xFF;
        }
        return acc;
    }

    private static long sumLittleEndian(ByteBuffer buf, int off, int len) {
        long a0 = 0, a1 = 0;
        int i = off;
        int end = off + len;
        for (; i + 16 <= end; i += 16) {
            long v0 = (long) BUFFER_LONGS_LE.get(buf, i);
            long v1 = (long) BUFFER_LONGS_LE.get(buf, i + 8);
            a0 += (v0 >>> 32) + (v0 & 0xFFFF_FFFFL);
            a1 += (v1 >>> 32) + (v1 & 0xFFFF_FFFFL);
        }
        long acc = a0 + a1;
        for (; i + 2 <= end; i += 2) {
            acc += (buf.get(i) & 0xFF) | (buf.get(i + 1) & 0xFF) << 8;
        }
        if (i < end) {
            acc += buf.get(i) & 0xFF;
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
