package dev.tcpstep.statemachine;

/** The eleven connection states of RFC 9293 §3.3.2, spelled as the RFC spells them. */
public enum State {
    LISTEN("LISTEN"),
    SYN_SENT("SYN-SENT"),
    SYN_RECEIVED("SYN-RECEIVED"),
    ESTABLISHED("ESTABLISHED"),
    FIN_WAIT_1("FIN-WAIT-1"),
    FIN_WAIT_2("FIN-WAIT-2"),
    CLOSE_WAIT("CLOSE-WAIT"),
    CLOSING("CLOSING"),
    LAST_ACK("LAST-ACK"),
    TIME_WAIT("TIME-WAIT"),
    CLOSED("CLOSED");

    private final String rfcName;

    State(String rfcName) {
        this.rfcName = rfcName;
    }

    /** The RFC's spelling, e.g. {@code SYN-RECEIVED}. */
    public String rfcName() {
        return rfcName;
    }

    /** True in the states where the connection is synchronized (RFC 9293 §3.5.2). */
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
