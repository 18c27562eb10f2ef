package dev.tcpstep.statemachine.internal;

import dev.tcpstep.codec.Segment;
import dev.tcpstep.statemachine.Event;
import dev.tcpstep.statemachine.State;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Event building for one connection: makes the {@link Event}s of a step, keeps them as
 * the step's reasons (the advice; their text is made only when the advice is read), and
 * holds them until the step ends so that a transition that sent nothing itself can carry
 * everything its step sent.
 */
public final class StepLog {
    /**
     * Make every lazy event text at once, when the event is made, instead of when it is first
     * read. For the test that proves the text is the same either way; never set otherwise.
     */
    public static volatile boolean eagerText;

    private final String endpoint;
    private List<Event> reasons;
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

    /** The reasons recorded in this step (empty when none were kept): each event's text, made when read. */
    public List<String> reasons() {
        List<Event> evs = reasons;
        if (evs == null || evs.isEmpty()) {
            return List.of();
        }
        return new AbstractList<>() {
            @Override
            public String get(int i) {
                return evs.get(i).toString();
            }

            @Override
            public int size() {
                return evs.size();
            }
        };
    }

    /** One event; {@code sent} null for none. */
    public Event build(long now, State from, State to, Event.Kind kind, Event.Cause cause, String text, Segment sent,
                       String section, String must) {
        return new Event(now, endpoint, from, to, kind, cause, text, sent == null ? List.of() : List.of(sent), section,
                must);
    }

    /** One event whose text {@code text} makes when it is first read; {@code sent} null for none. */
    public Event build(long now, State from, State to, Event.Kind kind, Event.Cause cause, Supplier<String> text,
                       Segment sent, String section, String must) {
        List<Segment> out = sent == null ? List.of() : List.of(sent);
        if (eagerText) {
            return new Event(now, endpoint, from, to, kind, cause, text.get(), out, section, must);
        }
        return Event.lazy(now, endpoint, from, to, kind, cause, text, out, section, must);
    }

    /** Records {@code e} as a reason (calls excepted) and holds it, or delivers it now when not holding. */
    public void publish(Event e, Consumer<Event> deliver) {
        if (reasons != null && e.kind() != Event.Kind.CALL) {
            reasons.add(e);
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
                e = e.withSent(sent);
            }
            deliver.accept(e);
        }
    }
}
