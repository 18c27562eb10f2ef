package dev.tcpstep.statemachine;

import dev.tcpstep.codec.Segment;

import java.util.List;
import java.util.Objects;

/**
 * One decision of an endpoint, explained (DESIGN.md principle 3): when, which endpoint,
 * the state before and after, what caused it, what was sent in response, and the
 * RFC 9293 section (and MUST-n label where the RFC has one) that says so.
 *
 * <p>{@link #toString()} reads like the RFC:
 * {@code SYN-SENT → ESTABLISHED: SYN,ACK acknowledges ISS+1 (§3.10.7.3)} or
 * {@code dropped: seq 42 outside window [1, 65536), ACK owed (§3.10.7.4)}.
 *
 * @param time     virtual time in nanoseconds (the {@code now} of the call)
 * @param endpoint the endpoint's name (e.g. {@code client})
 * @param from     state before
 * @param to       state after (equal to {@code from} when the state did not change)
 * @param kind     what sort of decision
 * @param cause    the segment, user call, timer or hand-crafted send behind it
 * @param text     the explanation, without the section
 * @param sent     segments sent by this decision (may be empty); a transition that sent nothing
 *                 itself carries every segment its step sent (the response to its cause)
 * @param section  RFC 9293 section, e.g. {@code 3.10.7.4}; other RFCs are named, e.g.
 *                 {@code RFC 5961 §3}
 * @param must     e.g. {@code MUST-13}, or null where the text carries no label
 */
public record Event(long time, String endpoint, State from, State to, Kind kind, Cause cause, String text,
                    List<Segment> sent, String section, String must) {

    /**
     * Checks the parts that must be there; the segment list is copied.
     *
     * @throws NullPointerException if {@code from}, {@code to}, {@code kind}, {@code cause} or {@code text} is null
     */
    public Event {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(text, "text");
        sent = List.copyOf(sent);
    }

    /** What sort of decision an event records. */
    public enum Kind {
        /** The state changed. */
        TRANSITION,
        /** A segment was discarded (possibly with a reply). */
        DROP,
        /** A segment was accepted and answered or acted on without a state change. */
        ACCEPT,
        /** A timer fired. */
        TIMER,
        /** A user call was answered (ok or error). */
        CALL,
        /** Something the user is told: connection reset, closing, urgent data, R1 reached. */
        SIGNAL,
        /** A hand-crafted segment was recorded as sent. */
        CRAFTED,
        /**
         * Coaching: a hand-crafted segment differs from what RFC 9293 would send (a number, a
         * flag, or a segment the state does not call for). It is still sent.
         */
        COACH
    }

    /** What made the endpoint act. */
    public sealed interface Cause {
        /**
         * A segment arrived.
         *
         * @param segment the segment
         */
        record Arrival(Segment segment) implements Cause {
            @Override
            public String toString() {
                return "rcv " + segment;
            }
        }

        /**
         * A user call (OPEN, SEND, RECEIVE, CLOSE, ABORT, STATUS).
         *
         * @param name the call, e.g. {@code OPEN}
         */
        record Call(String name) implements Cause {
            @Override
            public String toString() {
                return name;
            }
        }

        /**
         * A timer fired: retransmission, persist, delayed ACK, TIME-WAIT, user timeout.
         *
         * @param name the timer, e.g. {@code retransmission}
         */
        record Timer(String name) implements Cause {
            @Override
            public String toString() {
                return name + " timeout";
            }
        }

        /**
         * A person made the endpoint send this segment by hand.
         *
         * @param segment the segment
         */
        record Crafted(Segment segment) implements Cause {
            @Override
            public String toString() {
                return "snd " + segment;
            }
        }
    }

    /** {@return true when the state changed} */
    public boolean transition() {
        return from != to;
    }

    /** {@return the citation, e.g. {@code (§3.10.7.4)}, {@code (§3.5, MUST-13)} or {@code (RFC 5961 §3)}} */
    public String citation() {
        if (section == null) {
            return "";
        }
        String s = section.startsWith("RFC") ? section : "§" + section;
        return "(" + s + (must == null ? "" : ", " + must) + ")";
    }

    @Override
    public String toString() {
        String c = citation();
        String head = transition() ? from.rfcName() + " → " + to.rfcName() + ": " : "";
        return head + text + (c.isEmpty() ? "" : " " + c);
    }
}
