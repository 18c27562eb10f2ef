package dev.tcpstep.statemachine;

/** Receives every {@link Event} an endpoint emits, in order, on the caller's thread. */
@FunctionalInterface
public interface EventListener {
    /**
     * Called with each event as it happens.
     *
     * @param event the event
     */
    void onEvent(Event event);
}
