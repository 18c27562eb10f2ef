package dev.tcpstep.statemachine.internal;

import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.TcpFlags;
import dev.tcpstep.statemachine.Event;
import dev.tcpstep.statemachine.State;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StepLogTest {
    static final Event.Cause CALL = new Event.Cause.Call("OPEN active");

    static Segment syn() throws Exception {
        return Segment.builder().addresses(InetAddress.getByName("192.0.2.1"), InetAddress.getByName("192.0.2.2"))
                .srcPort(1).dstPort(2).seq(0).flags(TcpFlags.SYN).build();
    }

    @Test
    void holding_transitionCarriesWhatTheStepSent() throws Exception {
        StepLog log = new StepLog("client");
        List<Event> got = new ArrayList<>();
        log.begin(true, true);
        log.publish(log.build(5, State.CLOSED, State.SYN_SENT, Event.Kind.TRANSITION, CALL, "active OPEN", null,
                "3.10.1", null), got::add);
        assertTrue(got.isEmpty(), "held until the step ends");
        Segment s = syn();
        log.flush(List.of(s), got::add);
        assertEquals(1, got.size());
        assertEquals(List.of(s), got.get(0).sent());
        assertEquals("client", got.get(0).endpoint());
    }

    @Test
    void notHolding_deliversAtOnce_reasonsSkipCalls() {
        StepLog log = new StepLog("server");
        List<Event> got = new ArrayList<>();
        log.begin(true, false);
        log.publish(log.build(1, State.LISTEN, State.LISTEN, Event.Kind.DROP, CALL, "dropped: x", null, "3.10.7.2",
                null), got::add);
        log.publish(log.build(1, State.LISTEN, State.LISTEN, Event.Kind.CALL, CALL, "ok", null, "3.10.1", null),
                got::add);
        assertEquals(2, got.size());
        assertEquals(1, log.reasons().size());
        assertTrue(log.reasons().get(0).contains("dropped: x"));
    }

    @Test
    void noReasonsKept_reasonsEmpty() {
        StepLog log = new StepLog("x");
        log.begin(false, false);
        log.publish(log.build(1, State.LISTEN, State.LISTEN, Event.Kind.DROP, CALL, "d", null, "3.10.7.2", null),
                e -> { });
        assertTrue(log.reasons().isEmpty());
    }
}
