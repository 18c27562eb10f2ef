package dev.tcpstep.link;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a {@link Trace} keeps of what happened, chosen with
 * {@link Simulation.Builder#retention(Retention)}. Whatever the mode, the trace's
 * {@link Trace#counters() counters} are kept, listeners see every entry, and
 * {@link Simulation#step()} returns the entries its event produced.
 *
 * <ul>
 * <li>{@link #full()}: every entry, for as long as the simulation lives (the default, and
 *   what the REPL uses: ladder diagrams, exports after the fact and undo read it).</li>
 * <li>{@link #last(int)}: only the most recent {@code n} entries; older ones are dropped.</li>
 * <li>{@link #pcapng(Path)} and {@link #jsonLines(Path)}: each entry goes to the file as
 *   it happens and is not kept; the file is byte for byte what {@link Exports#pcapng} or
 *   {@link Exports#jsonLines} writes from a full trace of the same run. It is written
 *   atomically: to a temporary file beside the target, renamed into place by
 *   {@link Simulation#close()}.</li>
 * <li>{@link #counters()}: no entries at all, only the counters.</li>
 * </ul>
 */
public final class Retention {
    /** The retention modes. */
    public enum Mode {
        /** Every entry is kept. */
        FULL,
        /** The last {@link Retention#limit()} entries are kept. */
        LAST,
        /** Entries are streamed to a pcapng file and not kept. */
        PCAPNG,
        /** Entries are streamed to a JSON-lines file and not kept. */
        JSON_LINES,
        /** Only the counters are kept. */
        COUNTERS
    }

    private static final Retention FULL = new Retention(Mode.FULL, Integer.MAX_VALUE, null);
    private static final Retention COUNTERS = new Retention(Mode.COUNTERS, 0, null);

    private final Mode mode;
    private final int limit;
    private final Path file;

    private Retention(Mode mode, int limit, Path file) {
        this.mode = mode;
        this.limit = limit;
        this.file = file;
    }

    /** {@return every entry kept (the default)} */
    public static Retention full() {
        return FULL;
    }

    /**
     * Keeps only the most recent entries.
     *
     * @param n how many entries to keep, at least 1
     * @return the retention
     * @throws IllegalArgumentException if {@code n} is below 1
     */
    public static Retention last(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("retention of the last " + n + " entries (expected: at least 1)");
        }
        return new Retention(Mode.LAST, n, null);
    }

    /**
     * Streams the transmissions to a pcapng file as they happen (as {@link Exports#pcapng} writes them).
     * A packet is written once nothing more can happen to it (every copy arrived or was lost), so
     * the packets in flight are the only ones held.
     *
     * @param file the target; its directory must exist
     * @return the retention
     */
    public static Retention pcapng(Path file) {
        return new Retention(Mode.PCAPNG, 0, Objects.requireNonNull(file, "file"));
    }

    /**
     * Streams every entry to a JSON-lines file as it happens (as {@link Exports#jsonLines} writes it).
     *
     * @param file the target; its directory must exist
     * @return the retention
     */
    public static Retention jsonLines(Path file) {
        return new Retention(Mode.JSON_LINES, 0, Objects.requireNonNull(file, "file"));
    }

    /** {@return no entries kept, only the counters} */
    public static Retention counters() {
        return COUNTERS;
    }

    /** {@return the mode} */
    public Mode mode() {
        return mode;
    }

    /** {@return how many entries are kept at most: {@code Integer.MAX_VALUE} for full, 0 when none are kept} */
    public int limit() {
        return limit;
    }

    /** {@return the file entries are streamed to, or null when none} */
    public Path file() {
        return file;
    }

    /** {@return true when the trace keeps entries in memory (full or last n)} */
    public boolean keepsEntries() {
        return mode == Mode.FULL || mode == Mode.LAST;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Retention r && r.mode == mode && r.limit == limit && Objects.equals(r.file, file);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, limit, file);
    }

    /** {@return the retention as text, e.g. {@code last 1000} or {@code pcapng run.pcapng}} */
    @Override
    public String toString() {
        return switch (mode) {
            case FULL -> "full";
            case LAST -> "last " + limit;
            case PCAPNG -> "pcapng " + file;
            case JSON_LINES -> "json-lines " + file;
            case COUNTERS -> "counters";
        };
    }
}
