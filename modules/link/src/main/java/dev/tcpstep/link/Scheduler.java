package dev.tcpstep.link;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * A discrete-event queue over virtual time: events come out ordered by time, then by
 * the order they were scheduled. Nothing here reads a wall clock, so the same calls give
 * the same order every run.
 *
 * @param <E> what an event carries
 */
public final class Scheduler<E> {
    /**
     * One scheduled event: when, its insertion number (the tie-break) and what.
     *
     * @param <E>   what the event carries
     * @param time  when, in virtual nanoseconds
     * @param order its insertion number, the tie-break between equal times
     * @param event what happens
     */
    public record Entry<E>(long time, long order, E event) {
    }

    private static final Comparator<Entry<?>> ORDER =
            Comparator.<Entry<?>>comparingLong(Entry::time).thenComparingLong(Entry::order);

    private final PriorityQueue<Entry<E>> queue = new PriorityQueue<>(ORDER);
    private long inserted;

    /** An empty queue. */
    public Scheduler() {
    }

    /**
     * Schedules {@code event} at virtual time {@code time} (nanoseconds).
     *
     * @param time  virtual time in nanoseconds
     * @param event what happens then
     * @return the entry, with its insertion number
     */
    public Entry<E> schedule(long time, E event) {
        Entry<E> e = new Entry<>(time, inserted++, event);
        queue.add(e);
        return e;
    }

    /** {@return true when no event is pending} */
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /** {@return the number of pending events} */
    public int size() {
        return queue.size();
    }

    /** {@return the next event without removing it, or null} */
    public Entry<E> peek() {
        return queue.peek();
    }

    /** {@return the next event, removed, or null when none is pending} */
    public Entry<E> poll() {
        return queue.poll();
    }

    /**
     * Removes every event the predicate selects; returns how many.
     *
     * @param which selects the events to remove
     * @return how many were removed
     */
    public int removeIf(Predicate<? super E> which) {
        int before = queue.size();
        queue.removeIf(e -> which.test(e.event()));
        return before - queue.size();
    }

    /** {@return everything pending, in the order it will come out} */
    public List<Entry<E>> pending() {
        List<Entry<E>> all = new ArrayList<>(queue);
        all.sort(ORDER);
        return all;
    }

    /** {@return a copy with the same entries and insertion counter (for snapshots)} */
    public Scheduler<E> copy() {
        Scheduler<E> s = new Scheduler<>();
        s.queue.addAll(queue);
        s.inserted = inserted;
        return s;
    }
}
