package dev.tcpstep.statemachine.internal;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 6675 §4: Update, IsLost, SetPipe and NextSeg on a window of ten 100-byte segments from 1000. */
class SackScoreboardTest {
    static final int SMSS = 100;
    static final long UNA = 1000;
    static final long HIGH = 2000;

    static long[] b(long l, long r) {
        return new long[] {l, r};
    }

    @Nested
    class Update {
        @Test
        void newBlock_isNewInformation_repeatIsNot() {
            SackScoreboard s = new SackScoreboard();
            assertTrue(s.update(UNA, HIGH, List.of(b(1100, 1300))));
            assertFalse(s.update(UNA, HIGH, List.of(b(1100, 1300))));
            assertTrue(s.update(UNA, HIGH, List.of(b(1100, 1400))));
        }

        @Test
        void adjacentBlocks_merge() {
            SackScoreboard s = new SackScoreboard();
            s.update(UNA, HIGH, List.of(b(1100, 1200), b(1300, 1400)));
            s.update(UNA, HIGH, List.of(b(1200, 1300)));
            assertEquals(1, s.ranges().size());
            assertArrayEquals(b(1100, 1400), s.ranges().get(0));
        }

        @Test
        void dsackBelowUnaAndBlocksBeyondSent_ignored() {
            SackScoreboard s = new SackScoreboard();
            assertFalse(s.update(UNA, HIGH, List.of(b(900, 1000), b(2000, 2100))));
            assertTrue(s.ranges().isEmpty());
        }

        @Test
        void cumulativeAck_dropsCoveredRanges() {
            SackScoreboard s = new SackScoreboard();
            s.update(UNA, HIGH, List.of(b(1100, 1200), b(1500, 1600)));
            s.update(1300, HIGH, List.of());
            assertEquals(1, s.ranges().size());
            assertTrue(s.isSacked(1500));
            assertFalse(s.isSacked(1100));
        }
    }

    @Nested
    class IsLost {
        @Test
        void threeSegmentsSackedAbove_isLost() {
            SackScoreboard s = new SackScoreboard();
            s.update(UNA, HIGH, List.of(b(1100, 1300)));
            assertFalse(s.isLost(UNA, SMSS), "two segments above: (DupThresh-1)*SMSS not exceeded");
            s.update(UNA, HIGH, List.of(b(1100, 1400)));
            assertTrue(s.isLost(UNA, SMSS));
        }

        @Test
        void threeDiscontiguousBlocksAbove_isLost() {
            SackScoreboard s = new SackScoreboard();
            s.update(UNA, HIGH, List.of(b(1100, 1110), b(1200, 1210), b(1300, 1310)));
            assertTrue(s.isLost(UNA, SMSS));
        }
    }

    @Nested
    class Pipe {
        @Test
        void nothingSacked_pipeIsTheFlight() {
            SackScoreboard s = new SackScoreboard();
            s.update(UNA, HIGH, List.of());
            assertEquals(HIGH - UNA, s.pipe(HIGH, SMSS));
        }

        @Test
        void lostAndSackedLeaveThePipe_retransmissionsJoinIt() {
            SackScoreboard s = new SackScoreboard();
            // segment 1000 lost, 1100..1400 SACKed, 1400..2000 in flight
            s.update(UNA, HIGH, List.of(b(1100, 1400)));
            assertEquals(600, s.pipe(HIGH, SMSS));
            s.retransmitted(1000, 1100);
            assertEquals(700, s.pipe(HIGH, SMSS));
        }
    }

    @Nested
    class NextSeg {
        @Test
        void firstLostHoleAboveHighRxt() {
            SackScoreboard s = new SackScoreboard();
            s.update(UNA, HIGH, List.of(b(1100, 1200), b(1300, 1800)));
            assertArrayEquals(b(1000, 1100), s.nextLost(HIGH, SMSS));
            s.retransmitted(1000, 1100);
            assertArrayEquals(b(1200, 1300), s.nextLost(HIGH, SMSS));
            s.retransmitted(1200, 1300);
            assertNull(s.nextLost(HIGH, SMSS), "1800..2000 has nothing SACKed above");
        }

        @Test
        void rule3_unsackedWithSackAboveEvenIfNotLost() {
            SackScoreboard s = new SackScoreboard();
            s.update(UNA, HIGH, List.of(b(1100, 1200)));
            assertNull(s.nextLost(HIGH, SMSS));
            assertArrayEquals(b(1000, 1100), s.nextUnsackedBelowSack(HIGH, SMSS));
        }

        @Test
        void clear_forgetsBlocksAndRetransmissions() {
            SackScoreboard s = new SackScoreboard();
            s.update(UNA, HIGH, List.of(b(1100, 1400)));
            s.retransmitted(1000, 1100);
            s.clear();
            assertTrue(s.ranges().isEmpty());
            assertEquals(UNA, s.highRxt());
        }
    }

    @Test
    void wrapsAroundTheSequenceSpace() {
        SackScoreboard s = new SackScoreboard();
        long una = 0xFFFF_FF00L;
        s.update(una, 0x200, List.of(b(0xFFFF_FFA0L, 0x100)));
        assertTrue(s.isSacked(0x10));
        assertTrue(s.isLost(una, 0x40));
        assertArrayEquals(b(una, 0xFFFF_FF40L), s.nextLost(0x200, 0x40));
    }
}
