package dev.tcpstep.statemachine;

/** Receives every {@link Event} an endpoint emits, in order, on the caller's thread. */
@FunctionalInterface
public interface EventListener {
    void onEvent(Event event);
}
