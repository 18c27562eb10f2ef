package dev.tcpstep.statemachine;

/**
 * The sender's congestion state at one moment, for {@code show} and the cwnd plot.
 *
 * @param algorithm  Reno, NewReno or CUBIC ({@link CongestionAlgorithm#displayName()})
 * @param phase      "slow start", "congestion avoidance", "fast recovery", "SACK recovery",
 *                   "loss recovery after RTO" (or "closed" before a TCB exists)
 * @param cwnd       congestion window, bytes (RFC 5681), inflated during Reno-style fast recovery
 * @param ssthresh   slow-start threshold, bytes
 * @param flightSize FlightSize of RFC 5681 §2: SND.NXT − SND.UNA, bytes
 */
public record CongestionSnapshot(String algorithm, String phase, long cwnd, long ssthresh, long flightSize) {
}
