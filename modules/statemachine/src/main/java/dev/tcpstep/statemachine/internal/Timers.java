package dev.tcpstep.statemachine.internal;

/**
 * A connection's timers (RFC 9293 §3.8, §3.10.8): each is a deadline in nanoseconds of
 * virtual time, or {@link #NEVER} when it is not running. Nothing here fires by itself:
 * the connection asks {@link #next()} and runs the ones that are {@link #due}.
 * (The delayed-ACK deadline stays with the connection's ACK bookkeeping.)
 */
public final class Timers {
    /** "Not running". */
    public static final long NEVER = Long.MAX_VALUE;

    /** The timers, named as the events name them. */
    public enum Kind {
        /** RFC 6298 retransmission timer. */
        RTX("retransmission"),
        /** RFC 9293 §3.8.6.1 zero-window probe. */
        PERSIST("persist"),
        /** RFC 9293 §3.6.1, 2×MSL. */
        TIME_WAIT("time-wait"),
        /** RFC 9293 §3.8.3 user timeout. */
        USER("user"),
        /** RFC 9293 §3.8.4 keep-alive. */
        KEEP_ALIVE("keep-alive");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The name events give the timer, e.g. "retransmission". */
        public String label() {
            return label;
        }
    }

    private final long[] at = new long[Kind.values().length];

    public Timers() {
        stopAll();
    }

    /** The deadline of {@code k}, or {@link #NEVER}. */
    public long at(Kind k) {
        return at[k.ordinal()];
    }

    public void set(Kind k, long deadline) {
        at[k.ordinal()] = deadline;
    }

    /** Starts {@code k} for {@code deadline} unless it is already running. */
    public void startIfStopped(Kind k, long deadline) {
        if (at[k.ordinal()] == NEVER) {
            at[k.ordinal()] = deadline;
        }
    }

    public void stop(Kind k) {
        at[k.ordinal()] = NEVER;
    }

    public boolean running(Kind k) {
        return at[k.ordinal()] != NEVER;
    }

    /** True when {@code k} runs and its deadline is at or before {@code now}. */
    public boolean due(Kind k, long now) {
        return at[k.ordinal()] <= now;
    }

    /** The earliest deadline, or {@link #NEVER}. */
    public long next() {
        long m = NEVER;
        for (long t : at) {
            m = Math.min(m, t);
        }
        return m;
    }

    public void stopAll() {
        java.util.Arrays.fill(at, NEVER);
    }
}
