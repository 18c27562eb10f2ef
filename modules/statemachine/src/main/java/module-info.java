/**
 * A sans-I/O RFC 9293 TCP endpoint. No clock, thread, socket or random source inside:
 * time comes in as {@code now}, segments come in as values, what to send goes out as
 * values.
 */
module dev.tcpstep.statemachine {
    requires transitive dev.tcpstep.codec;

    exports dev.tcpstep.statemachine;
}
