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

    // one field per kind, not an array: 16 bytes less per connection
    private long rtx;
    private long persist;
    private long timeWait;
    private long user;
    private long keepAlive;

    public Timers() {
        stopAll();
    }

    /** The deadline of {@code k}, or {@link #NEVER}. */
    public long at(Kind k) {
        return switch (k) {
            case RTX -> rtx;
            case PERSIST -> persist;
            case TIME_WAIT -> timeWait;
            case USER -> user;
            case KEEP_ALIVE -> keepAlive;
        };
    }

    public void set(Kind k, long deadline) {
        switch (k) {
            case RTX -> rtx = deadline;
            case PERSIST -> persist = deadline;
            case TIME_WAIT -> timeWait = deadline;
            case USER -> user = deadline;
            case KEEP_ALIVE -> keepAlive = deadline;
        }
    }

    /** Starts {@code k} for {@code deadline} unless it is already running. */
    public void startIfStopped(Kind k, long deadline) {
        if (at(k) == NEVER) {
            set(k, deadline);
        }
    }

    public void stop(Kind k) {
        set(k, NEVER);
    }

    public boolean running(Kind k) {
        return at(k) != NEVER;
    }

    /** True when {@code k} runs and its deadline is at or before {@code now}. */
    public boolean due(Kind k, long now) {
        return at(k) <= now;
    }

    /** The earliest deadline, or {@link #NEVER}. */
    public long next() {
        return Math.min(Math.min(Math.min(rtx, persist), Math.min(timeWait, user)), keepAlive);
    }

    public void stopAll() {
        rtx = NEVER;
        persist = NEVER;
        timeWait = NEVER;
        user = NEVER;
        keepAlive = NEVER;
    }
}
