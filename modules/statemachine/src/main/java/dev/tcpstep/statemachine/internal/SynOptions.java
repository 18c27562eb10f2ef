package dev.tcpstep.statemachine.internal;

import dev.tcpstep.codec.TcpFlags;
import dev.tcpstep.codec.TcpOption;

import java.util.ArrayList;
import java.util.List;

/**
 * What the SYN exchange offers and agrees: MSS (RFC 9293 §3.7.1), window scale and
 * timestamps (RFC 7323), SACK-permitted (RFC 2018), and ECN setup (RFC 3168 §6.1.1,
 * carried in the flags). Pure functions of the offer and the peer's SYN.
 */
public final class SynOptions {
    /** Bytes the timestamps option takes in every segment (10, padded to 12). */
    public static final int TIMESTAMP_BYTES = 12;

    /** The options of a plain SYN with the default MSS (shared: options are immutable). */
    private static final List<TcpOption> MSS_1460 = List.of(new TcpOption.Mss(1460));

    private SynOptions() {
    }

    /**
     * What both sides agreed.
     *
     * @param sendMss  the peer's MSS option, or the default when absent (MUST-15)
     * @param effMss   the effective send MSS (MUST-16), less the timestamp option's bytes
     * @param wsOk     window scaling in effect
     * @param sndShift shift applied to the peer's windows
     * @param rcvShift shift applied to this end's windows
     * @param tsOk     timestamps in effect
     * @param tsVal    the peer's TSval (the first TS.Recent) when timestamps are in effect
     * @param sackOk   SACK permitted by both
     */
    public record Agreed(int sendMss, int effMss, boolean wsOk, int sndShift, int rcvShift, boolean tsOk, long tsVal,
                         boolean sackOk) {
    }

    /**
     * Reads the peer's SYN options against this end's offer (RFC 9293 §3.7.1, RFC 7323,
     * RFC 2018).
     *
     * @param offerWs    the shift this end offers, −1 for none
     * @param localMss   the MSS this end offers (and the largest it sends)
     * @param defaultMss what to assume when the peer sent no MSS
     */
    public static Agreed negotiate(List<TcpOption> options, int offerWs, boolean offerTs, boolean offerSack,
                                   int localMss, int defaultMss) {
        TcpOption.Mss m = null;
        TcpOption.WindowScale w = null;
        TcpOption.Timestamps t = null;
        boolean sackPermitted = false;
        for (int i = 0; i < options.size(); i++) {
            TcpOption o = options.get(i);
            if (o instanceof TcpOption.Mss x && m == null) {
                m = x;
            } else if (o instanceof TcpOption.WindowScale x && w == null) {
                w = x;
            } else if (o instanceof TcpOption.Timestamps x && t == null) {
                t = x;
            } else if (o instanceof TcpOption.SackPermitted) {
                sackPermitted = true;
            }
        }
        int sendMss = m != null ? m.value() : defaultMss;
        // RFC 7323 §2.2: window scaling is in effect only when both sides sent the option.
        boolean wsOk = w != null && offerWs >= 0;
        // RFC 7323 §2.3: "If a Window Scale option is received with a shift.cnt value larger than 14, the TCP
        // SHOULD log the error but MUST use 14 instead of the specified value."
        int sndShift = wsOk ? Math.min(w.shift(), 14) : 0;
        int rcvShift = wsOk ? offerWs : 0;
        boolean sackOk = offerSack && sackPermitted;
        boolean tsOk = offerTs && t != null;
        // RFC 9293 §3.7.1 (MUST-16): "The maximum size of a segment that a TCP endpoint really sends, the
        // "effective send MSS", MUST be the smaller of the send MSS (that reflects the available reassembly buffer
        // size at the remote host, the EMTU_R [19]) and the largest transmission size permitted by the IP layer"
        // (localMss stands for the latter). Option bytes in every segment (timestamps: 12) come off it.
        int effMss = Math.max(1, Math.min(sendMss, localMss) - (tsOk ? TIMESTAMP_BYTES : 0));
        return new Agreed(sendMss, effMss, wsOk, sndShift, rcvShift, tsOk, tsOk ? t.value() : 0, sackOk);
    }

    /**
     * The options of this end's SYN ({@code synAck} false: the offer) or SYN,ACK (the
     * agreed set, RFC 7323 §2.2 and RFC 2018 §2: only what the peer offered).
     */
    public static List<TcpOption> forSyn(int localMss, boolean ws, int shift, boolean sack, boolean ts, long tsVal,
                                         long tsEcr) {
        if (!ws && !sack && !ts) {
            return localMss == 1460 ? MSS_1460 : List.of(new TcpOption.Mss(localMss));
        }
        List<TcpOption> o = new ArrayList<>(5);
        // RFC 9293 §3.7.1 (MUST-14): "TCP endpoints MUST implement both sending and receiving the MSS Option."
        o.add(new TcpOption.Mss(localMss));
        if (ws) {
            o.add(new TcpOption.WindowScale(shift));
        }
        if (sack) {
            o.add(new TcpOption.SackPermitted());
        }
        if (ts) {
            o.add(new TcpOption.Timestamps(tsVal, tsEcr));
        }
        return List.copyOf(o);
    }

    /**
     * RFC 3168 §6.1.1: whether a SYN ({@code synAck} false) or SYN,ACK sets up ECN: "an
     * ECN-setup SYN packet" has ECE and CWR set, "an ECN-setup SYN-ACK packet" ECE set and
     * CWR clear.
     */
    public static boolean ecnSetup(TcpFlags flags, boolean synAck) {
        return synAck ? flags.has(TcpFlags.ECE) && !flags.has(TcpFlags.CWR)
                : flags.has(TcpFlags.ECE) && flags.has(TcpFlags.CWR);
    }
}
