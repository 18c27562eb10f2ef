package dev.tcpstep.statemachine.internal;

/**
 * RFC 9438 CUBIC: NewReno's loss recovery with a decrease to β = 0.7 and a window that,
 * in congestion avoidance, follows W_cubic(t) = C·(t − K)³ + W_max (segments, seconds),
 * never below the Reno-friendly estimate W_est. Arithmetic in doubles through
 * {@link StrictMath}, so runs are identical everywhere.
 */
final class Cubic extends NewReno {
    /** RFC 9438 §4.6: β_cubic. */
    static final double BETA = 0.7;
    /** RFC 9438 §5: C = 0.4. */
    static final double C = 0.4;
    /** RFC 9438 §4.3: α_cubic = 3(1 − β)/(1 + β). */
    static final double ALPHA = 3 * (1 - BETA) / (1 + BETA);

    private double wMax = -1;
    private double k;
    private double wEst;
    private long epochStart = -1;

    @Override
    public String algorithm() {
        return "CUBIC";
    }

    /** W_max in segments (−1 before the first congestion event). */
    double wMax() {
        return wMax;
    }

    @Override
    long reduced(long flight, long now) {
        double w = (double) cwnd / smss;
        // RFC 9438 §4.7 (fast convergence): "if (cwnd < W_max and fast convergence enabled) W_max = cwnd * (1 +
        // β_cubic) / 2 else W_max = cwnd"
        wMax = wMax >= 0 && w < wMax ? w * (1 + BETA) / 2 : w;
        epochStart = -1;
        // RFC 9438 §4.6: "ssthresh = cwnd * β_cubic" and "cwnd = max(ssthresh, 2)" (segments)
        return Math.max((long) (cwnd * BETA), 2L * smss);
    }

    @Override
    void timedOut(long now) {
        epochStart = -1;
    }

    @Override
    void avoid(long acked, long now, long srtt) {
        double w = (double) cwnd / smss;
        if (epochStart < 0) {
            // RFC 9438 §4.2: a new congestion avoidance stage: t counts from now, K from cwnd_epoch
            epochStart = now;
            if (wMax < 0) {
                wMax = w;
            }
            // RFC 9438 §4.2 (2): "K = cubic_root((W_max - cwnd_epoch) / C)"
            k = wMax > w ? StrictMath.cbrt((wMax - w) / C) : 0;
            wEst = w;
        }
        double t = (now - epochStart) / 1e9;
        double rtt = srtt > 0 ? srtt / 1e9 : 0;
        // RFC 9438 §4.3 (4): "W_est = W_est + α_cubic * segments_acked / cwnd"
        wEst += ALPHA * ((double) acked / smss) / w;
        double wt = wCubic(t);
        if (wt < wEst) {
            // RFC 9438 §4.3: "CUBIC is in the Reno-friendly region and cwnd SHOULD be set to W_est"
            cwnd = Math.max(cwnd, (long) (wEst * smss));
            return;
        }
        // RFC 9438 §4.2: "target = W_cubic(t + RTT)" bounded to [cwnd, 1.5 cwnd]; §4.4/§4.5: "cwnd MUST be incremented
        // by (target - cwnd) / cwnd" for each received new ACK
        double target = Math.min(Math.max(wCubic(t + rtt), w), 1.5 * w);
        long grow = (long) ((target - w) / w * smss);
        cwnd += Math.max(0, grow);
    }

    private double wCubic(double t) {
        // RFC 9438 §4.2 (1): "W_cubic(t) = C * (t - K)^3 + W_max"
        double d = t - k;
        return C * d * d * d + wMax;
    }
}
