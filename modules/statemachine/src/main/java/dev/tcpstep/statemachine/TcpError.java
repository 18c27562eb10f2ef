package dev.tcpstep.statemachine;

/**
 * The errors RFC 9293 §3.10 names for user calls and signals, spelled as the RFC spells
 * them ({@link #rfcText()}), plus the reasons a connection can end by itself.
 */
public enum TcpError {
    CONNECTION_DOES_NOT_EXIST("error: connection does not exist"),
    CONNECTION_ALREADY_EXISTS("error: connection already exists"),
    CONNECTION_CLOSING("error: connection closing"),
    CLOSING("error: closing"),
    CONNECTION_RESET("error: connection reset"),
    CONNECTION_REFUSED("error: connection refused"),
    REMOTE_SOCKET_UNSPECIFIED("error: remote socket unspecified"),
    INSUFFICIENT_RESOURCES("error: insufficient resources"),
    /** §3.10.8 USER TIMEOUT. */
    USER_TIMEOUT("error: connection aborted due to user timeout"),
    /** §3.8.3 (MUST-20): the same segment was retransmitted R2 times. */
    RETRANSMISSION_LIMIT("error: connection aborted after R2 retransmissions");

    private final String rfcText;

    TcpError(String rfcText) {
        this.rfcText = rfcText;
    }

    /** E.g. {@code error: connection does not exist}. */
    public String rfcText() {
        return rfcText;
    }

    @Override
    public String toString() {
        return rfcText;
    }
}
