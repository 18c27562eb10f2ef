package dev.tcpstep.statemachine;

import dev.tcpstep.codec.Segment;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One decision of an endpoint, explained (DESIGN.md principle 3): when, which endpoint,
 * the state before and after, what caused it, what was sent in response, and the
 * RFC 9293 section (and MUST-n label where the RFC has one) that says so.
 *
 * <p>{@link #toString()} reads like the RFC:
 * {@code SYN-SENT → ESTABLISHED: SYN,ACK acknowledges ISS+1 (§3.10.7.3)} or
 * {@code dropped: seq 42 outside window [1, 65536), ACK owed (§3.10.7.4)}.
 *
 * <p>The explanation may be made lazily: an endpoint hands over the parts it needs (values
 * copied at the moment of the decision) and the sentence is put together the first time
 * {@link #text()} (or {@link #toString()}, {@link #equals}) asks for it, once. A trace that
 * nobody shows or exports never builds it. The text is the same either way.
 */
public final class Event {
    private final long time;
    private final String endpoint;
    private final State from;
    private final State to;
    private final Kind kind;
    private final Cause cause;
    private final List<Segment> sent;
    private final String section;
    private final String must;
    /** The text once made; until then null and {@link #maker} holds what makes it. */
    private String text;
    private Supplier<String> maker;

    /**
     * An event with its explanation already made.
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
     * @throws NullPointerException if {@code from}, {@code to}, {@code kind}, {@code cause} or {@code text} is null
     */
    public Event(long time, String endpoint, State from, State to, Kind kind, Cause cause, String text,
                 List<Segment> sent, String section, String must) {
        this(time, endpoint, from, to, kind, cause, Objects.requireNonNull(text, "text"), null, sent, section, must);
    }

    /**
     * An event whose explanation is made on first use, by {@code text}. {@code text} must
     * depend only on values fixed when the event is made (it may run much later, or never).
     *
     * @param time     virtual time in nanoseconds (the {@code now} of the call)
     * @param endpoint the endpoint's name (e.g. {@code client})
     * @param from     state before
     * @param to       state after (equal to {@code from} when the state did not change)
     * @param kind     what sort of decision
     * @param cause    the segment, user call, timer or hand-crafted send behind it
     * @param text     makes the explanation, without the section; must not return null
     * @param sent     segments sent by this decision (may be empty)
     * @param section  RFC 9293 section, or another RFC's, as for the other constructor
     * @param must     e.g. {@code MUST-13}, or null where the text carries no label
     * @return the event
     * @throws NullPointerException if {@code from}, {@code to}, {@code kind}, {@code cause} or {@code text} is null
     */
    public static Event lazy(long time, String endpoint, State from, State to, Kind kind, Cause cause,
                             Supplier<String> text, List<Segment> sent, String section, String must) {
        return new Event(time, endpoint, from, to, kind, cause, null, Objects.requireNonNull(text, "text"), sent,
                section, must);
    }

    private Event(long time, String endpoint, State from, State to, Kind kind, Cause cause, String text,
                  Supplier<String> maker, List<Segment> sent, String section, String must) {
        this.time = time;
        this.endpoint = endpoint;
        this.from = Objects.requireNonNull(from, "from");
        this.to = Objects.requireNonNull(to, "to");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.cause = Objects.requireNonNull(cause, "cause");
        this.text = text;
        this.maker = maker;
        this.sent = List.copyOf(sent);
        this.section = section;
        this.must = must;
    }

    /**
     * This event carrying other segments (a transition that sent nothing itself carries what
     * its step sent); the text, made or not, is shared.
     *
     * @param sent the segments
     * @return the event with {@code sent}
     */
    public Event withSent(List<Segment> sent) {
        return new Event(time, endpoint, from, to, kind, cause, text, text == null ? maker : null, sent, section,
                must);
    }

    /** {@return virtual time in nanoseconds (the {@code now} of the call)} */
    public long time() {
        return time;
    }

    /** {@return the endpoint's name (e.g. {@code client})} */
    public String endpoint() {
        return endpoint;
    }

    /** {@return the state before} */
    public State from() {
        return from;
    }

    /** {@return the state after (equal to {@link #from()} when the state did not change)} */
    public State to() {
        return to;
    }

    /** {@return what sort of decision} */
    public Kind kind() {
        return kind;
    }

    /** {@return the segment, user call, timer or hand-crafted send behind it} */
    public Cause cause() {
        return cause;
    }

    /** {@return the explanation, without the section (made now if it was not yet)} */
    public String text() {
        String t = text;
        if (t == null) {
            t = Objects.requireNonNull(maker.get(), "event text");
            text = t;
            maker = null; // what it captured can go
        }
        return t;
    }

    /** {@return the segments sent by this decision (may be empty)} */
    public List<Segment> sent() {
        return sent;
    }

    /** {@return the RFC 9293 section, e.g. {@code 3.10.7.4}, or another RFC's, e.g. {@code RFC 5961 §3}} */
    public String section() {
        return section;
    }

    /** {@return e.g. {@code MUST-13}, or null where the text carries no label} */
    public String must() {
        return must;
    }

    /**
     * Equal when every part is equal, the text included (made if it was not yet).
     *
     * @param o the other object
     * @return true when equal
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Event e && time == e.time && Objects.equals(endpoint, e.endpoint) && from == e.from
                && to == e.to && kind == e.kind && cause.equals(e.cause) && text().equals(e.text())
                && sent.equals(e.sent) && Objects.equals(section, e.section) && Objects.equals(must, e.must);
    }

    /** {@return a hash of every part, the text included} */
    @Override
    public int hashCode() {
        return Objects.hash(time, endpoint, from, to, kind, cause, text(), sent, section, must);
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
        return head + text() + (c.isEmpty() ? "" : " " + c);
    }
}
