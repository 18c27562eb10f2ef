package dev.tcpstep.statemachine.internal;

import dev.tcpstep.statemachine.CongestionAlgorithm;

/**
 * The sender's congestion window (RFC 5681, RFC 6582, RFC 9438, RFC 3168 §6.1.2), told
 * what the connection saw and answering what it may send. Sequence numbers are 32-bit
 * and compared by wrapping subtraction; sizes are bytes; {@code now} is nanoseconds.
 * The connection keeps the retransmission queue and sends; this class decides how much.
 */
public interface CongestionControl {

    /** What a duplicate ACK asks of the connection. */
    enum DupAckAction {
        /** Nothing but what the (possibly inflated) window now allows. */
        NONE,
        /** RFC 5681 §3.2 step 3: retransmit the segment at SND.UNA now. */
        FAST_RETRANSMIT
    }

    static CongestionControl of(CongestionAlgorithm a) {
        return switch (a) {
            case RENO -> new Reno();
            case NEW_RENO -> new NewReno();
            case CUBIC -> new Cubic();
        };
    }

    /** Reno, NewReno or CUBIC. */
    String algorithm();

    /** "slow start", "congestion avoidance", "fast recovery", "SACK recovery" or "loss recovery after RTO". */
    String phase();

    long cwnd();

    long ssthresh();

    /** True between fast retransmit and the end of that recovery episode. */
    boolean inRecovery();

    /** Duplicate ACKs counted since the last ACK of new data (RFC 5681 §2). */
    int duplicateAcks();

    /**
     * How far past SND.UNA the sender may have data in flight: cwnd, plus RFC 3042's
     * allowance of one segment per duplicate ACK for the first two.
     */
    long sendWindow();

    /** Sets SMSS and the initial window; {@code iss} starts "recover" (RFC 6582 §3.2). */
    void start(int smss, long initialWindow, long iss);

    /** RFC 6675 recovery (SACK negotiated): no window inflation, the connection sends by pipe. */
    void useSack(boolean sack);

    /**
     * An ACK advanced SND.UNA to {@code ack} by {@code acked} bytes, leaving
     * {@code flightAfter} bytes outstanding.
     *
     * @param srtt the smoothed RTT in ns (−1: none yet), for CUBIC
     * @return true when the segment now at SND.UNA is to be retransmitted at once (a
     *         NewReno partial ACK, RFC 6582 §3.2 step 5)
     */
    boolean onNewAck(long ack, long acked, long flightAfter, long now, long srtt);

    /** A duplicate ACK by RFC 5681 §2's definition. */
    DupAckAction onDuplicateAck(long sndUna, long sndNxt, long flight, long now);

    /** The retransmission timer expired with {@code flight} bytes outstanding. */
    void onTimeout(long flight, long sndNxt, long now);

    /**
     * An ACK carried ECE (RFC 3168 §6.1.2).
     *
     * @return true when the window was reduced now (the next new data carries CWR)
     */
    boolean onEcnEcho(long sndUna, long sndNxt, long flight, long now);
}
