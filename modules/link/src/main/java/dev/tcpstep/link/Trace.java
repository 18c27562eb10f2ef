package dev.tcpstep.link;

import dev.tcpstep.codec.AtomicFile;
import dev.tcpstep.codec.CaptureWriter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one ordered log of a simulation. Listeners see each entry as it is added. What is
 * kept of it is the {@link Retention} it was made with: every entry (the default), the last
 * {@code n}, none (streamed to a file as it happens, or only counted). The
 * {@link #counters()} are kept in every mode.
 *
 * <p>Entries are numbered from 0 in the order they were added; {@link #size()} is how many
 * were added, whether or not they are still kept, so it serves as a mark for {@link #since(int)}.
 */
public final class Trace {
    private final Retention retention;
    /** Full retention: every entry. */
    private final List<TraceEntry> entries;
    /** Last-n retention: a ring of the most recent entries. */
    private final TraceEntry[] ring;
    private final Sink sink;
    private final List<Consumer<TraceEntry>> listeners = new ArrayList<>();
    private final TraceCounters.Tally tally = new TraceCounters.Tally();
    private long added;
    /** The entries of the calls in progress (see {@link #openWindow()}), whatever is kept. */
    private final ArrayList<TraceEntry> window = new ArrayList<>();
    private int windowDepth;
    private boolean closed;

    /** An empty trace that keeps every entry. */
    public Trace() {
        this(Retention.full(), null);
    }

    /** A trace with this retention, streaming into {@code sink} (null unless it streams). */
    private Trace(Retention retention, Sink sink) {
        this.retention = retention;
        this.entries = retention.mode() == Retention.Mode.FULL ? new ArrayList<>() : null;
        this.ring = retention.mode() == Retention.Mode.LAST ? new TraceEntry[retention.limit()] : null;
        this.sink = sink;
    }

    /**
     * A trace with {@code retention}; a streaming one opens its (temporary) file now.
     *
     * @throws IOException if the file cannot be created; nothing is then written
     */
    static Trace open(Retention retention) throws IOException {
        return switch (retention.mode()) {
            case PCAPNG -> new Trace(retention, new PcapngSink(AtomicFile.open(retention.file())));
            case JSON_LINES -> new Trace(retention, new JsonSink(AtomicFile.open(retention.file())));
            default -> new Trace(retention, null);
        };
    }

    /** {@return what this trace keeps} */
    public Retention retention() {
        return retention;
    }

    /**
     * Appends an entry (in time order) and tells the listeners. The {@link Simulation} adds its
     * own; another {@link Link} (the TUN link) records its packets and events here.
     *
     * @param e the entry, no earlier than the last one
     * @throws UncheckedIOException if a streamed file cannot be written (the entry is then kept nowhere)
     * @throws IllegalStateException if the trace's file was already closed
     */
    public void add(TraceEntry e) {
        if (closed) {
            throw new IllegalStateException("the trace's file " + retention.file()
                    + " was closed (written, or abandoned after a write error); nothing more can be added");
        }
        tally.count(e);
        if (entries != null) {
            entries.add(e);
        } else if (ring != null) {
            ring[(int) (added % ring.length)] = e;
        } else if (sink != null) {
            try {
                sink.accept(e);
            } catch (IOException x) {
                throw failed(x);
            }
        }
        added++;
        if (windowDepth > 0) {
            window.add(e);
        }
        for (Consumer<TraceEntry> l : listeners) {
            l.accept(e);
        }
    }

    /**
     * Transmission {@code number} is done with: every copy arrived or was lost, so no entry
     * about it follows. A streamed capture writes it then.
     */
    void settled(long number) {
        if (sink != null && !closed) {
            try {
                sink.settled(number);
            } catch (IOException x) {
                throw failed(x);
            }
        }
    }

    /**
     * Writes what is still held to the streamed file and renames it into place; no-op when
     * nothing is streamed or it was closed already.
     *
     * @throws IOException if the file cannot be written; the target is then unchanged
     */
    void close() throws IOException {
        if (closed || sink == null) {
            return;
        }
        closed = true;
        sink.finish();
    }

    private UncheckedIOException failed(IOException x) {
        closed = true;
        try {
            sink.abandon();
        } catch (IOException suppressed) {
            x.addSuppressed(suppressed);
        }
        return new UncheckedIOException("writing the trace to " + retention.file() + ": " + x.getMessage(), x);
    }

    /** Starts collecting the entries added from now on, whatever is kept; returns a mark for {@link #closeWindow}. */
    int openWindow() {
        if (windowDepth++ == 0) {
            window.clear();
        }
        return window.size();
    }

    /** {@return a copy of the entries added since {@code mark} was opened} */
    List<TraceEntry> closeWindow(int mark) {
        windowDepth--;
        List<TraceEntry> out = mark == window.size() ? List.of() : List.copyOf(window.subList(mark, window.size()));
        if (windowDepth == 0) {
            window.clear();
            if (out.size() > 1024) {
                window.trimToSize();
            }
        }
        return out;
    }

    /**
     * {@return the number of entries added since the start, those no longer kept included
     * (saturates at {@code Integer.MAX_VALUE}; {@link #added()} does not)}
     */
    public int size() {
        return (int) Math.min(added, Integer.MAX_VALUE);
    }

    /** {@return the number of entries added since the start, those no longer kept included} */
    public long added() {
        return added;
    }

    /** {@return the number of the oldest entry still kept ({@link #added()} when none is kept)} */
    public long firstKept() {
        return added - kept();
    }

    private int kept() {
        if (entries != null) {
            return entries.size();
        }
        if (ring != null) {
            return (int) Math.min(added, ring.length);
        }
        return 0;
    }

    /** {@return what the trace counted: entries, events, and packets, bytes and drops per direction} */
    public TraceCounters counters() {
        return tally.snapshot(added);
    }

    /**
     * {@return every entry kept, oldest first: with full retention all of them; with last n
     * the most recent n; none when streamed or counted (a read-only view that follows the trace)}
     */
    public List<TraceEntry> entries() {
        if (entries != null) {
            return Collections.unmodifiableList(entries);
        }
        if (ring != null) {
            return new AbstractList<>() {
                @Override
                public TraceEntry get(int i) {
                    int n = kept();
                    if (i < 0 || i >= n) {
                        throw new IndexOutOfBoundsException("entry " + i + " (expected: 0.." + (n - 1) + ")");
                    }
                    return ring[(int) ((added - n + i) % ring.length)];
                }

                @Override
                public int size() {
                    return kept();
                }
            };
        }
        return List.of();
    }

    /**
     * Entries from number {@code mark} on.
     *
     * @param mark an entry number, e.g. an earlier {@link #size()}
     * @return a copy of the entries from {@code mark} on
     * @throws IllegalStateException if some of them are no longer kept (bounded retention)
     */
    public List<TraceEntry> since(int mark) {
        long first = firstKept();
        if (mark < first) {
            throw new IllegalStateException("trace entries from #" + mark + " on are no longer kept (retention "
                    + retention + " keeps entries #" + first + " to #" + (added - 1) + "; Retention.full() keeps all)");
        }
        List<TraceEntry> kept = entries();
        int from = (int) (mark - first);
        return from >= kept.size() ? List.of() : List.copyOf(kept.subList(from, kept.size()));
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
     * Entries of one type among those kept, in order.
     *
     * @param <T>  the entry type
     * @param type its class, e.g. {@code TraceEntry.Sent.class}
     * @return those entries, in order
     */
    public <T extends TraceEntry> List<T> of(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (TraceEntry e : entries()) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }

    /**
     * The segment sent as transmission {@code number}, or null (also when it is no longer kept).
     *
     * @param number the transmission number ({@code #n})
     * @return its entry, or null when there is none
     */
    public TraceEntry.Sent sent(long number) {
        for (TraceEntry e : entries()) {
            if (e instanceof TraceEntry.Sent s && s.number() == number) {
                return s;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- streaming

    /** Where a streaming trace's entries go. */
    private interface Sink {
        void accept(TraceEntry e) throws IOException;

        default void settled(long number) throws IOException {
        }

        /** Writes what is held and commits the file. */
        void finish() throws IOException;

        /** Deletes the temporary file; the target stays as it was. */
        void abandon() throws IOException;
    }

    /** JSON lines: each entry is written when it is added, as {@link Exports#jsonLines} writes it. */
    private static final class JsonSink implements Sink {
        private final AtomicFile.Open file;
        private final Writer out;

        JsonSink(AtomicFile.Open file) {
            this.file = file;
            this.out = new BufferedWriter(new OutputStreamWriter(file.out(), StandardCharsets.UTF_8));
        }

        @Override
        public void accept(TraceEntry e) throws IOException {
            Exports.jsonLine(out, e);
        }

        @Override
        public void finish() throws IOException {
            try (file) {
                out.flush();
                file.commit();
            }
        }

        @Override
        public void abandon() throws IOException {
            file.close();
        }
    }

    /**
     * pcapng: a transmission is written once it is settled and every earlier one is written,
     * so only the transmissions in flight are held; the rest is {@link Exports#pcapng}'s bytes.
     */
    private static final class PcapngSink implements Sink {
        private final AtomicFile.Open file;
        private final PacketComments comments = new PacketComments();

        PcapngSink(AtomicFile.Open file) throws IOException {
            this.file = file;
            try {
                CaptureWriter.writePcapngHeader(file.out());
            } catch (IOException e) {
                file.close();
                throw e;
            }
        }

        @Override
        public void accept(TraceEntry e) throws IOException {
            comments.accept(e);
        }

        @Override
        public void settled(long number) throws IOException {
            comments.settle(number);
            if (comments.headSettled()) {
                write(comments.take(false));
            }
        }

        private void write(List<PacketComments.Packet> packets) throws IOException {
            for (PacketComments.Packet p : packets) {
                CaptureWriter.writePcapngPacket(file.out(), p.record());
            }
        }

        @Override
        public void finish() throws IOException {
            try (file) {
                write(comments.take(true));
                file.commit();
            }
        }

        @Override
        public void abandon() throws IOException {
            file.close();
        }
    }
}
