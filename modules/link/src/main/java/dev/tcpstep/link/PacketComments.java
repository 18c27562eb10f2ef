package dev.tcpstep.link;

import dev.tcpstep.codec.CaptureRecord;
import dev.tcpstep.statemachine.Event;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds each transmission's pcapng comment from the trace, entry by entry: the sender's
 * state changes that produced it, how it was sent (typed, retransmission), what the wire did
 * to it, and a drop at the receiver. One builder serves both the export of a whole trace
 * and the streamed capture, so the two write the same bytes.
 */
final class PacketComments {
    /** One transmission and its comment so far. */
    static final class Packet {
        private final TraceEntry.Sent sent;
        private final List<String> comments = new ArrayList<>(2);
        private boolean settled;

        private Packet(TraceEntry.Sent sent) {
            this.sent = sent;
        }

        /** {@return the transmission number} */
        long number() {
            return sent.number();
        }

        /** {@return the comment's parts, in order} */
        List<String> comments() {
            return comments;
        }

        /** {@return the pcapng record: bytes as sent, virtual time, the comment (null when empty)} */
        CaptureRecord record() {
            return new CaptureRecord(sent.time(), sent.bytes(), comments.isEmpty() ? null : String.join("; ", comments));
        }
    }

    private final Map<String, List<String>> waiting = new HashMap<>();
    /** Transmissions whose comment may still grow, in the order they were sent. */
    private final LinkedHashMap<Long, Packet> open = new LinkedHashMap<>();

    /**
     * Adds one entry to the comments.
     *
     * @param e the next trace entry
     * @return the new transmission when {@code e} is a {@link TraceEntry.Sent}, else null
     */
    Packet accept(TraceEntry e) {
        switch (e) {
            case TraceEntry.Endpoint ep when ep.event().transition() -> {
                Event ev = ep.event();
                waiting.computeIfAbsent(ev.endpoint(), k -> new ArrayList<>()).add(ev.endpoint() + " "
                        + ev.from().rfcName() + " → " + ev.to().rfcName()
                        + (ev.citation().isEmpty() ? "" : " " + ev.citation()));
            }
            case TraceEntry.Sent s -> {
                Packet p = open.computeIfAbsent(s.number(), k -> new Packet(s));
                List<String> w = waiting.remove(s.from());
                if (w != null) {
                    p.comments.addAll(w);
                }
                if (s.crafted()) {
                    p.comments.add("typed by hand at " + s.from());
                }
                if (s.retransmission()) {
                    p.comments.add("retransmission");
                }
                return p;
            }
            case TraceEntry.Link l -> note(l.number(), l.detail());
            case TraceEntry.Dropped d -> note(d.number(), "dropped by " + d.to() + ": " + d.reason());
            default -> {
            }
        }
        return null;
    }

    private void note(long number, String comment) {
        Packet p = open.get(number);
        if (p != null) {
            p.comments.add(comment);
        }
    }

    /**
     * Marks a transmission as done: every copy of it arrived or was lost, so its comment is whole.
     *
     * @param number the transmission number
     */
    void settle(long number) {
        Packet p = open.get(number);
        if (p != null) {
            p.settled = true;
        }
    }

    /**
     * Takes the transmissions whose comments are whole, oldest first, stopping at the first
     * that is not (so they come out in the order they were sent); {@code all} takes every one.
     *
     * @param all take the unsettled ones too (the end of the run)
     * @return the transmissions taken, in order
     */
    List<Packet> take(boolean all) {
        List<Packet> out = new ArrayList<>();
        for (Iterator<Packet> it = open.values().iterator(); it.hasNext(); ) {
            Packet p = it.next();
            if (!all && !p.settled) {
                break;
            }
            out.add(p);
            it.remove();
        }
        return out;
    }

    /** {@return true when the oldest transmission held is settled} */
    boolean headSettled() {
        return !open.isEmpty() && open.firstEntry().getValue().settled;
    }

    /** {@return how many transmissions are held} */
    int held() {
        return open.size();
    }
}
