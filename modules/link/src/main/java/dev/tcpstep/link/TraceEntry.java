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
    /** {@return the virtual time the entry happened at, in nanoseconds} */
    long time();

    /** {@return the entry as one line of text, without the time} */
    String text();

    /**
     * A user call on an endpoint (listen, connect, write, read, close, abort).
     *
     * @param time     virtual time in nanoseconds
     * @param endpoint the endpoint's name
     * @param call     the call as typed, e.g. {@code write 5 bytes}
     * @param result   the call's result as text
     */
    record Call(long time, String endpoint, String call, String result) implements TraceEntry {
        public String text() {
            return endpoint + " " + call + ": " + result;
        }
    }

    /**
     * A segment left an endpoint: its number, the encoded bytes, whether a person typed it,
     * and whether it re-sends sequence space already sent (a retransmission).
     *
     * @param time           virtual time in nanoseconds
     * @param number         the transmission number ({@code #n})
     * @param from           the sender's name
     * @param to             the receiver's name
     * @param segment        the segment sent
     * @param bytes          the encoded packet as it went onto the wire
     * @param crafted        true when a person typed the segment
     * @param retransmission true when it re-sends sequence space already sent
     */
    record Sent(long time, long number, String from, String to, Segment segment, byte[] bytes, boolean crafted,
                boolean retransmission) implements TraceEntry {
        public String text() {
            return from + " sent #" + number + (crafted ? " (typed)" : "") + (retransmission ? " (retransmission)" : "")
                    + ": " + segment;
        }
    }

    /**
     * The wire did something to transmission {@code number}: lost, duplicated, corrupted, delayed...
     *
     * @param time   virtual time in nanoseconds
     * @param number the transmission number ({@code #n})
     * @param fate   what the wire did
     * @param detail the same as text, e.g. {@code lost}
     */
    record Link(long time, long number, Wire.Fate fate, String detail) implements TraceEntry {
        public String text() {
            return "#" + number + " " + detail;
        }
    }

    /**
     * A segment reached an endpoint intact and was handed to its TCP.
     *
     * @param time    virtual time in nanoseconds
     * @param number  the transmission number ({@code #n})
     * @param to      the receiver's name
     * @param segment the segment as decoded on arrival
     * @param fates   what the wire did to this copy on the way
     */
    record Delivered(long time, long number, String to, Segment segment, List<Wire.Fate> fates) implements TraceEntry {
        /** Copies the fates. */
        public Delivered {
            fates = List.copyOf(fates);
        }

        public String text() {
            return to + " received #" + number + ": " + segment;
        }
    }

    /**
     * A segment reached an endpoint but was dropped before TCP saw it (bad checksum, malformed).
     *
     * @param time   virtual time in nanoseconds
     * @param number the transmission number ({@code #n})
     * @param to     the receiver's name
     * @param reason why, e.g. the checksum failure or the decoding error
     */
    record Dropped(long time, long number, String to, String reason) implements TraceEntry {
        public String text() {
            return to + " dropped #" + number + ": " + reason;
        }
    }

    /**
     * A decision of an endpoint's TCP (a transition, a drop, a reply, a timer), with its RFC section.
     *
     * @param event the event, with its time, endpoint and RFC section
     */
    record Endpoint(Event event) implements TraceEntry {
        public long time() {
            return event.time();
        }

        public String text() {
            return event.endpoint() + " " + event;
        }
    }

    /**
     * What a manual endpoint's TCP would send now, shown instead of sent.
     *
     * @param time     virtual time in nanoseconds
     * @param endpoint the endpoint's name
     * @param segments what it would send
     * @param reasons  why, one reason per segment
     */
    record Suggested(long time, String endpoint, List<Segment> segments, List<String> reasons) implements TraceEntry {
        /** Copies the lists. */
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
