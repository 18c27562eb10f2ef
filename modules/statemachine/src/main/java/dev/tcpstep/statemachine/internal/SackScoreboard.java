package dev.tcpstep.statemachine.internal;

import java.util.ArrayList;
import java.util.List;

import static dev.tcpstep.statemachine.SeqNum.add;
import static dev.tcpstep.statemachine.SeqNum.diff;
import static dev.tcpstep.statemachine.SeqNum.gt;
import static dev.tcpstep.statemachine.SeqNum.lt;

/**
 * The sender's SACK scoreboard of RFC 6675 §3–§4: which bytes above SND.UNA (HighACK)
 * the receiver reported holding, the highest byte retransmitted (HighRxt), and from
 * them IsLost, pipe and NextSeg. Sequence numbers are 32-bit and compared by wrapping
 * subtraction from HighACK; all of them lie within one window of it.
 */
public final class SackScoreboard {
    /** SACKed ranges [start, end), ascending, disjoint, all above HighACK. */
    private final List<long[]> sacked = new ArrayList<>();
    private long highAck;
    private long highRxt;
    private boolean highRxtSet;

    /** Forgets everything (RFC 2018 §8: after a retransmission timeout SACK information is not relied on). */
    public void clear() {
        sacked.clear();
        highRxtSet = false;
    }

    /** The SACKed ranges, ascending, as {start, end}. */
    public List<long[]> ranges() {
        List<long[]> r = new ArrayList<>(sacked.size());
        for (long[] s : sacked) {
            r.add(s.clone());
        }
        return r;
    }

    /** HighRxt: the end of the highest retransmission in this episode, or HighACK if none. */
    public long highRxt() {
        return highRxtSet && gt(highRxt, highAck) ? highRxt : highAck;
    }

    /** Records a retransmission of [start, end). */
    public void retransmitted(long start, long end) {
        if (!highRxtSet || gt(end, highRxt)) {
            highRxt = end;
            highRxtSet = true;
        }
    }

    /** A recovery episode starts: nothing retransmitted yet. */
    public void startEpisode() {
        highRxtSet = false;
    }

    /**
     * RFC 6675 §5 Update(): HighACK moves to {@code una}; blocks between it and
     * {@code highData} (SND.NXT) are added. Returns true when a block reported bytes not
     * SACKed before (the ACK "carries new SACK information").
     *
     * @param blocks {left, right} edges as carried in the option
     */
    public boolean update(long una, long highData, List<long[]> blocks) {
        highAck = una;
        sacked.removeIf(r -> !gt(r[1], una));
        for (long[] r : sacked) {
            if (lt(r[0], una)) {
                r[0] = una;
            }
        }
        boolean news = false;
        int limit = diff(highData, una);
        for (long[] b : blocks) {
            int s = diff(b[0], una);
            int e = diff(b[1], una);
            // RFC 2018 §4 and RFC 2883: a block at or below HighACK (a D-SACK) or beyond what was sent says
            // nothing about holes; it is ignored.
            if (e <= 0 || s >= e || e > limit) {
                continue;
            }
            news |= merge(Math.max(s, 0), e);
        }
        return news;
    }

    private boolean merge(int s, int e) {
        long covered = 0;
        List<long[]> merged = new ArrayList<>(sacked.size() + 1);
        int ns = s;
        int ne = e;
        boolean placed = false;
        for (long[] r : sacked) {
            int rs = diff(r[0], highAck);
            int re = diff(r[1], highAck);
            if (re < ns) {
                merged.add(r);
            } else if (rs > ne) {
                if (!placed) {
                    merged.add(new long[] {add(highAck, ns), add(highAck, ne)});
                    placed = true;
                }
                merged.add(r);
            } else {
                covered += Math.max(0, Math.min(re, e) - Math.max(rs, s));
                ns = Math.min(ns, rs);
                ne = Math.max(ne, re);
            }
        }
        if (!placed) {
            merged.add(new long[] {add(highAck, ns), add(highAck, ne)});
        }
        sacked.clear();
        sacked.addAll(merged);
        return covered < e - s;
    }

    /** True when the byte at {@code seq} was SACKed. */
    public boolean isSacked(long seq) {
        int o = diff(seq, highAck);
        for (long[] r : sacked) {
            if (o >= diff(r[0], highAck) && o < diff(r[1], highAck)) {
                return true;
            }
        }
        return false;
    }

    /** SACKed bytes above {@code seq}. */
    public long sackedAbove(long seq) {
        int o = diff(seq, highAck);
        long n = 0;
        for (long[] r : sacked) {
            int rs = diff(r[0], highAck);
            int re = diff(r[1], highAck);
            if (re > o) {
                n += re - Math.max(rs, o + 1);
            }
        }
        return n;
    }

    /**
     * RFC 6675 §4 IsLost(SeqNum): "This routine returns whether the given sequence number is
     * considered to be lost. The routine returns true when either DupThresh discontiguous
     * SACKed sequences have arrived above 'SeqNum' or more than (DupThresh - 1) * SMSS bytes
     * with sequence numbers greater than 'SeqNum' have been SACKed."
     */
    public boolean isLost(long seq, int smss) {
        int o = diff(seq, highAck);
        int above = 0;
        for (long[] r : sacked) {
            if (diff(r[1], highAck) > o) {
                above++;
            }
        }
        return above >= WindowControl.DUP_THRESH || sackedAbove(seq) > (long) (WindowControl.DUP_THRESH - 1) * smss;
    }

    /**
     * RFC 6675 §4 SetPipe(): the bytes in flight, counting every SMSS-sized piece in
     * [HighACK, HighData) that is not SACKed: once unless lost, once more if retransmitted.
     */
    public long pipe(long highData, int smss) {
        long pipe = 0;
        int end = diff(highData, highAck);
        int rxt = diff(highRxt(), highAck);
        for (int s = 0; s < end; s += smss) {
            int e = Math.min(end, s + smss);
            long seq = add(highAck, s);
            long unsacked = e - s - sackedIn(s, e);
            if (unsacked == 0) {
                continue;
            }
            // RFC 6675 §4: "(a) If IsLost (S1) returns false: Pipe is incremented by 1 octet."
            if (!isLost(seq, smss)) {
                pipe += unsacked;
            }
            // RFC 6675 §4: "(b) If S1 <= HighRxt: Pipe is incremented by 1 octet."
            if (s < rxt) {
                pipe += Math.min(unsacked, rxt - s);
            }
        }
        return pipe;
    }

    private long sackedIn(int s, int e) {
        long n = 0;
        for (long[] r : sacked) {
            int rs = diff(r[0], highAck);
            int re = diff(r[1], highAck);
            n += Math.max(0, Math.min(re, e) - Math.max(rs, s));
        }
        return n;
    }

    /**
     * RFC 6675 §4 NextSeg() rule (1): "the smallest unSACKed sequence number 'S2' ... greater
     * than HighRxt ... [with] IsLost (S2)": the hole to retransmit as {start, end} (at most
     * SMSS, ending where SACKed data begins), or null.
     */
    public long[] nextLost(long highData, int smss) {
        return nextHole(highData, smss, true);
    }

    /**
     * RFC 6675 §4 NextSeg() rule (3): "the smallest unSACKed sequence number 'S3' ... greater
     * than HighRxt ... [with] at least one SACKed octet above it", used when no new data can
     * be sent; or null.
     */
    public long[] nextUnsackedBelowSack(long highData, int smss) {
        return nextHole(highData, smss, false);
    }

    private long[] nextHole(long highData, int smss, boolean lostOnly) {
        int end = diff(highData, highAck);
        int o = diff(highRxt(), highAck);
        for (long[] r : sacked) {
            int rs = diff(r[0], highAck);
            int re = diff(r[1], highAck);
            if (o < rs) {
                long seq = add(highAck, o);
                if (!lostOnly || isLost(seq, smss)) {
                    int e = Math.min(Math.min(rs, o + smss), end);
                    return new long[] {seq, add(highAck, e)};
                }
                return null;
            }
            o = Math.max(o, re);
        }
        return null;
    }
}
