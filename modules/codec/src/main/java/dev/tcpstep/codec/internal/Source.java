package dev.tcpstep.codec.internal;

import dev.tcpstep.checksum.InternetChecksum;

import java.nio.ByteBuffer;

/**
 * Bytes to parse, from a {@code byte[]} range or a {@link ByteBuffer}'s remaining bytes.
 * Mutable and reusable, so a view can be re-pointed without allocating. Indexes are
 * relative to the first byte; callers check lengths before reading.
 */
public final class Source {
    private byte[] array;
    private ByteBuffer buffer;
    private int base;
    private int length;

    public Source set(byte[] a, int offset, int len) {
        java.util.Objects.checkFromIndexSize(offset, len, a.length);
        this.array = a;
        this.buffer = null;
        this.base = offset;
        this.length = len;
        return this;
    }

    /** The buffer's remaining bytes; its position, limit and byte order are not used or changed. */
    public Source set(ByteBuffer b) {
        if (b.hasArray()) {
            return set(b.array(), b.arrayOffset() + b.position(), b.remaining());
        }
        this.array = null;
        this.buffer = b;
        this.base = b.position();
        this.length = b.remaining();
        return this;
    }

    public int length() {
        return length;
    }

    /** The backing array when there is one (then {@link #base()} is the first byte), else null. */
    public byte[] array() {
        return array;
    }

    public int base() {
        return base;
    }

    public int u8(int i) {
        return array != null ? array[base + i] & 0xFF : buffer.get(base + i) & 0xFF;
    }

    public int u16(int i) {
        return array != null ? Wire.u16(array, base + i) : (u8(i) << 8) | u8(i + 1);
    }

    public long u32(int i) {
        return array != null ? Wire.u32(array, base + i) : ((long) u16(i) << 16) | u16(i + 2);
    }

    /** The folded internet-checksum sum of {@code len} bytes from {@code i}. */
    public int sum(int i, int len) {
        if (len <= 64 && (len & 1) == 0) {
            // Headers and addresses: a plain word loop beats a call into the bulk kernel.
            int s = 0;
            for (int k = 0; k < len; k += 2) {
                s += u16(i + k);
            }
            s = (s & 0xFFFF) + (s >>> 16);
            return (s & 0xFFFF) + (s >>> 16);
        }
        if (array != null) {
            return InternetChecksum.sum(array, base + i, len);
        }
        return InternetChecksum.sum(buffer.slice(base + i, len));
    }

    public void copy(int i, byte[] dst, int dstOffset, int len) {
        if (array != null) {
            System.arraycopy(array, base + i, dst, dstOffset, len);
        } else {
            buffer.get(base + i, dst, dstOffset, len);
        }
    }

    public byte[] copy(int i, int len) {
        if (array != null) {
            return java.util.Arrays.copyOfRange(array, base + i, base + i + len);
        }
        byte[] b = new byte[len];
        copy(i, b, 0, len);
        return b;
    }
}
