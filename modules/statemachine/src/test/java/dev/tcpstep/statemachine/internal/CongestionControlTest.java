package dev.tcpstep.statemachine.internal;

import dev.tcpstep.statemachine.CongestionAlgorithm;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static dev.tcpstep.statemachine.internal.CongestionControl.DupAckAction.FAST_RETRANSMIT;
import static dev.tcpstep.statemachine.internal.CongestionControl.DupAckAction.NONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 5681, RFC 3042, RFC 6582, RFC 6675 §5, RFC 9438 and RFC 3168 §6.1.2 on the window
 * alone, by phase. Expected values are the RFC formulas evaluated here. Sequence numbers
 * start at ISS 0; SMSS is 1000.
 */
class CongestionControlTest {
    static final int SMSS = 1000;
    static final long IW = 4 * SMSS;

    static CongestionControl start(CongestionAlgorithm a) {
        CongestionControl c = CongestionControl.of(a);
        c.start(SMSS, IW, 0);
        return c;
    }

    /** A NewReno sender with {@code flight} bytes out ending at SND.NXT = 1 + flight, after three duplicate ACKs. */
    static CongestionControl inFastRecovery(CongestionAlgorithm a, long flight) {
        CongestionControl c = start(a);
        for (int i = 0; i < 2; i++) {
            assertEquals(NONE, c.onDuplicateAck(1, 1 + flight, flight, 0));
        }
        assertEquals(FAST_RETRANSMIT, c.onDuplicateAck(1, 1 + flight, flight, 0));
        return c;
    }

    @Nested
    class SlowStart {
        @Test
        void start_isTheInitialWindowInSlowStart() {
            CongestionControl c = start(CongestionAlgorithm.NEW_RENO);
            assertEquals(IW, c.cwnd());
            assertEquals("slow start", c.phase());
            assertEquals("NewReno", c.algorithm());
        }

        @Test
        void newAck_growsByMinOfAckedAndSmss() {
            CongestionControl c = start(CongestionAlgorithm.RENO);
            c.onNewAck(501, 500, 0, 0, -1);
            assertEquals(IW + 500, c.cwnd());
            c.onNewAck(3501, 3000, 0, 0, -1);
            assertEquals(IW + 500 + SMSS, c.cwnd());
        }
    }

    @Nested
    class CongestionAvoidance {
        @Test
        void newAck_growsBySmssSquaredOverCwnd() {
            CongestionControl c = start(CongestionAlgorithm.NEW_RENO);
            c.onTimeout(20 * SMSS, 20_001, 0); // ssthresh 10 SMSS, cwnd 1 SMSS
            long cwnd = c.cwnd();
            while (cwnd < c.ssthresh()) {
                c.onNewAck(1, SMSS, 0, 0, -1);
                cwnd += SMSS;
            }
            assertEquals(cwnd, c.cwnd());
            c.onNewAck(20_001, SMSS, 0, 0, -1);
            assertEquals(cwnd + (long) SMSS * SMSS / cwnd, c.cwnd());
            assertEquals("congestion avoidance", c.phase());
        }
    }

    @Nested
    class DuplicateAcks {
        @Test
        void firstTwo_allowOneSegmentEachBeyondCwnd() {
            CongestionControl c = start(CongestionAlgorithm.NEW_RENO);
            assertEquals(NONE, c.onDuplicateAck(1, 4001, 4000, 0));
            assertEquals(IW + SMSS, c.sendWindow());
            assertEquals(NONE, c.onDuplicateAck(1, 5001, 5000, 0));
            assertEquals(IW + 2 * SMSS, c.sendWindow());
            assertEquals(IW, c.cwnd());
        }

        @Test
        void third_fastRetransmitWithRfc5681Formulas() {
            long flight = 12 * SMSS;
            CongestionControl c = inFastRecovery(CongestionAlgorithm.NEW_RENO, flight);
            long ssthresh = Math.max(flight / 2, 2L * SMSS);
            assertEquals(ssthresh, c.ssthresh());
            assertEquals(ssthresh + 3L * SMSS, c.cwnd());
            assertEquals("fast recovery", c.phase());
            assertTrue(c.inRecovery());
        }

        @Test
        void inRecovery_eachMoreInflatesBySmss() {
            CongestionControl c = inFastRecovery(CongestionAlgorithm.NEW_RENO, 12 * SMSS);
            long before = c.cwnd();
            assertEquals(NONE, c.onDuplicateAck(1, 12_001, 12 * SMSS, 0));
            assertEquals(before + SMSS, c.cwnd());
        }

        @Test
        void smallFlight_ssthreshIsAtLeastTwoSegments() {
            CongestionControl c = inFastRecovery(CongestionAlgorithm.NEW_RENO, 2 * SMSS);
            assertEquals(2L * SMSS, c.ssthresh());
        }

        @Test
        void newAck_resetsTheCount() {
            CongestionControl c = start(CongestionAlgorithm.NEW_RENO);
            c.onDuplicateAck(1, 4001, 4000, 0);
            c.onDuplicateAck(1, 4001, 4000, 0);
            c.onNewAck(1001, 1000, 3000, 0, -1);
            assertEquals(0, c.duplicateAcks());
            assertEquals(NONE, c.onDuplicateAck(1001, 4001, 3000, 0));
        }
    }

    @Nested
    class NewRenoRecovery {
        @Test
        void partialAck_retransmitsAndDeflates() {
            long flight = 12 * SMSS;
            CongestionControl c = inFastRecovery(CongestionAlgorithm.NEW_RENO, flight);
            long cwnd = c.cwnd();
            assertTrue(c.onNewAck(1 + 3 * SMSS, 3 * SMSS, flight - 3 * SMSS, 0, -1));
            assertEquals(cwnd - 3 * SMSS + SMSS, c.cwnd());
            assertTrue(c.inRecovery());
        }

        @Test
        void fullAck_endsWithMinOfSsthreshAndFlightPlusSmss() {
            long flight = 12 * SMSS;
            CongestionControl c = inFastRecovery(CongestionAlgorithm.NEW_RENO, flight);
            long ssthresh = c.ssthresh();
            assertFalse(c.onNewAck(1 + flight, flight, 0, 0, -1));
            assertEquals(Math.min(ssthresh, Math.max(0, SMSS) + SMSS), c.cwnd());
            assertFalse(c.inRecovery());
        }

        @Test
        void dupAcksBelowRecoverAfterTimeout_noFastRetransmit() {
            CongestionControl c = start(CongestionAlgorithm.NEW_RENO);
            c.onTimeout(10 * SMSS, 10_001, 0);
            for (int i = 0; i < 3; i++) {
                assertEquals(NONE, c.onDuplicateAck(1, 10_001, 10 * SMSS, 0));
            }
            assertEquals("loss recovery after RTO", c.phase());
        }
    }

    @Nested
    class RenoRecovery {
        @Test
        void anyNewAck_endsRecoveryWithCwndSsthresh() {
            CongestionControl c = inFastRecovery(CongestionAlgorithm.RENO, 12 * SMSS);
            assertFalse(c.onNewAck(1 + SMSS, SMSS, 11 * SMSS, 0, -1));
            assertEquals(c.ssthresh(), c.cwnd());
            assertFalse(c.inRecovery());
        }
    }

    @Nested
    class SackRecovery {
        @Test
        void entry_setsCwndToSsthreshWithoutInflation() {
            CongestionControl c = start(CongestionAlgorithm.NEW_RENO);
            c.useSack(true);
            for (int i = 0; i < 3; i++) {
                c.onDuplicateAck(1, 12_001, 12 * SMSS, 0);
            }
            assertEquals(6L * SMSS, c.ssthresh());
            assertEquals(6L * SMSS, c.cwnd());
            c.onDuplicateAck(1, 12_001, 12 * SMSS, 0);
            assertEquals(6L * SMSS, c.cwnd());
            assertEquals("SACK recovery", c.phase());
            assertFalse(c.onNewAck(1001, 1000, 11 * SMSS, 0, -1), "partial ACK: holes go by NextSeg");
        }
    }

    @Nested
    class Timeout {
        @Test
        void cwndOneSegmentSsthreshHalfTheFlight() {
            CongestionControl c = start(CongestionAlgorithm.RENO);
            c.onTimeout(9 * SMSS, 9001, 0);
            assertEquals(SMSS, c.cwnd());
            assertEquals(Math.max(9L * SMSS / 2, 2L * SMSS), c.ssthresh());
            assertEquals("loss recovery after RTO", c.phase());
            c.onNewAck(9001, SMSS, 0, 0, -1);
            assertEquals("slow start", c.phase());
        }
    }

    @Nested
    class Ecn {
        @Test
        void ece_halvesOncePerWindow() {
            CongestionControl c = start(CongestionAlgorithm.NEW_RENO);
            long flight = 8 * SMSS;
            assertTrue(c.onEcnEcho(1, 8001, flight, 0));
            long ssthresh = Math.max(flight / 2, 2L * SMSS);
            assertEquals(ssthresh, c.ssthresh());
            assertEquals(ssthresh, c.cwnd());
            assertFalse(c.onEcnEcho(2001, 8001, 6 * SMSS, 0), "same window");
            assertEquals(ssthresh, c.cwnd());
            assertTrue(c.onEcnEcho(8001, 12_001, 4 * SMSS, 0), "next window");
        }
    }

    @Nested
    class CubicControl {
        @Test
        void loss_decreasesToSevenTenths() {
            CongestionControl c = start(CongestionAlgorithm.CUBIC);
            for (int i = 0; i < 6; i++) {
                c.onNewAck(1, SMSS, 0, 0, -1); // slow start to 10 SMSS
            }
            long cwnd = c.cwnd();
            assertEquals(10L * SMSS, cwnd);
            for (int i = 0; i < 3; i++) {
                c.onDuplicateAck(1, 10_001, cwnd, 0);
            }
            assertEquals((long) (cwnd * 0.7), c.ssthresh());
            assertEquals("CUBIC", c.algorithm());
        }

        @Test
        void avoidance_growsAtLeastLikeRenoFriendlyEstimate_andReachesWmax() {
            CongestionControl c = start(CongestionAlgorithm.CUBIC);
            for (int i = 0; i < 6; i++) {
                c.onNewAck(1, SMSS, 0, 0, -1);
            }
            for (int i = 0; i < 3; i++) {
                c.onDuplicateAck(1, 10_001, 10 * SMSS, 0);
            }
            c.onNewAck(10_001, 10_000, 0, 0, -1); // full ACK ends recovery
            long afterLoss = c.cwnd();
            long seq = 10_001;
            long t = 0;
            long rtt = 100_000_000L;
            // ten round trips of ACKs, one per segment
            for (int round = 0; round < 40; round++) {
                long n = c.cwnd() / SMSS;
                for (int i = 0; i < n; i++) {
                    seq += SMSS;
                    c.onNewAck(seq, SMSS, 0, t, rtt);
                }
                t += rtt;
            }
            assertTrue(c.cwnd() > afterLoss, "grows in congestion avoidance");
            assertTrue(c.cwnd() >= 10L * SMSS, "back at W_max after K = cbrt(W_max (1 - beta) / C) seconds: "
                    + c.cwnd());
        }
    }
}
