package dev.tcpstep.link;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/** The one ordered log of a simulation. Listeners see each entry as it is added. */
public final class Trace {
    private final List<TraceEntry> entries = new ArrayList<>();
    private final List<Consumer<TraceEntry>> listeners = new ArrayList<>();

    /**
     * Appends an entry (in time order) and tells the listeners. The {@link Simulation} adds its
     * own; another {@link Link} (the TUN link) records its packets and events here.
     */
    public void add(TraceEntry e) {
        entries.add(e);
        for (Consumer<TraceEntry> l : listeners) {
            l.accept(e);
        }
    }

    public int size() {
        return entries.size();
    }

    public List<TraceEntry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /** Entries from index {@code mark} on. */
    public List<TraceEntry> since(int mark) {
        return List.copyOf(entries.subList(mark, entries.size()));
    }

    public void addListener(Consumer<TraceEntry> l) {
        listeners.add(l);
    }

    /** Entries of one type, in order. */
    public <T extends TraceEntry> List<T> of(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (TraceEntry e : entries) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }

    /** The segment sent as transmission {@code number}, or null. */
    public TraceEntry.Sent sent(long number) {
        for (TraceEntry e : entries) {
            if (e instanceof TraceEntry.Sent s && s.number() == number) {
                return s;
            }
        }
        return null;
    }
}
