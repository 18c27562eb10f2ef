package dev.tcpstep.statemachine.internal;

/** RFC 6582: Reno whose fast recovery retransmits at each partial ACK and ends at "recover". */
class NewReno extends Reno {
    @Override
    public String algorithm() {
        return "NewReno";
    }

    @Override
    boolean partialAcksKeepRecovery() {
        return true;
    }
}
