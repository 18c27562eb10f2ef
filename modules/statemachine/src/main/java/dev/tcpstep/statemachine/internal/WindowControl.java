package dev.tcpstep.statemachine.internal;

import static dev.tcpstep.statemachine.SeqNum.geq;
import static dev.tcpstep.statemachine.SeqNum.lt;

/**
 * What Reno, NewReno and CUBIC share: slow start and the timeout rule of RFC 5681,
 * fast retransmit and fast recovery (§3.2), limited transmit (RFC 3042), the SACK
 * variant of recovery (RFC 6675 §5) and the ECN reaction (RFC 3168 §6.1.2). Subclasses
 * say how far the window falls and how it grows in congestion avoidance.
 */
abstract class WindowControl implements CongestionControl {
    /** RFC 5681 §3.2 and RFC 6675: DupThresh. */
    static final int DUP_THRESH = 3;

    int smss = 536;
    long cwnd;
    long ssthresh = Integer.MAX_VALUE;
    private int dupAcks;
    private boolean inRecovery;
    private boolean sack;
    /** RFC 6582 "recover" (as the first number not yet sent at the time): no new episode until it is acknowledged. */
    private long recover;
    /** After a timeout, until everything sent before it is acknowledged. */
    private boolean afterTimeout;
    /** RFC 3168 §6.1.2: no second reaction to ECE within the same window of data. */
    private long ecnRecover;

    /** The new ssthresh after a loss or a CE mark with {@code flight} outstanding. */
    abstract long reduced(long flight, long now);

    /** Congestion avoidance: the window's growth for {@code acked} new bytes. */
    abstract void avoid(long acked, long now, long srtt);

    /** A timeout starts a new growth epoch (CUBIC); nothing for Reno. */
    void timedOut(long now) {
    }

    @Override
    public long cwnd() {
        return cwnd;
    }

    @Override
    public long ssthresh() {
        return ssthresh;
    }

    @Override
    public boolean inRecovery() {
        return inRecovery;
    }

    @Override
    public int duplicateAcks() {
        return dupAcks;
    }

    @Override
    public String phase() {
        if (inRecovery) {
            return sack ? "SACK recovery" : "fast recovery";
        }
        if (afterTimeout) {
            return "loss recovery after RTO";
        }
        return cwnd < ssthresh ? "slow start" : "congestion avoidance";
    }

    @Override
    public long sendWindow() {
        if (!inRecovery && !afterTimeout && dupAcks > 0 && dupAcks < DUP_THRESH) {
            // RFC 3042 §2: "The TCP sender can only send a new segment if ... the amount of outstanding data would
            // remain less than or equal to the congestion window plus 2 segments."
            return cwnd + (long) dupAcks * smss;
        }
        return cwnd;
    }

    @Override
    public void start(int smss, long initialWindow, long iss) {
        this.smss = smss;
        this.cwnd = initialWindow;
        // RFC 6582 §3.2 step 1: "the variable recover ... initialized to the initial send sequence number"
        this.recover = iss;
        this.ecnRecover = iss;
        this.dupAcks = 0;
        this.inRecovery = false;
        this.afterTimeout = false;
    }

    @Override
    public void useSack(boolean sack) {
        this.sack = sack;
    }

    /** NewReno and CUBIC stay in recovery over partial ACKs; Reno leaves at the first ACK of new data. */
    abstract boolean partialAcksKeepRecovery();

    @Override
    public boolean onNewAck(long ack, long acked, long flightAfter, long now, long srtt) {
        dupAcks = 0;
        if (inRecovery) {
            if (geq(ack, recover) || !partialAcksKeepRecovery()) {
                inRecovery = false;
                if (sack) {
                    // RFC 6675 §5: recovery ends when HighACK reaches RecoveryPoint; cwnd was set to ssthresh on
                    // entry and never inflated.
                    cwnd = ssthresh;
                } else if (partialAcksKeepRecovery()) {
                    // RFC 6582 §3.2 step 3 (full ACK): "Set cwnd to either (1) min (ssthresh, max(FlightSize, SMSS) +
                    // SMSS) or (2) ssthresh" (option 1, which avoids a burst)
                    cwnd = Math.min(ssthresh, Math.max(flightAfter, smss) + smss);
                } else {
                    // RFC 5681 §3.2 step 6: "When the next ACK arrives that acknowledges previously unacknowledged
                    // data, a TCP MUST set cwnd to ssthresh (the value set in step 2)."
                    cwnd = ssthresh;
                }
                return false;
            }
            if (sack) {
                return false; // RFC 6675: the holes go by NextSeg, cwnd is not deflated
            }
            // RFC 6582 §3.2 step 5 (partial ACK): "Retransmit the first unacknowledged segment. ... deflate the
            // congestion window by the amount of new data acknowledged by the Cumulative Acknowledgment field. If the
            // partial ACK acknowledges at least one SMSS of new data, then add back SMSS bytes"
            cwnd = Math.max(smss, cwnd - acked + (acked >= smss ? smss : 0));
            return true;
        }
        if (afterTimeout && geq(ack, recover)) {
            afterTimeout = false;
        }
        if (cwnd < ssthresh) {
            // RFC 5681 §3.1 (2): "cwnd += min (N, SMSS)"
            cwnd += Math.min(acked, smss);
        } else {
            avoid(acked, now, srtt);
        }
        return false;
    }

    @Override
    public DupAckAction onDuplicateAck(long sndUna, long sndNxt, long flight, long now) {
        if (inRecovery) {
            if (!sack) {
                // RFC 5681 §3.2 step 4: "For each additional duplicate ACK received (after the third), cwnd MUST be
                // incremented by SMSS."
                cwnd += smss;
            }
            return DupAckAction.NONE;
        }
        dupAcks++;
        if (dupAcks != DUP_THRESH) {
            return DupAckAction.NONE;
        }
        if (partialAcksKeepRecovery() && lt(sndUna, recover)) {
            // RFC 6582 §3.2 step 2: "If three duplicate ACKs are received ... check whether the Cumulative
            // Acknowledgment field covers more than recover ... If not, the TCP does not enter fast retransmit"
            return DupAckAction.NONE;
        }
        // RFC 5681 §3.2 step 2: "ssthresh = max (FlightSize / 2, 2*SMSS)" (CUBIC: RFC 9438 §4.6)
        ssthresh = reduced(flight, now);
        // RFC 6582 §3.2 step 2: "record the highest sequence number transmitted in the variable recover"
        recover = sndNxt;
        ecnRecover = sndNxt;
        inRecovery = true;
        afterTimeout = false;
        // RFC 5681 §3.2 step 3: "cwnd = ssthresh + 3*SMSS" (RFC 6675 §5 step 4.2: "ssthresh = cwnd")
        cwnd = sack ? ssthresh : ssthresh + (long) DUP_THRESH * smss;
        return DupAckAction.FAST_RETRANSMIT;
    }

    @Override
    public void onTimeout(long flight, long sndNxt, long now) {
        // RFC 5681 §3.1 (4): "ssthresh = max (FlightSize / 2, 2*SMSS)"; "Furthermore, upon a timeout (as specified
        // in [RFC2988]) cwnd MUST be set to no more than the loss window, LW, which equals 1 full-sized segment"
        ssthresh = reduced(flight, now);
        cwnd = smss;
        dupAcks = 0;
        inRecovery = false;
        // RFC 6582 §3.2 step 1: "After a retransmit timeout, record the highest sequence number transmitted in the
        // variable recover, and exit the fast recovery procedure if applicable."
        recover = sndNxt;
        ecnRecover = sndNxt;
        afterTimeout = true;
        timedOut(now);
    }

    @Override
    public boolean onEcnEcho(long sndUna, long sndNxt, long flight, long now) {
        if (inRecovery || afterTimeout || lt(sndUna, ecnRecover)) {
            // RFC 3168 §6.1.2: "the TCP source should not react to congestion indications more than once every
            // window of data (or more loosely, more than once every round-trip time)."
            return false;
        }
        // RFC 3168 §6.1.2: "If the sender receives an ECN-Echo (ECE) ACK packet ... the TCP source halves the
        // congestion window "cwnd" and reduces the slow start threshold "ssthresh"."
        ssthresh = reduced(flight, now);
        cwnd = ssthresh;
        ecnRecover = sndNxt;
        return true;
    }
}
