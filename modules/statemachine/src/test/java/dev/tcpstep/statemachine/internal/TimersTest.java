package dev.tcpstep.statemachine.internal;

import org.junit.jupiter.api.Test;

import static dev.tcpstep.statemachine.internal.Timers.Kind.KEEP_ALIVE;
import static dev.tcpstep.statemachine.internal.Timers.Kind.PERSIST;
import static dev.tcpstep.statemachine.internal.Timers.Kind.RTX;
import static dev.tcpstep.statemachine.internal.Timers.Kind.USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimersTest {
    @Test
    void fresh_nothingRuns() {
        Timers t = new Timers();
        assertEquals(Timers.NEVER, t.next());
        for (Timers.Kind k : Timers.Kind.values()) {
            assertFalse(t.running(k), k.label());
            assertFalse(t.due(k, Long.MAX_VALUE - 1), k.label());
        }
    }

    @Test
    void next_isTheEarliestDeadline() {
        Timers t = new Timers();
        t.set(RTX, 300);
        t.set(KEEP_ALIVE, 100);
        t.set(USER, 200);
        assertEquals(100, t.next());
        t.stop(KEEP_ALIVE);
        assertEquals(200, t.next());
    }

    @Test
    void due_atAndAfterTheDeadline() {
        Timers t = new Timers();
        t.set(PERSIST, 50);
        assertFalse(t.due(PERSIST, 49));
        assertTrue(t.due(PERSIST, 50));
        assertTrue(t.due(PERSIST, 51));
    }

    @Test
    void startIfStopped_keepsARunningTimer() {
        Timers t = new Timers();
        t.startIfStopped(RTX, 10);
        t.startIfStopped(RTX, 20);
        assertEquals(10, t.at(RTX));
        t.stop(RTX);
        t.startIfStopped(RTX, 20);
        assertEquals(20, t.at(RTX));
    }

    @Test
    void stopAll_stopsEveryTimer() {
        Timers t = new Timers();
        t.set(RTX, 1);
        t.set(USER, 2);
        t.stopAll();
        assertEquals(Timers.NEVER, t.next());
    }

    @Test
    void labels_areTheEventNames() {
        assertEquals("retransmission", RTX.label());
        assertEquals("keep-alive", KEEP_ALIVE.label());
    }
}
