package dev.tcpstep.statemachine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 9293 §3.4: comparisons by wrapping subtraction, safe across 2^32. */
class SeqNumTest {
    @ParameterizedTest(name = "{0} < {1}")
    @CsvSource({
        "0, 1",
        "4294967295, 0",          // 2^32-1 < 0: the wrap
        "4294967290, 5",
        "100, 2147483747",        // just under 2^31 apart
    })
    void lt_acrossTheWrap(long a, long b) {
        assertTrue(SeqNum.lt(a, b));
        assertTrue(SeqNum.leq(a, b));
        assertFalse(SeqNum.gt(a, b));
        assertFalse(SeqNum.geq(a, b));
        assertTrue(SeqNum.gt(b, a));
    }

    @Test
    void equal_isLeqAndGeq_notLtOrGt() {
        assertTrue(SeqNum.leq(7, 7));
        assertTrue(SeqNum.geq(7, 7));
        assertFalse(SeqNum.lt(7, 7));
        assertFalse(SeqNum.gt(7, 7));
    }

    @Test
    void add_wraps() {
        assertEquals(1, SeqNum.add(0xFFFF_FFFFL, 2));
        assertEquals(0xFFFF_FFFFL, SeqNum.add(0, -1));
    }

    @Test
    void diff_isSigned() {
        assertEquals(3, SeqNum.diff(1, 0xFFFF_FFFEL));
        assertEquals(-3, SeqNum.diff(0xFFFF_FFFEL, 1));
    }

    @Test
    void inWindow_leftInclusive_rightExclusive_acrossWrap() {
        long left = 0xFFFF_FFF0L;
        assertTrue(SeqNum.inWindow(left, left, 100));
        assertTrue(SeqNum.inWindow(5, left, 100));
        assertTrue(SeqNum.inWindow(SeqNum.add(left, 99), left, 100));
        assertFalse(SeqNum.inWindow(SeqNum.add(left, 100), left, 100));
        assertFalse(SeqNum.inWindow(SeqNum.add(left, -1), left, 100));
        assertFalse(SeqNum.inWindow(left, left, 0), "an empty window holds nothing");
    }

    @Test
    void between_inclusive() {
        assertTrue(SeqNum.between(0xFFFF_FFFFL, 0, 3));
        assertTrue(SeqNum.between(0xFFFF_FFFFL, 3, 3));
        assertFalse(SeqNum.between(0xFFFF_FFFFL, 4, 3));
    }

    @Test
    void require_namesTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SeqNum.require("isn", 1L << 32));
        assertEquals("isn 4294967296 (expected: 0..4294967295)", e.getMessage());
    }
}
