package dev.tcpstep.statemachine;

import dev.tcpstep.codec.Segment;

import java.util.List;

/**
 * "What would RFC 9293 send now, and why?" for one endpoint: the segments its last step
 * produced (what an automatic endpoint transmits, what a manual one only suggests) and
 * the reasons, one line per decision.
 */
public record Advice(List<Segment> segments, List<String> reasons) {
    public Advice {
        segments = List.copyOf(segments);
        reasons = List.copyOf(reasons);
    }

    public boolean isEmpty() {
        return segments.isEmpty();
    }
}
