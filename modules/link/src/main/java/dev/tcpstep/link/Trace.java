package dev.tcpstep.link;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/** The one ordered log of a simulation. Listeners see each entry as it is added. */
public final class Trace {
    private final List<TraceEntry> entries = new ArrayList<>();
    private final List<Consumer<TraceEntry>> listeners = new ArrayList<>();

    /** An empty trace. */
    public Trace() {
    }

    /**
     * Appends an entry (in time order) and tells the listeners. The {@link Simulation} adds its
     * own; another {@link Link} (the TUN link) records its packets and events here.
     *
     * @param e the entry, no earlier than the last one
     */
    public void add(TraceEntry e) {
        entries.add(e);
        for (Consumer<TraceEntry> l : listeners) {
            l.accept(e);
        }
    }

    /** {@return the number of entries} */
    public int size() {
        return entries.size();
    }

    /** {@return every entry in order (a read-only view that grows with the trace)} */
    public List<TraceEntry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /**
     * Entries from index {@code mark} on.
     *
     * @param mark an index, e.g. an earlier {@link #size()}
     * @return a copy of the entries from {@code mark} on
     */
    public List<TraceEntry> since(int mark) {
        return List.copyOf(entries.subList(mark, entries.size()));
    }

    /**
     * Calls {@code l} with every entry added from now on.
     *
     * @param l the listener
     */
    public void addListener(Consumer<TraceEntry> l) {
        listeners.add(l);
    }

    /**
     * Entries of one type, in order.
     *
     * @param <T>  the entry type
     * @param type its class, e.g. {@code TraceEntry.Sent.class}
     * @return those entries, in order
     */
    public <T extends TraceEntry> List<T> of(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (TraceEntry e : entries) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }

    /**
     * The segment sent as transmission {@code number}, or null.
     *
     * @param number the transmission number ({@code #n})
     * @return its entry, or null when there is none
     */
    public TraceEntry.Sent sent(long number) {
        for (TraceEntry e : entries) {
            if (e instanceof TraceEntry.Sent s && s.number() == number) {
                return s;
            }
        }
        return null;
    }
}
