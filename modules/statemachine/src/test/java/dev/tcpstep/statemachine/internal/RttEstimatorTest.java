package dev.tcpstep.statemachine.internal;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** RFC 6298 §2 and §5, one rule per test. */
class RttEstimatorTest {
    static final long MS = 1_000_000L;
    static final long SEC = 1_000 * MS;

    static RttEstimator fresh() {
        return new RttEstimator(SEC, 200 * MS, 60 * SEC);
    }

    @Nested
    class BeforeAnySample {
        @Test
        void rto_isTheInitialValue() {
            RttEstimator r = fresh();
            assertEquals(SEC, r.rto());
            assertEquals(-1, r.srtt());
            assertEquals(-1, r.rttvar());
        }

        @Test
        void recompute_withoutEstimate_keepsTheRto() {
            RttEstimator r = fresh();
            r.backOff();
            r.recompute();
            assertEquals(2 * SEC, r.rto());
        }
    }

    @Nested
    class Samples {
        @Test
        void firstSample_setsSrttToRAndRttvarToHalf() {
            RttEstimator r = fresh();
            r.sample(100 * MS);
            assertEquals(100 * MS, r.srtt());
            assertEquals(50 * MS, r.rttvar());
            // RTO = SRTT + max(G, 4 RTTVAR) = 100 + 200 ms
            assertEquals(300 * MS, r.rto());
        }

        @Test
        void secondSample_updatesRttvarBeforeSrtt() {
            RttEstimator r = fresh();
            r.sample(100 * MS);
            r.sample(200 * MS);
            long rttvar = (3 * 50 * MS + Math.abs(100 * MS - 200 * MS)) / 4;
            long srtt = (7 * 100 * MS + 200 * MS) / 8;
            assertEquals(rttvar, r.rttvar());
            assertEquals(srtt, r.srtt());
            assertEquals(srtt + 4 * rttvar, r.rto());
        }

        @Test
        void tinyRtt_isRoundedUpToTheMinimum() {
            RttEstimator r = fresh();
            r.sample(MS);
            assertEquals(200 * MS, r.rto());
        }

        @Test
        void zeroVariance_usesTheClockGranularity() {
            RttEstimator r = new RttEstimator(SEC, 1, 60 * SEC);
            r.sample(0);
            assertEquals(RttEstimator.CLOCK_G, r.rto());
        }
    }

    @Nested
    class Timeouts {
        @Test
        void backOff_doublesUpToTheMaximum() {
            RttEstimator r = fresh();
            for (int i = 0; i < 10; i++) {
                r.backOff();
            }
            assertEquals(60 * SEC, r.rto());
        }

        @Test
        void recompute_afterBackoff_collapsesToTheEstimate() {
            RttEstimator r = fresh();
            r.sample(100 * MS);
            r.backOff();
            assertEquals(600 * MS, r.rto());
            r.recompute();
            assertEquals(300 * MS, r.rto());
        }

        @Test
        void afterSynRetransmitted_rtoBelowThreeSecondsBecomesThree() {
            RttEstimator r = fresh();
            r.afterSynRetransmitted();
            assertEquals(3 * SEC, r.rto());
        }

        @Test
        void afterSynRetransmitted_longerRtoStays() {
            RttEstimator r = fresh();
            r.backOff();
            r.backOff();
            r.afterSynRetransmitted();
            assertEquals(4 * SEC, r.rto());
        }

        @Test
        void withBackoff_shiftsTheRtoAndCaps() {
            RttEstimator r = fresh();
            assertEquals(4 * SEC, r.withBackoff(2));
            assertEquals(60 * SEC, r.withBackoff(40));
        }
    }
}
