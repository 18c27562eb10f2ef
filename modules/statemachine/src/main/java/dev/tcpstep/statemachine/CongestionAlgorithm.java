package dev.tcpstep.statemachine;

/** The congestion control a {@link Profile} chooses; all share RFC 5681's slow start and timeout rules. */
public enum CongestionAlgorithm {
    /** RFC 5681 §3.2: fast retransmit, fast recovery ends at the first ACK of new data. */
    RENO("Reno"),
    /** RFC 6582: fast recovery lasts until everything sent before the loss is acknowledged. */
    NEW_RENO("NewReno"),
    /** RFC 9438: NewReno's recovery, a cubic window growth and a decrease to 0.7. */
    CUBIC("CUBIC");

    private final String displayName;

    CongestionAlgorithm(String displayName) {
        this.displayName = displayName;
    }

    /** {@return the usual spelling: Reno, NewReno, CUBIC} */
    public String displayName() {
        return displayName;
    }
}
