package dev.tcpstep.statemachine;

/** The eleven connection states of RFC 9293 §3.3.2, spelled as the RFC spells them. */
public enum State {
    /** Waiting for a connection request from any remote TCP and port. */
    LISTEN("LISTEN"),
    /** Waiting for a matching connection request after having sent one. */
    SYN_SENT("SYN-SENT"),
    /** Waiting for a confirming acknowledgment after having both received and sent a connection request. */
    SYN_RECEIVED("SYN-RECEIVED"),
    /** An open connection: data received can be delivered to the user. */
    ESTABLISHED("ESTABLISHED"),
    /** Waiting for a termination request from the remote TCP, or an acknowledgment of the one sent. */
    FIN_WAIT_1("FIN-WAIT-1"),
    /** Waiting for a termination request from the remote TCP. */
    FIN_WAIT_2("FIN-WAIT-2"),
    /** Waiting for a termination request from the local user. */
    CLOSE_WAIT("CLOSE-WAIT"),
    /** Waiting for an acknowledgment of the termination request sent, after receiving one. */
    CLOSING("CLOSING"),
    /** Waiting for an acknowledgment of the termination request sent after the remote TCP's. */
    LAST_ACK("LAST-ACK"),
    /** Waiting long enough (2×MSL) for the remote TCP to have received the acknowledgment of its termination request. */
    TIME_WAIT("TIME-WAIT"),
    /** No connection state at all. */
    CLOSED("CLOSED");

    private final String rfcName;

    State(String rfcName) {
        this.rfcName = rfcName;
    }

    /** {@return the RFC's spelling, e.g. {@code SYN-RECEIVED}} */
    public String rfcName() {
        return rfcName;
    }

    /** {@return true in the states where the connection is synchronized (RFC 9293 §3.5.2)} */
    public boolean synchronizedState() {
        return switch (this) {
            case LISTEN, SYN_SENT, SYN_RECEIVED, CLOSED -> false;
            default -> true;
        };
    }

    @Override
    public String toString() {
        return rfcName;
    }
}
