package dev.tcpstep.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Immutable bytes: a segment's data. Slices share the backing array and never copy,
 * so a sender can cut a send buffer into segments and a receiver can trim duplicates
 * for free. Equality is by content.
 */
public final class Payload {
    /** No bytes. */
    public static final Payload EMPTY = new Payload(new byte[0], 0, 0);

    private final byte[] bytes;
    private final int offset;
    private final int length;

    private Payload(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
    }

    /**
     * A payload holding a copy of the given bytes.
     *
     * @param bytes the bytes (copied)
     * @return the payload
     */
    public static Payload copyOf(byte[] bytes) {
        return copyOf(bytes, 0, bytes.length);
    }

    /**
     * A payload holding a copy of a range of an array.
     *
     * @param bytes  the array
     * @param offset index of the first byte
     * @param length how many bytes
     * @return the payload
     * @throws IndexOutOfBoundsException if the range is not inside {@code bytes}
     */
    public static Payload copyOf(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return length == 0 ? EMPTY : new Payload(Arrays.copyOfRange(bytes, offset, offset + length), 0, length);
    }

    /**
     * A payload holding a copy of the buffer's remaining bytes; the buffer is unchanged.
     *
     * @param buffer the bytes from its position to its limit
     * @return the payload
     */
    public static Payload copyOf(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.get(buffer.position(), b);
        return b.length == 0 ? EMPTY : new Payload(b, 0, b.length);
    }

    /**
     * The UTF-8 bytes of a string.
     *
     * @param text the text
     * @return its UTF-8 encoding as a payload
     */
    public static Payload ofUtf8(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return b.length == 0 ? EMPTY : new Payload(b, 0, b.length);
    }

    /**
     * Takes ownership of {@code bytes} without copying: the caller must never change the
     * array afterwards. For hot paths that have just built the array.
     *
     * @param bytes the array, from now on owned by the payload
     * @return the payload
     */
    public static Payload wrapOwned(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Payload(bytes, 0, bytes.length);
    }

    /**
     * Takes ownership of {@code length} bytes of {@code bytes} from {@code offset} without
     * copying: the caller must never change those bytes afterwards. The payload keeps the
     * whole array reachable; its bytes are exposed only as copies and read-only views.
     *
     * @param bytes  the array, from now on owned by the payload
     * @param offset index of the payload's first byte in {@code bytes}
     * @param length the number of bytes
     * @return the payload ({@link #EMPTY} when {@code length} is 0)
     * @throws IndexOutOfBoundsException if {@code offset} and {@code length} do not lie
     *         within {@code bytes}
     */
    public static Payload wrapOwned(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return length == 0 ? EMPTY : new Payload(bytes, offset, length);
    }

    /** {@return the number of bytes} */
    public int length() {
        return length;
    }

    /** {@return true when there are no bytes} */
    public boolean isEmpty() {
        return length == 0;
    }

    /**
     * The byte at {@code index} as 0..255.
     *
     * @param index the byte's index, 0..length−1
     * @return the byte, unsigned
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public int get(int index) {
        Objects.checkIndex(index, length);
        return bytes[offset + index] & 0xFF;
    }

    /**
     * Bytes {@code from} (inclusive) to {@code to} (exclusive), sharing this payload's storage.
     *
     * @param from index of the first byte
     * @param to   index just after the last byte
     * @return the slice
     * @throws IndexOutOfBoundsException if the range is not inside this payload
     */
    public Payload slice(int from, int to) {
        Objects.checkFromToIndex(from, to, length);
        if (from == 0 && to == length) {
            return this;
        }
        return from == to ? EMPTY : new Payload(bytes, offset + from, to - from);
    }

    /**
     * This payload followed by {@code other} (one copy).
     *
     * @param other the bytes to append
     * @return a payload holding both
     */
    public Payload concat(Payload other) {
        if (other.length == 0) {
            return this;
        }
        if (length == 0) {
            return other;
        }
        byte[] b = new byte[length + other.length];
        copyTo(b, 0);
        other.copyTo(b, length);
        return new Payload(b, 0, b.length);
    }

    /**
     * Copies the bytes into an array.
     *
     * @param dst       the array, with room for {@link #length()} bytes from {@code dstOffset}
     * @param dstOffset where the first byte goes
     */
    public void copyTo(byte[] dst, int dstOffset) {
        System.arraycopy(bytes, offset, dst, dstOffset, length);
    }

    /**
     * Copies the bytes into a buffer at its position, which advances.
     *
     * @param dst the buffer, with room for {@link #length()} bytes
     */
    public void copyTo(ByteBuffer dst) {
        dst.put(bytes, offset, length);
    }

    /** {@return a new array holding the bytes} */
    public byte[] toArray() {
        return Arrays.copyOfRange(bytes, offset, offset + length);
    }

    /** {@return a read-only buffer over the bytes; no copy} */
    public ByteBuffer asReadOnlyBuffer() {
        return ByteBuffer.wrap(bytes, offset, length).slice().asReadOnlyBuffer();
    }

    /** {@return the bytes decoded as UTF-8 (malformed sequences replaced)} */
    public String utf8() {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Payload p
                && Arrays.equals(bytes, offset, offset + length, p.bytes, p.offset, p.offset + p.length);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + bytes[i];
        }
        return h;
    }

    @Override
    public String toString() {
        return "Payload[" + length + " bytes]";
    }
}
