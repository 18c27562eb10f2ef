/**
 * A sans-I/O RFC 9293 TCP endpoint. No clock, thread, socket or random source inside:
 * time comes in as {@code now}, segments come in as values, what to send goes out as
 * values.
 *
 * <p>API: {@code dev.tcpstep.statemachine} ({@code Host}, {@code Connection}, {@code Tcb},
 * {@code Event}, {@code SeqNum}, {@code Profile}, {@code IsnSource}). The send and receive
 * queues and the ISN hash live in {@code dev.tcpstep.statemachine.internal}, not exported.
 */
module dev.tcpstep.statemachine {
    requires transitive dev.tcpstep.codec;

    exports dev.tcpstep.statemachine;
}
