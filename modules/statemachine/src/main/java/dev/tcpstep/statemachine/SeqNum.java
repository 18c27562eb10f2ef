package dev.tcpstep.statemachine;

/**
 * Sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4). Sequence numbers are unsigned
 * 32-bit values held in {@code long}s (as in {@link dev.tcpstep.codec.Segment}); every
 * comparison is by wrapping subtraction, so {@code lt(0xFFFF_FFFF, 0)} is true. Static
 * methods on primitives: nothing allocates on the hot path.
 *
 * <p>Comparisons are meaningful only for numbers less than 2^31 apart, which TCP's
 * window limits (2^30 with window scaling) guarantee.
 */
public final class SeqNum {
    /** 2^32 - 1. */
    public static final long MASK = 0xFFFF_FFFFL;

    private SeqNum() {
    }

    // RFC 9293 §3.4: "Since the space is finite, all arithmetic dealing with sequence numbers must be performed
    // modulo 2^32."
    /**
     * {@code (a + n) mod 2^32}; {@code n} may be negative.
     *
     * @param a a sequence number
     * @param n the distance, may be negative
     * @return the sum modulo 2^32
     */
    public static long add(long a, long n) {
        return (a + n) & MASK;
    }

    /**
     * The signed distance {@code a - b} in sequence space (−2^31 .. 2^31−1).
     *
     * @param a a sequence number
     * @param b another
     * @return the signed distance from {@code b} to {@code a}
     */
    public static int diff(long a, long b) {
        return (int) (a - b);
    }

    /**
     * Whether {@code a} comes before {@code b} in sequence space (RFC 9293 §3.4, modulo 2^32).
     *
     * @param a a sequence number
     * @param b another
     * @return true when it does
     */
    public static boolean lt(long a, long b) {
        return (int) (a - b) < 0;
    }

    /**
     * Whether {@code a} comes before or equal to {@code b} in sequence space (RFC 9293 §3.4, modulo 2^32).
     *
     * @param a a sequence number
     * @param b another
     * @return true when it does
     */
    public static boolean leq(long a, long b) {
        return (int) (a - b) <= 0;
    }

    /**
     * Whether {@code a} comes after {@code b} in sequence space (RFC 9293 §3.4, modulo 2^32).
     *
     * @param a a sequence number
     * @param b another
     * @return true when it does
     */
    public static boolean gt(long a, long b) {
        return (int) (a - b) > 0;
    }

    /**
     * Whether {@code a} comes after or equal to {@code b} in sequence space (RFC 9293 §3.4, modulo 2^32).
     *
     * @param a a sequence number
     * @param b another
     * @return true when it does
     */
    public static boolean geq(long a, long b) {
        return (int) (a - b) >= 0;
    }

    /**
     * {@code left =< s < left + size} in sequence space; false when {@code size} is 0.
     *
     * @param s    the sequence number tested
     * @param left the window's left edge
     * @param size the window's size
     * @return true when {@code s} is inside
     */
    public static boolean inWindow(long s, long left, long size) {
        return ((s - left) & MASK) < size;
    }

    /**
     * {@code a =< x =< b} in sequence space (assumes {@code a =< b}).
     *
     * @param a the lower bound
     * @param x the sequence number tested
     * @param b the upper bound
     * @return true when {@code x} is between them, both included
     */
    public static boolean between(long a, long x, long b) {
        return ((x - a) & MASK) <= ((b - a) & MASK);
    }

    /**
     * The larger of two sequence numbers.
     *
     * @param a a sequence number
     * @param b another
     * @return the one that comes later in sequence space
     */
    public static long max(long a, long b) {
        return lt(a, b) ? b : a;
    }

    /**
     * Checks a value is a 32-bit sequence number.
     *
     * @param what the value's name, for the message
     * @param v    the value
     * @return {@code v}
     * @throws IllegalArgumentException if {@code v} is not 0..2^32−1
     */
    public static long require(String what, long v) {
        if (v < 0 || v > MASK) {
            throw new IllegalArgumentException(what + " " + v + " (expected: 0.." + MASK + ")");
        }
        return v;
    }
}
