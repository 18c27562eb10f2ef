package dev.tcpstep.repl.graph;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AxisTest {
    @Test
    void niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(0.5, Axis.niceStep(0.7));
        assertEquals(1, Axis.niceStep(1.3));
        assertEquals(2, Axis.niceStep(2.5));
        assertEquals(5, Axis.niceStep(4.2));
        assertEquals(10, Axis.niceStep(8));
        assertEquals(0.05, Axis.niceStep(0.031), 1e-12);
        assertEquals(10_000, Axis.niceStep(12_345));
    }

    @Test
    void aByteAxisPicksKilobytesAndEndsOnATick() {
        Axis a = Axis.bytes(65_535, 7);
        assertEquals("kB", a.unit());
        assertEquals(0, a.min());
        assertEquals(70_000, a.max());
        assertEquals(List.of("0", "10", "20", "30", "40", "50", "60", "70"),
                a.ticks().stream().map(a::label).toList());
    }

    @Test
    void shortSpansAreInMillisecondsLongOnesInSeconds() {
        Axis ms = Axis.time(0, 250_000_000L, 5);
        assertEquals("ms", ms.unit());
        assertEquals("50", ms.label(ms.ticks().get(1)));
        Axis s = Axis.time(0, 12_300_000_000L, 6);
        assertEquals("s", s.unit());
        assertEquals(14e9, s.max());
        assertEquals("2", s.label(s.ticks().get(1)));
    }

    @Test
    void mapClampsToTheAxis() {
        Axis a = Axis.bytes(1000, 5);
        assertEquals(0, a.map(-5, 0, 100));
        assertEquals(100, a.map(5000, 0, 100));
        assertEquals(50, a.map(500, 0, 100), 1e-9);
    }
}
