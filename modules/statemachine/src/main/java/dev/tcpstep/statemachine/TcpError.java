package dev.tcpstep.statemachine;

/**
 * The errors RFC 9293 §3.10 names for user calls and signals, spelled as the RFC spells
 * them ({@link #rfcText()}), plus the reasons a connection can end by itself.
 */
public enum TcpError {
    /** The call names a connection that does not exist (or is CLOSED). */
    CONNECTION_DOES_NOT_EXIST("error: connection does not exist"),
    /** OPEN on a connection or port already in use. */
    CONNECTION_ALREADY_EXISTS("error: connection already exists"),
    /** SEND or RECEIVE after the connection began closing. */
    CONNECTION_CLOSING("error: connection closing"),
    /** The RFC's "error: closing" response to a call on a connection being closed. */
    CLOSING("error: closing"),
    /** The remote TCP reset the connection. */
    CONNECTION_RESET("error: connection reset"),
    /** The remote TCP refused the connection (a RST answered the SYN). */
    CONNECTION_REFUSED("error: connection refused"),
    /** SEND on a passive OPEN whose remote socket is not known yet. */
    REMOTE_SOCKET_UNSPECIFIED("error: remote socket unspecified"),
    /** No room for the call, e.g. SEND beyond the send buffer. */
    INSUFFICIENT_RESOURCES("error: insufficient resources"),
    /** §3.10.8 USER TIMEOUT. */
    USER_TIMEOUT("error: connection aborted due to user timeout"),
    /** §3.8.3 (MUST-20): the same segment was retransmitted R2 times. */
    RETRANSMISSION_LIMIT("error: connection aborted after R2 retransmissions");

    private final String rfcText;

    TcpError(String rfcText) {
        this.rfcText = rfcText;
    }

    /** {@return the RFC's wording, e.g. {@code error: connection does not exist}} */
    public String rfcText() {
        return rfcText;
    }

    @Override
    public String toString() {
        return rfcText;
    }
}
