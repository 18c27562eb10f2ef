package dev.tcpstep.statemachine;

/**
 * A snapshot of one connection's transmission control block: the variables of RFC 9293
 * §3.3.1 and what the SYN exchange negotiated. Values not yet defined (IRS before a SYN
 * arrived, ISS before one was chosen, RTT figures before a sample) are −1.
 *
 * @param state         the connection's state
 * @param sndUna        SND.UNA, oldest unacknowledged sequence number
 * @param sndNxt        SND.NXT, next sequence number to send
 * @param sndWnd        SND.WND in bytes (scaled)
 * @param sndUp         SND.UP
 * @param sndWl1        SND.WL1, SEG.SEQ of the segment last used to update SND.WND
 * @param sndWl2        SND.WL2, SEG.ACK of that segment
 * @param iss           ISS
 * @param rcvNxt        RCV.NXT
 * @param rcvWnd        RCV.WND in bytes
 * @param rcvUp         RCV.UP
 * @param irs           IRS
 * @param maxSndWnd     MAX.SND.WND of RFC 5961 §5
 * @param sendMss       the peer's MSS (its option, or 536 / 1220 when absent, MUST-15)
 * @param effectiveMss  the largest payload this end sends (MUST-16, less timestamp option bytes)
 * @param sndShift      window scale applied to the peer's windows (−1: not negotiated)
 * @param rcvShift      window scale applied to this end's windows (−1: not negotiated)
 * @param timestamps    RFC 7323 timestamps negotiated
 * @param sack          RFC 2018 SACK permitted by both
 * @param srtt          smoothed RTT, ns (−1 before the first sample)
 * @param rttvar        RTT variation, ns (−1 before the first sample)
 * @param rto           current retransmission timeout, ns (backoff included)
 * @param cwnd          congestion window, bytes (RFC 5681)
 * @param ssthresh      slow-start threshold, bytes
 * @param retransmissions retransmissions of the segment at the front of the queue (R1/R2 count)
 * @param unsent        bytes the user sent that are not yet segmentized
 * @param readable      bytes received in order and not yet read by the user
 */
public record Tcb(State state, long sndUna, long sndNxt, long sndWnd, long sndUp, long sndWl1, long sndWl2, long iss,
                  long rcvNxt, long rcvWnd, long rcvUp, long irs, long maxSndWnd, int sendMss, int effectiveMss,
                  int sndShift, int rcvShift, boolean timestamps, boolean sack, long srtt, long rttvar, long rto,
                  long cwnd, long ssthresh, int retransmissions, long unsent, long readable) {
}
