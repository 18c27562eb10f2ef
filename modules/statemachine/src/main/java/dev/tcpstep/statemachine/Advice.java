package dev.tcpstep.statemachine;

import dev.tcpstep.codec.Segment;

import java.util.List;

/**
 * "What would RFC 9293 send now, and why?" for one endpoint: the segments its last step
 * produced (what an automatic endpoint transmits, what a manual one only suggests) and
 * the reasons, one line per decision.
 *
 * @param segments the segments RFC 9293 had the endpoint produce
 * @param reasons  why, one line per decision
 */
public record Advice(List<Segment> segments, List<String> reasons) {
    /** Copies the lists. */
    public Advice {
        segments = List.copyOf(segments);
        reasons = List.copyOf(reasons);
    }

    /** {@return true when there is no segment to send} */
    public boolean isEmpty() {
        return segments.isEmpty();
    }
}
