package dev.tcpstep.tun;

import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.TcpdumpFormat;

/**
 * One packet the {@link TunLink} saw or handled, in order.
 *
 * @param time       nanoseconds since the link started (monotonic)
 * @param epochNanos wall-clock time of the same moment, for capture files and tcpdump timestamps
 * @param kind       what happened to it
 * @param segment    the decoded segment; null for {@link Kind#IGNORED} packets that are not TCP
 * @param note       why (for DROPPED, HELD, IGNORED), or null
 */
public record TraceEntry(long time, long epochNanos, Kind kind, Segment segment, String note) {

    /** What happened to a packet. */
    public enum Kind {
        /** Our endpoint sent it to the kernel. */
        SENT("out"),
        /** The kernel sent it and our endpoint processed it. */
        RECEIVED("in"),
        /** Our endpoint produced it but the link dropped it on purpose ({@link TunLink#dropNextOutgoing}). */
        DROPPED("drop"),
        /** Our endpoint would have sent it, but the link is in manual mode: shown, not sent. */
        HELD("held"),
        /** The kernel sent something that is not TCP for our host (ICMPv6 router solicitation, MLD, ...). */
        IGNORED("skip");

        private final String tag;

        Kind(String tag) {
            this.tag = tag;
        }

        /** Short tag used in {@link #line()}: out, in, drop, held, skip. */
        public String tag() {
            return tag;
        }
    }

    /**
     * {@code 0.001234 out  192.0.2.2.49152 > 192.0.2.1.80: Flags [S], seq 0, win 65535, options [mss 1460], length 0}:
     * seconds since the link started, the tag, then the tcpdump line (or the note for a packet that is not TCP).
     */
    public String line() {
        String head = String.format("%.6f %-4s ", time / 1e9, kind.tag());
        if (segment == null) {
            return head + note;
        }
        return head + TcpdumpFormat.line(segment) + (note == null ? "" : "  (" + note + ")");
    }

    @Override
    public String toString() {
        return line();
    }
}
