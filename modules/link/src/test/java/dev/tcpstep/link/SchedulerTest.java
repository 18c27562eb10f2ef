package dev.tcpstep.link;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void seededRandomTimes_comeOutAsAStableSortByTime_removeIfKeepsTheOrder() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(13);
        Scheduler<Integer> s = new Scheduler<>();
        List<long[]> ref = new ArrayList<>(); // {time, insertion}
        for (int i = 0; i < 5_000; i++) {
            long t = r.nextInt(300); // many equal times: the tie-break matters
            s.schedule(t, i);
            ref.add(new long[] {t, i});
            if (i % 7 == 0) {
                var e = s.poll(); // interleave removals with insertions
                long[] min = ref.stream().min(java.util.Comparator.<long[]>comparingLong(a -> a[0])
                        .thenComparingLong(a -> a[1])).orElseThrow();
                assertEquals(min[1], (long) e.event());
                ref.remove(min);
            }
        }
        java.util.function.LongPredicate gone = v -> v % 10 == 3 || v == 4_999;
        int before = ref.size();
        ref.removeIf(a -> gone.test(a[1]));
        assertEquals(before - ref.size(), s.removeIf(v -> gone.test(v)));
        assertTrue(before - ref.size() > 300, "removes a good share");
        ref.sort(java.util.Comparator.<long[]>comparingLong(a -> a[0]).thenComparingLong(a -> a[1]));
        List<Long> want = ref.stream().map(a -> a[1]).toList();
        assertEquals(want, s.pending().stream().map(e -> (long) e.event()).toList());
        List<Long> got = new ArrayList<>();
        for (var e = s.poll(); e != null; e = s.poll()) {
            got.add((long) e.event());
        }
        assertEquals(want, got);
        assertEquals(0, s.size());
    }
}
