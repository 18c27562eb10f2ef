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
    /** One scheduled event: when, its insertion number (the tie-break) and what. */
    public record Entry<E>(long time, long order, E event) {
    }

    private static final Comparator<Entry<?>> ORDER =
            Comparator.<Entry<?>>comparingLong(Entry::time).thenComparingLong(Entry::order);

    private final PriorityQueue<Entry<E>> queue = new PriorityQueue<>(ORDER);
    private long inserted;

    /** Schedules {@code event} at virtual time {@code time} (nanoseconds). */
    public Entry<E> schedule(long time, E event) {
        Entry<E> e = new Entry<>(time, inserted++, event);
        queue.add(e);
        return e;
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }

    public int size() {
        return queue.size();
    }

    /** The next event without removing it, or null. */
    public Entry<E> peek() {
        return queue.peek();
    }

    /** Removes and returns the next event, or null. */
    public Entry<E> poll() {
        return queue.poll();
    }

    /** Removes every event the predicate selects; returns how many. */
    public int removeIf(Predicate<? super E> which) {
        int before = queue.size();
        queue.removeIf(e -> which.test(e.event()));
        return before - queue.size();
    }

    /** Everything pending, in the order it will come out. */
    public List<Entry<E>> pending() {
        List<Entry<E>> all = new ArrayList<>(queue);
        all.sort(ORDER);
        return all;
    }

    /** A copy with the same entries and insertion counter (for snapshots). */
    public Scheduler<E> copy() {
        Scheduler<E> s = new Scheduler<>();
        s.queue.addAll(queue);
        s.inserted = inserted;
        return s;
    }
}
