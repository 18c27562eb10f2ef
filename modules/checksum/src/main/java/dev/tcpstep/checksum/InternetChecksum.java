package dev.tcpstep.checksum;

import dev.tcpstep.checksum.internal.ScalarKernel;

import java.nio.ByteBuffer;

/**
 * The internet checksum of RFC 1071 as TCP uses it (RFC 9293 §3.1).
 *
 * <p>Vocabulary used throughout: a <em>sum</em> is the 16-bit ones'-complement sum of
 * 16-bit words, with end-around carries folded in ({@code 0x0000..0xFFFF}); the
 * <em>checksum</em> is the ones' complement of a sum. All values are {@code int}s holding
 * 16 bits.
 *
 * <pre>{@code
 * int pseudo = PseudoHeader.ipv4(src, dst, segment.length);
 * int csum = InternetChecksum.checksum(pseudo, segment, 0, segment.length); // checksum field zeroed
 * boolean ok = InternetChecksum.verify(pseudo, segment, 0, segment.length); // field filled in
 * }</pre>
 */
public final class InternetChecksum {
    private InternetChecksum() {
    }

    /**
     * The folded sum of {@code length} bytes from {@code offset}; odd lengths are zero-padded.
     *
     * @param bytes  the data
     * @param offset index of the first byte summed
     * @param length how many bytes to sum
     * @return the folded sum, {@code 0x0000..0xFFFF}
     */
    public static int sum(byte[] bytes, int offset, int length) {
        return ChecksumKernel.best().sum(bytes, offset, length);
    }

    /**
     * The folded sum of a whole array.
     *
     * @param bytes the data
     * @return the folded sum, {@code 0x0000..0xFFFF}
     */
    public static int sum(byte[] bytes) {
        return sum(bytes, 0, bytes.length);
    }

    /**
     * The folded sum of the buffer's remaining bytes (heap or direct). Position, limit and
     * byte order are unchanged. A {@code MemorySegment} user passes {@code asByteBuffer()}.
     *
     * @param buffer the data from its position to its limit
     * @return the folded sum, {@code 0x0000..0xFFFF}
     */
    public static int sum(ByteBuffer buffer) {
        return ChecksumKernel.best().sum(buffer);
    }

    /**
     * Ones'-complement addition of two folded sums (RFC 1071 §2(A): associative, commutative).
     *
     * @param sumA a folded sum (only its low 16 bits are used)
     * @param sumB another folded sum (only its low 16 bits are used)
     * @return their folded sum, {@code 0x0000..0xFFFF}
     */
    public static int add(int sumA, int sumB) {
        int s = (sumA & 0xFFFF) + (sumB & 0xFFFF);
        return (s & 0xFFFF) + (s >>> 16);
    }

    /**
     * Combines the sum of a first part with the sum of a second part that starts
     * {@code offsetOfB} bytes into the whole. RFC 1071 §2(B): a part that starts at an odd
     * offset was summed with its bytes in the other halves of each word, so its sum is
     * byte-swapped before it is added.
     *
     * @param sumA      the folded sum of the first part
     * @param sumB      the folded sum of the second part, summed on its own from its first byte
     * @param offsetOfB where the second part starts in the whole, in bytes
     * @return the folded sum of the whole
     * @throws IllegalArgumentException if {@code offsetOfB} is negative
     */
    public static int combine(int sumA, int sumB, long offsetOfB) {
        if (offsetOfB < 0) {
            throw new IllegalArgumentException("offsetOfB " + offsetOfB + " (expected: >= 0)");
        }
        return add(sumA, (offsetOfB & 1) == 0 ? sumB : ScalarKernel.swap16(sumB & 0xFFFF));
    }

    /**
     * The checksum (complement of the sum) of a byte range.
     *
     * @param bytes  the data
     * @param offset index of the first byte covered
     * @param length how many bytes are covered
     * @return the checksum, {@code 0x0000..0xFFFF}
     */
    public static int checksum(byte[] bytes, int offset, int length) {
        return ~sum(bytes, offset, length) & 0xFFFF;
    }

    /**
     * The checksum of a segment whose checksum field holds zero, with the pseudo-header's
     * sum (from {@link PseudoHeader}) folded in.
     *
     * @param pseudoHeaderSum the pseudo-header's folded sum
     * @param segment         the bytes holding the TCP header and data
     * @param offset          index of the segment's first byte
     * @param length          the segment's length in bytes
     * @return the value for the checksum field
     */
    public static int checksum(int pseudoHeaderSum, byte[] segment, int offset, int length) {
        return ~add(pseudoHeaderSum, sum(segment, offset, length)) & 0xFFFF;
    }

    /**
     * The checksum of a segment held in a buffer's remaining bytes, as
     * {@link #checksum(int, byte[], int, int)} computes it.
     *
     * @param pseudoHeaderSum the pseudo-header's folded sum
     * @param segment         the segment from the buffer's position to its limit (left unchanged)
     * @return the value for the checksum field
     */
    public static int checksum(int pseudoHeaderSum, ByteBuffer segment) {
        return ~add(pseudoHeaderSum, sum(segment)) & 0xFFFF;
    }

    /**
     * True when the pseudo-header plus the whole segment, its checksum field included,
     * sums to {@code 0xFFFF} — the receiver's test (RFC 1071 §1(3)).
     *
     * @param pseudoHeaderSum the pseudo-header's folded sum
     * @param segment         the bytes holding the received segment
     * @param offset          index of the segment's first byte
     * @param length          the segment's length in bytes
     * @return true when the checksum is right
     */
    public static boolean verify(int pseudoHeaderSum, byte[] segment, int offset, int length) {
        return add(pseudoHeaderSum, sum(segment, offset, length)) == 0xFFFF;
    }

    /**
     * The receiver's test of {@link #verify(int, byte[], int, int)} over a buffer's
     * remaining bytes.
     *
     * @param pseudoHeaderSum the pseudo-header's folded sum
     * @param segment         the received segment from the buffer's position to its limit
     * @return true when the checksum is right
     */
    public static boolean verify(int pseudoHeaderSum, ByteBuffer segment) {
        return add(pseudoHeaderSum, sum(segment)) == 0xFFFF;
    }

    /**
     * RFC 1624 eqn. 3: the new checksum after one 16-bit word of the covered data changes
     * from {@code oldWord} to {@code newWord}: {@code HC' = ~(~HC + ~m + m')}.
     *
     * <p>Unlike eqn. 2 ({@code HC - ~m - m'}), it never answers {@code 0xFFFF} (negative
     * zero) where a full recompute gives {@code 0x0000}: a full recompute gives
     * {@code 0xFFFF} only when every covered byte is zero, and so does eqn. 3 — with one
     * case no incremental formula can see: if the update makes <em>all</em> covered data
     * zero, eqn. 3 answers {@code 0x0000} and a recompute {@code 0xFFFF}. TCP never meets
     * it, because the pseudo-header always holds protocol 6 (RFC 1624 §3).
     *
     * @param oldChecksum the checksum field before the change
     * @param oldWord     the 16-bit word before the change
     * @param newWord     the same word after it
     * @return the checksum field after the change
     */
    public static int update(int oldChecksum, int oldWord, int newWord) {
        int sum = add(add(~oldChecksum & 0xFFFF, ~oldWord & 0xFFFF), newWord & 0xFFFF);
        return ~sum & 0xFFFF;
    }
}
