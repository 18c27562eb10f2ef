package dev.tcpstep.statemachine;

import dev.tcpstep.codec.Payload;
import dev.tcpstep.codec.Segment;

import java.util.List;

/**
 * The answer to a user call (RFC 9293 §3.10.1–§3.10.6): {@code ok} or one of the RFC's
 * named errors, the segments the call made the endpoint send, the data a RECEIVE
 * returned, and the state after the call.
 *
 * @param connection the connection the call was about (null when there is none)
 * @param error      null for "ok"
 * @param sent       segments to transmit (the caller decides whether to; see package docs)
 * @param data       for RECEIVE: the bytes delivered (empty otherwise)
 * @param state      the connection's state after the call
 */
public record CallResult(Connection connection, TcpError error, List<Segment> sent, Payload data, State state) {
    /** Copies the segments; a null {@code data} becomes empty. */
    public CallResult {
        sent = List.copyOf(sent);
        data = data == null ? Payload.EMPTY : data;
    }

    /** {@return true when the call succeeded (no error)} */
    public boolean ok() {
        return error == null;
    }

    /**
     * The connection, or an exception naming the error.
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
