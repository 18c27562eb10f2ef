package dev.tcpstep.statemachine;

import dev.tcpstep.codec.Payload;
import dev.tcpstep.codec.Segment;

import java.util.List;

/**
 * The answer to a user call (RFC 9293 §3.10.1–§3.10.6): {@code ok} or one of the RFC's
 * named errors, the segments the call made the endpoint send, the data a RECEIVE
 * returned, and the state after the call.
 *
 * <p>An error the RFC defines for a call (e.g. RECEIVE when the connection does not exist)
 * is this value with {@link #error()} set, never an exception; the call then changed
 * nothing. Exceptions are left for programming errors (a null or out-of-range argument).
 *
 * @param connection the connection the call was about (null when there is none)
 * @param error      null for "ok"
 * @param sent       segments to transmit (the caller decides whether to; see package docs)
 * @param data       for RECEIVE: the bytes delivered (empty otherwise)
 * @param state      the connection's state after the call (for a passive OPEN with the remote
 *                   socket unspecified, LISTEN when it succeeded)
 * @param listener   for a passive OPEN with the remote socket unspecified ({@link Host#listen}):
 *                   the listener it made, null otherwise and when the call failed
 */
public record CallResult(Connection connection, TcpError error, List<Segment> sent, Payload data, State state,
                         Listener listener) {
    /**
     * Copies the segments; a null {@code data} becomes empty.
     *
     * @throws NullPointerException if {@code sent} or {@code state} is null
     */
    public CallResult {
        sent = List.copyOf(sent);
        data = data == null ? Payload.EMPTY : data;
        java.util.Objects.requireNonNull(state, "state");
    }

    /**
     * The answer to a call on a connection (no listener).
     *
     * @param connection the connection the call was about (null when there is none)
     * @param error      null for "ok"
     * @param sent       segments to transmit
     * @param data       for RECEIVE: the bytes delivered (null or empty otherwise)
     * @param state      the connection's state after the call
     * @throws NullPointerException if {@code sent} or {@code state} is null
     */
    public CallResult(Connection connection, TcpError error, List<Segment> sent, Payload data, State state) {
        this(connection, error, sent, data, state, null);
    }

    /**
     * A call that failed with {@code error} and changed nothing: no segment, no data.
     *
     * @param connection the connection the call was about (null when there is none)
     * @param error      the RFC's error
     * @param state      the state the call found (and left)
     * @return the failed result
     * @throws NullPointerException if {@code error} or {@code state} is null
     */
    public static CallResult failed(Connection connection, TcpError error, State state) {
        return new CallResult(connection, java.util.Objects.requireNonNull(error, "error"), List.of(), Payload.EMPTY,
                state, null);
    }

    /** {@return true when the call succeeded (no error)} */
    public boolean ok() {
        return error == null;
    }

    /**
     * The connection, or an exception naming the error: for callers that treat any RFC error
     * as a bug of their own (tests, harnesses); others check {@link #ok()}.
     *
     * @return the connection
     * @throws IllegalStateException naming the RFC error when the call failed
     */
    public Connection orThrow() {
        if (error != null) {
            throw new IllegalStateException(error.rfcText() + " (state " + state + ")");
        }
        return connection;
    }

    @Override
    public String toString() {
        return (error == null ? "ok" : error.rfcText()) + ", state = " + state
                + (sent.isEmpty() ? "" : ", sent " + sent.size() + " segment(s)")
                + (data.isEmpty() ? "" : ", " + data.length() + " bytes");
    }
}
