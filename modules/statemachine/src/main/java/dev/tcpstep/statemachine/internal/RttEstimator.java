package dev.tcpstep.statemachine.internal;

/**
 * The retransmission timeout of RFC 6298: SRTT and RTTVAR from round-trip samples, the
 * RTO from them, bounded by the profile's minimum and maximum, and doubled on each
 * timeout. Times are nanoseconds. Which segment is timed (Karn's algorithm) is the
 * connection's business; this class only turns samples into an RTO.
 */
public final class RttEstimator {
    /** Clock granularity G of RFC 6298 (2.2): 1 ms. */
    static final long CLOCK_G = 1_000_000L;
    private static final long THREE_SECONDS = 3_000_000_000L;

    private final long rtoMin;
    private final long rtoMax;
    private long srtt = -1;
    private long rttvar = -1;
    private long rto;

    public RttEstimator(long rtoInitial, long rtoMin, long rtoMax) {
        // RFC 6298 (2.1): "Until a round-trip time (RTT) measurement has been made for a segment sent between the
        // sender and receiver, the sender SHOULD set RTO <- 1 second"
        this.rto = rtoInitial;
        this.rtoMin = rtoMin;
        this.rtoMax = rtoMax;
    }

    /** SRTT in ns, −1 before the first sample. */
    public long srtt() {
        return srtt;
    }

    /** RTTVAR in ns, −1 before the first sample. */
    public long rttvar() {
        return rttvar;
    }

    /** The current RTO in ns (backoff included). */
    public long rto() {
        return rto;
    }

    /** One round-trip measurement {@code r} (ns). */
    public void sample(long r) {
        if (srtt < 0) {
            // RFC 6298 (2.2): "When the first RTT measurement R is made, the host MUST set SRTT <- R, RTTVAR <- R/2"
            srtt = r;
            rttvar = r / 2;
        } else {
            // RFC 6298 (2.3): "RTTVAR <- (1 - beta) * RTTVAR + beta * |SRTT - R'|, SRTT <- (1 - alpha) * SRTT +
            // alpha * R'" with alpha = 1/8, beta = 1/4, RTTVAR updated first.
            rttvar = (3 * rttvar + Math.abs(srtt - r)) / 4;
            srtt = (7 * srtt + r) / 8;
        }
        rto = fromEstimate();
    }

    /**
     * An ACK of new data without a sample: with an estimate, the RTO is computed from it
     * again (this collapses a backoff, as the endpoint has always done).
     */
    public void recompute() {
        if (srtt >= 0) {
            rto = fromEstimate();
        }
    }

    private long fromEstimate() {
        // RFC 6298 (2.3): "RTO <- SRTT + max (G, K*RTTVAR)" with K = 4.
        // RFC 6298 (2.4): "Whenever RTO is computed, if it is less than 1 second, then the RTO SHOULD be rounded up
        // to 1 second." (the profile's rtoMin; (2.5) caps it at rtoMax.)
        long r = srtt + Math.max(CLOCK_G, 4 * rttvar);
        return Math.min(rtoMax, Math.max(rtoMin, r));
    }

    /** A retransmission timer expired. */
    public void backOff() {
        // RFC 6298 (5.5): "The host MUST set RTO <- RTO * 2 ("back off the timer")."
        rto = Math.min(rtoMax, rto * 2);
    }

    /** The handshake is complete after a retransmitted SYN. */
    public void afterSynRetransmitted() {
        if (rto < THREE_SECONDS) {
            // RFC 6298 (5.7): "If the timer expires awaiting the ACK of a SYN segment and the TCP implementation is
            // using an RTO less than 3 seconds, the RTO MUST be re-initialized to 3 seconds when data transmission
            // begins (i.e., after the three-way handshake completes)."
            rto = Math.min(rtoMax, THREE_SECONDS);
        }
    }

    /** The RTO doubled {@code backoff} times (the persist timer's interval), capped at the maximum. */
    public long withBackoff(int backoff) {
        return Math.min(rtoMax, rto << Math.min(backoff, 20));
    }
}
