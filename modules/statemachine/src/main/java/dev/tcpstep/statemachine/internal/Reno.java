package dev.tcpstep.statemachine.internal;

/** RFC 5681 congestion control: halve on loss, one segment per window in congestion avoidance. */
class Reno extends WindowControl {
    @Override
    public String algorithm() {
        return "Reno";
    }

    @Override
    boolean partialAcksKeepRecovery() {
        return false;
    }

    @Override
    long reduced(long flight, long now) {
        // RFC 5681 §3.1 (4): "ssthresh = max (FlightSize / 2, 2*SMSS)"
        return Math.max(flight / 2, 2L * smss);
    }

    @Override
    void avoid(long acked, long now, long srtt) {
        // RFC 5681 §3.1 (3): "cwnd += SMSS*SMSS/cwnd" (at least one byte, as the RFC advises)
        cwnd += Math.max(1, (long) smss * smss / cwnd);
    }
}
