/**
 * A tcpstep endpoint against the real Linux TCP stack: a TUN device (opened with FFM)
 * inside a throw-away network namespace, a statemachine {@code Host} driven with
 * monotonic time, kernel-side socket programs run inside the namespace, and a trace of
 * every packet both ways. Linux only; needs root. See {@link dev.tcpstep.tun}.
 */
module dev.tcpstep.tun {
    requires transitive dev.tcpstep.statemachine;
    requires transitive dev.tcpstep.codec;
    requires transitive dev.tcpstep.link;

    exports dev.tcpstep.tun;
}
