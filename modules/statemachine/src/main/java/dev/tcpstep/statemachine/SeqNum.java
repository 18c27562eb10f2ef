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
    /** {@code (a + n) mod 2^32}; {@code n} may be negative. */
    public static long add(long a, long n) {
        return (a + n) & MASK;
    }

    /** The signed distance {@code a - b} in sequence space (−2^31 .. 2^31−1). */
    public static int diff(long a, long b) {
        return (int) (a - b);
    }

    public static boolean lt(long a, long b) {
        return (int) (a - b) < 0;
    }

    public static boolean leq(long a, long b) {
        return (int) (a - b) <= 0;
    }

    public static boolean gt(long a, long b) {
        return (int) (a - b) > 0;
    }

    public static boolean geq(long a, long b) {
        return (int) (a - b) >= 0;
    }

    /** {@code left =< s < left + size} in sequence space; false when {@code size} is 0. */
    public static boolean inWindow(long s, long left, long size) {
        return ((s - left) & MASK) < size;
    }

    /** {@code a =< x =< b} in sequence space (assumes {@code a =< b}). */
    public static boolean between(long a, long x, long b) {
        return ((x - a) & MASK) <= ((b - a) & MASK);
    }

    /** The larger of two sequence numbers. */
    public static long max(long a, long b) {
        return lt(a, b) ? b : a;
    }

    /** Checks a value is a 32-bit sequence number. */
    public static long require(String what, long v) {
        if (v < 0 || v > MASK) {
            throw new IllegalArgumentException(what + " " + v + " (expected: 0.." + MASK + ")");
        }
        return v;
    }
}
