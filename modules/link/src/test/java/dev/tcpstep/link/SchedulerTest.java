package dev.tcpstep.link;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SchedulerTest {
    @Test
    void ordersByTimeThenByInsertion() {
        Scheduler<String> s = new Scheduler<>();
        s.schedule(20, "c");
        s.schedule(10, "a");
        s.schedule(20, "d");
        s.schedule(10, "b");
        List<String> out = new ArrayList<>();
        for (var e = s.poll(); e != null; e = s.poll()) {
            out.add(e.event());
        }
        assertEquals(List.of("a", "b", "c", "d"), out);
        assertNull(s.poll());
    }

    @Test
    void pendingIsInDeliveryOrderAndCopyIsIndependent() {
        Scheduler<String> s = new Scheduler<>();
        s.schedule(5, "x");
        s.schedule(1, "y");
        Scheduler<String> c = s.copy();
        s.poll();
        assertEquals(List.of("y", "x"), c.pending().stream().map(Scheduler.Entry::event).toList());
        assertEquals(List.of("x"), s.pending().stream().map(Scheduler.Entry::event).toList());
        c.schedule(5, "z");
        assertEquals(List.of("y", "x", "z"), c.pending().stream().map(Scheduler.Entry::event).toList());
    }

    @Test
    void removeIfCancels() {
        Scheduler<String> s = new Scheduler<>();
        s.schedule(1, "timer");
        s.schedule(2, "packet");
        assertEquals(1, s.removeIf("timer"::equals));
        assertEquals("packet", s.poll().event());
    }
}
