package dev.tcpstep.statemachine.internal;

import dev.tcpstep.codec.Segment;
import dev.tcpstep.statemachine.Event;
import dev.tcpstep.statemachine.State;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Event building for one connection: makes the {@link Event}s of a step, keeps their
 * text as the step's reasons (the advice), and holds them until the step ends so that a
 * transition that sent nothing itself can carry everything its step sent.
 */
public final class StepLog {
    private final String endpoint;
    private List<String> reasons;
    private List<Event> held;

    public StepLog(String endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * A step begins.
     *
     * @param keepReasons record each event's text as a reason
     * @param hold        hold events until {@link #flush}; otherwise {@link #publish} delivers at once
     */
    public void begin(boolean keepReasons, boolean hold) {
        reasons = keepReasons ? new ArrayList<>(2) : null;
        held = hold ? new ArrayList<>(4) : null;
    }

    /** {@return true when this step's events are held until {@link #flush}} */
    public boolean holding() {
        return held != null;
    }

    /** The reasons recorded in this step (empty when none were kept). */
    public List<String> reasons() {
        return reasons == null ? List.of() : reasons;
    }

    /** One event; {@code sent} null for none. */
    public Event build(long now, State from, State to, Event.Kind kind, Event.Cause cause, String text, Segment sent,
                       String section, String must) {
        return new Event(now, endpoint, from, to, kind, cause, text, sent == null ? List.of() : List.of(sent), section,
                must);
    }

    /** Records {@code e} as a reason (calls excepted) and holds it, or delivers it now when not holding. */
    public void publish(Event e, Consumer<Event> deliver) {
        if (reasons != null && e.kind() != Event.Kind.CALL) {
            reasons.add(e.toString());
        }
        if (held != null) {
            held.add(e);
        } else {
            deliver.accept(e);
        }
    }

    /**
     * Delivers the step's held events, each transition that sent nothing itself carrying
     * {@code sent}, the segments the whole step sent ("what was sent in response").
     */
    public void flush(List<Segment> sent, Consumer<Event> deliver) {
        List<Event> evs = held;
        held = null;
        if (evs == null) {
            return;
        }
        for (Event e : evs) {
            if (e.transition() && e.sent().isEmpty() && !sent.isEmpty()) {
                e = new Event(e.time(), e.endpoint(), e.from(), e.to(), e.kind(), e.cause(), e.text(), sent,
                        e.section(), e.must());
            }
            deliver.accept(e);
        }
    }
}
