package dev.tcpstep.link;

/**
 * The impairments of one direction of the virtual wire. All probabilities are 0..1 and
 * are drawn from the link's seeded random source, so a profile plus a seed always does
 * the same thing.
 *
 * @param delayNanos one-way propagation delay
 * @param jitterNanos extra delay drawn uniformly from {@code [0, jitter]} per packet
 * @param bitsPerSecond serialization rate; 0 means infinitely fast
 * @param mtu largest IP packet the wire carries; larger ones are dropped (and traced)
 * @param loss probability a packet is lost
 * @param duplicate probability a packet is delivered twice
 * @param reorder probability a packet is held back by an extra {@code reorderNanos}, so
 *                later packets overtake it
 * @param reorderNanos how long a reordered packet is held back
 * @param corrupt probability one random bit of a packet is flipped
 * @param ecnMarking when a packet the {@code loss} draw picks is ECN-capable (its IP header's
 *                   ECN field is ECT(0), ECT(1) or already CE), the wire marks it CE and
 *                   delivers it instead of dropping it, as an RFC 3168 router with active
 *                   queue management does; Not-ECT packets are still dropped
 */
public record LinkProfile(long delayNanos, long jitterNanos, long bitsPerSecond, int mtu, double loss,
                          double duplicate, double reorder, long reorderNanos, double corrupt, boolean ecnMarking) {

    /** 10 ms one way, no loss, MTU 1500: a calm wire to watch a handshake on. */
    public static final LinkProfile DEFAULT = new LinkProfile(10_000_000L, 0, 0, 1500, 0, 0, 0, 5_000_000L, 0);

    /**
     * Checks every value.
     *
     * @throws IllegalArgumentException if a duration or the rate is negative, the MTU is not 68..65535 or a probability is not 0..1
     */
    public LinkProfile {
        nonNegative("delay", delayNanos);
        nonNegative("jitter", jitterNanos);
        nonNegative("bandwidth", bitsPerSecond);
        nonNegative("reorder delay", reorderNanos);
        if (mtu < 68 || mtu > 65535) {
            throw new IllegalArgumentException("mtu " + mtu + " (expected: 68..65535)");
        }
        probability("loss", loss);
        probability("dup", duplicate);
        probability("reorder", reorder);
        probability("corrupt", corrupt);
    }

    /**
     * A profile without ECN marking (every packet the loss draw picks is dropped).
     *
     * @param delayNanos    one-way propagation delay
     * @param jitterNanos   extra delay drawn uniformly from {@code [0, jitter]} per packet
     * @param bitsPerSecond serialization rate; 0 means infinitely fast
     * @param mtu           largest IP packet the wire carries; larger ones are dropped (and traced)
     * @param loss          probability a packet is lost
     * @param duplicate     probability a packet is delivered twice
     * @param reorder       probability a packet is held back by an extra {@code reorderNanos}
     * @param reorderNanos  how long a reordered packet is held back
     * @param corrupt       probability one random bit of a packet is flipped
     * @throws IllegalArgumentException if a duration or the rate is negative, the MTU is not 68..65535 or a probability is not 0..1
     */
    public LinkProfile(long delayNanos, long jitterNanos, long bitsPerSecond, int mtu, double loss,
                       double duplicate, double reorder, long reorderNanos, double corrupt) {
        this(delayNanos, jitterNanos, bitsPerSecond, mtu, loss, duplicate, reorder, reorderNanos, corrupt, false);
    }

    /**
     * This profile with another delay.
     *
     * @param v the one-way delay in nanoseconds
     * @return the new profile
     * @throws IllegalArgumentException if the value is out of range
     */
    public LinkProfile withDelayNanos(long v) {
        return new LinkProfile(v, jitterNanos, bitsPerSecond, mtu, loss, duplicate, reorder, reorderNanos, corrupt,
                ecnMarking);
    }

    /**
     * This profile with another jitter.
     *
     * @param v the jitter in nanoseconds
     * @return the new profile
     * @throws IllegalArgumentException if the value is out of range
     */
    public LinkProfile withJitterNanos(long v) {
        return new LinkProfile(delayNanos, v, bitsPerSecond, mtu, loss, duplicate, reorder, reorderNanos, corrupt,
                ecnMarking);
    }

    /**
     * This profile with another rate.
     *
     * @param v the rate in bits per second (0: unlimited)
     * @return the new profile
     * @throws IllegalArgumentException if the value is out of range
     */
    public LinkProfile withBitsPerSecond(long v) {
        return new LinkProfile(delayNanos, jitterNanos, v, mtu, loss, duplicate, reorder, reorderNanos, corrupt,
                ecnMarking);
    }

    /**
     * This profile with another MTU.
     *
     * @param v the MTU in bytes, 68..65535
     * @return the new profile
     * @throws IllegalArgumentException if the value is out of range
     */
    public LinkProfile withMtu(int v) {
        return new LinkProfile(delayNanos, jitterNanos, bitsPerSecond, v, loss, duplicate, reorder, reorderNanos, corrupt,
                ecnMarking);
    }

    /**
     * This profile with another loss probability.
     *
     * @param v the probability, 0..1
     * @return the new profile
     * @throws IllegalArgumentException if the value is out of range
     */
    public LinkProfile withLoss(double v) {
        return new LinkProfile(delayNanos, jitterNanos, bitsPerSecond, mtu, v, duplicate, reorder, reorderNanos, corrupt,
                ecnMarking);
    }

    /**
     * This profile with another duplication probability.
     *
     * @param v the probability, 0..1
     * @return the new profile
     * @throws IllegalArgumentException if the value is out of range
     */
    public LinkProfile withDuplicate(double v) {
        return new LinkProfile(delayNanos, jitterNanos, bitsPerSecond, mtu, loss, v, reorder, reorderNanos, corrupt,
                ecnMarking);
    }

    /**
     * This profile with another reordering probability.
     *
     * @param v the probability, 0..1
     * @return the new profile
     * @throws IllegalArgumentException if the value is out of range
     */
    public LinkProfile withReorder(double v) {
        return new LinkProfile(delayNanos, jitterNanos, bitsPerSecond, mtu, loss, duplicate, v, reorderNanos, corrupt,
                ecnMarking);
    }

    /**
     * This profile with another corruption probability.
     *
     * @param v the probability, 0..1
     * @return the new profile
     * @throws IllegalArgumentException if the value is out of range
     */
    public LinkProfile withCorrupt(double v) {
        return new LinkProfile(delayNanos, jitterNanos, bitsPerSecond, mtu, loss, duplicate, reorder, reorderNanos, v,
                ecnMarking);
    }

    /**
     * The same wire marking CE instead of dropping ECN-capable packets (RFC 3168 §5) when {@code on}.
     *
     * @param on true to mark ECN-capable packets CE, false to drop them like the others
     * @return the new profile
     */
    public LinkProfile withEcnMarking(boolean on) {
        return new LinkProfile(delayNanos, jitterNanos, bitsPerSecond, mtu, loss, duplicate, reorder, reorderNanos, corrupt,
                on);
    }

    /**
     * Serialization time of {@code bytes} at this rate (0 when the rate is unlimited).
     *
     * @param bytes the packet length
     * @return the time to put it on the wire, in nanoseconds
     */
    public long serializationNanos(int bytes) {
        return bitsPerSecond == 0 ? 0 : bytes * 8L * 1_000_000_000L / bitsPerSecond;
    }

    private static void nonNegative(String what, long v) {
        if (v < 0) {
            throw new IllegalArgumentException(what + " " + v + " (expected: >= 0)");
        }
    }

    private static void probability(String what, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(what + " " + p + " (expected: 0..1, e.g. 0.1 for 10%)");
        }
    }
}
