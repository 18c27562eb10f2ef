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

    /** The folded sum of {@code length} bytes from {@code offset}; odd lengths are zero-padded. */
    public static int sum(byte[] bytes, int offset, int length) {
        return ChecksumKernel.best().sum(bytes, offset, length);
    }

    /** The folded sum of a whole array. */
    public static int sum(byte[] bytes) {
        return sum(bytes, 0, bytes.length);
    }

    /**
     * The folded sum of the buffer's remaining bytes (heap or direct). Position, limit and
     * byte order are unchanged. A {@code MemorySegment} user passes {@code asByteBuffer()}.
     */
    public static int sum(ByteBuffer buffer) {
        return ChecksumKernel.best().sum(buffer);
    }

    /** Ones'-complement addition of two folded sums (RFC 1071 §2(A): associative, commutative). */
    public static int add(int sumA, int sumB) {
        int s = (sumA & 0xFFFF) + (sumB & 0xFFFF);
        return (s & 0xFFFF) + (s >>> 16);
    }

    /**
     * Combines the sum of a first part with the sum of a second part that starts
     * {@code offsetOfB} bytes into the whole. RFC 1071 §2(B): a part that starts at an odd
     * offset was summed with its bytes in the other halves of each word, so its sum is
     * byte-swapped before it is added.
     */
    public static int combine(int sumA, int sumB, long offsetOfB) {
        if (offsetOfB < 0) {
            throw new IllegalArgumentException("offsetOfB " + offsetOfB + " (expected: >= 0)");
        }
        return add(sumA, (offsetOfB & 1) == 0 ? sumB : ScalarKernel.swap16(sumB & 0xFFFF));
    }

    /** The checksum (complement of the sum) of a byte range. */
    public static int checksum(byte[] bytes, int offset, int length) {
        return ~sum(bytes, offset, length) & 0xFFFF;
    }

    /**
     * The checksum of a segment whose checksum field holds zero, with the pseudo-header's
     * sum (from {@link PseudoHeader}) folded in.
     */
    public static int checksum(int pseudoHeaderSum, byte[] segment, int offset, int length) {
        return ~add(pseudoHeaderSum, sum(segment, offset, length)) & 0xFFFF;
    }

    /** The same over a buffer's remaining bytes. */
    public static int checksum(int pseudoHeaderSum, ByteBuffer segment) {
        return ~add(pseudoHeaderSum, sum(segment)) & 0xFFFF;
    }

    /**
     * True when the pseudo-header plus the whole segment, its checksum field included,
     * sums to {@code 0xFFFF} — the receiver's test (RFC 1071 §1(3)).
     */
    public static boolean verify(int pseudoHeaderSum, byte[] segment, int offset, int length) {
        return add(pseudoHeaderSum, sum(segment, offset, length)) == 0xFFFF;
    }

    /** The same over a buffer's remaining bytes. */
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
     */
    public static int update(int oldChecksum, int oldWord, int newWord) {
        int sum = add(add(~oldChecksum & 0xFFFF, ~oldWord & 0xFFFF), newWord & 0xFFFF);
        return ~sum & 0xFFFF;
    }
}
