package dev.tcpstep.link;

import java.util.Arrays;
import java.util.List;
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

    /** A binary min-heap ordered by (time, order), compared on the two longs: no comparator object. */
    private Entry<E>[] heap = newArray(16);
    private int size;
    private long inserted;

    @SuppressWarnings("unchecked")
    private static <E> Entry<E>[] newArray(int n) {
        return (Entry<E>[]) new Entry<?>[n];
    }

    private static boolean before(Entry<?> a, Entry<?> b) {
        return a.time < b.time || (a.time == b.time && a.order < b.order);
    }

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
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        up(size++, e);
        return e;
    }

    /** {@return true when no event is pending} */
    public boolean isEmpty() {
        return size == 0;
    }

    /** {@return the number of pending events} */
    public int size() {
        return size;
    }

    /** {@return the next event without removing it, or null} */
    public Entry<E> peek() {
        return size == 0 ? null : heap[0];
    }

    /** {@return the next event, removed, or null when none is pending} */
    public Entry<E> poll() {
        if (size == 0) {
            return null;
        }
        Entry<E> first = heap[0];
        Entry<E> last = heap[--size];
        heap[size] = null;
        if (size > 0) {
            down(0, last);
        }
        return first;
    }

    /**
     * Removes every event the predicate selects; returns how many.
     *
     * @param which selects the events to remove
     * @return how many were removed
     */
    public int removeIf(Predicate<? super E> which) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (!which.test(heap[i].event())) {
                heap[kept++] = heap[i];
            }
        }
        int removed = size - kept;
        Arrays.fill(heap, kept, size, null);
        size = kept;
        for (int i = (size >>> 1) - 1; i >= 0; i--) {
            down(i, heap[i]);
        }
        return removed;
    }

    /** {@return everything pending, in the order it will come out} */
    public List<Entry<E>> pending() {
        Entry<E>[] all = Arrays.copyOf(heap, size);
        Arrays.sort(all, (a, b) -> before(a, b) ? -1 : before(b, a) ? 1 : 0);
        return List.of(all);
    }

    /** {@return a copy with the same entries and insertion counter (for snapshots)} */
    public Scheduler<E> copy() {
        Scheduler<E> s = new Scheduler<>();
        s.heap = Arrays.copyOf(heap, heap.length);
        s.size = size;
        s.inserted = inserted;
        return s;
    }

    private void up(int i, Entry<E> e) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Entry<E> p = heap[parent];
            if (!before(e, p)) {
                break;
            }
            heap[i] = p;
            i = parent;
        }
        heap[i] = e;
    }

    private void down(int i, Entry<E> e) {
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            Entry<E> c = heap[child];
            int right = child + 1;
            if (right < size && before(heap[right], c)) {
                child = right;
                c = heap[child];
            }
            if (!before(c, e)) {
                break;
            }
            heap[i] = c;
            i = child;
        }
        heap[i] = e;
    }
}
