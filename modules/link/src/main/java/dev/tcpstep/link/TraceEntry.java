package dev.tcpstep.link;

import dev.tcpstep.codec.Segment;
import dev.tcpstep.statemachine.Event;

import java.util.List;

/**
 * One line of the simulation's trace. Every entry has the virtual time it happened at
 * (nanoseconds) and reads as one sentence through {@link #text()}. Segment entries carry
 * the transmission number {@code #n} that the REPL and the exports use to name a segment.
 */
public sealed interface TraceEntry {
    long time();

    /** The entry as one line of text, without the time. */
    String text();

    /** A user call on an endpoint (listen, connect, write, read, close, abort). */
    record Call(long time, String endpoint, String call, String result) implements TraceEntry {
        public String text() {
            return endpoint + " " + call + ": " + result;
        }
    }

    /**
     * A segment left an endpoint: its number, the encoded bytes, whether a person typed it,
     * and whether it re-sends sequence space already sent (a retransmission).
     */
    record Sent(long time, long number, String from, String to, Segment segment, byte[] bytes, boolean crafted,
                boolean retransmission) implements TraceEntry {
        public String text() {
            return from + " sent #" + number + (crafted ? " (typed)" : "") + (retransmission ? " (retransmission)" : "")
                    + ": " + segment;
        }
    }

    /** The wire did something to transmission {@code number}: lost, duplicated, corrupted, delayed... */
    record Link(long time, long number, Wire.Fate fate, String detail) implements TraceEntry {
        public String text() {
            return "#" + number + " " + detail;
        }
    }

    /** A segment reached an endpoint intact and was handed to its TCP. */
    record Delivered(long time, long number, String to, Segment segment, List<Wire.Fate> fates) implements TraceEntry {
        public Delivered {
            fates = List.copyOf(fates);
        }

        public String text() {
            return to + " received #" + number + ": " + segment;
        }
    }

    /** A segment reached an endpoint but was dropped before TCP saw it (bad checksum, malformed). */
    record Dropped(long time, long number, String to, String reason) implements TraceEntry {
        public String text() {
            return to + " dropped #" + number + ": " + reason;
        }
    }

    /** A decision of an endpoint's TCP (a transition, a drop, a reply, a timer), with its RFC section. */
    record Endpoint(Event event) implements TraceEntry {
        public long time() {
            return event.time();
        }

        public String text() {
            return event.endpoint() + " " + event;
        }
    }

    /** What a manual endpoint's TCP would send now, shown instead of sent. */
    record Suggested(long time, String endpoint, List<Segment> segments, List<String> reasons) implements TraceEntry {
        public Suggested {
            segments = List.copyOf(segments);
            reasons = List.copyOf(reasons);
        }

        public String text() {
            StringBuilder sb = new StringBuilder(endpoint + " would send (manual):");
            for (Segment s : segments) {
                sb.append(' ').append(s.flags()).append(" seq ").append(s.seq());
                if (s.flags().ack()) {
                    sb.append(" ack ").append(s.ack());
                }
                if (s.payload().length() > 0) {
                    sb.append(" len ").append(s.payload().length());
                }
                sb.append(';');
            }
            sb.setLength(sb.length() - 1);
            return sb.toString();
        }
    }
}
