package dev.tcpstep.statemachine;

import dev.tcpstep.codec.Payload;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Loss recovery and congestion control through the connection (RFC 5681, RFC 3042,
 * RFC 6582, RFC 6675, RFC 3168), driven by a scripted peer. Expected windows are the
 * RFC formulas evaluated in the test.
 */
class RecoveryTest {
    /** RFC 5681 §3.1: IW = min(4*SMSS, max(2*SMSS, 4380 bytes)). */
    static long iw(long smss) {
        return Math.min(4 * smss, Math.max(2 * smss, 4380));
    }

    @Nested
    class Snapshot {
        @Test
        void closed_namesTheAlgorithmAndNoFlight() {
            CongestionSnapshot s = Fx.closed().c.congestion();
            assertEquals("NewReno", s.algorithm());
            assertEquals("closed", s.phase());
            assertEquals(0, s.flightSize());
        }

        @Test
        void established_slowStartWithTheInitialWindow() {
            Fx f = Fx.established();
            CongestionSnapshot s = f.c.congestion();
            assertEquals("slow start", s.phase());
            // no MSS option from the peer: 536 (MUST-15); the ACK of the SYN counted one byte of slow start
            assertEquals(iw(536) + 1, s.cwnd());
            assertEquals(Integer.MAX_VALUE, s.ssthresh());
        }

        @Test
        void afterSend_flightIsSndNxtMinusSndUna() {
            Fx f = Fx.established();
            f.call(f.c.send(f.now, Payload.copyOf(new byte[1000])));
            assertEquals(1000, f.c.congestion().flightSize());
        }

        @Test
        void profile_choosesTheAlgorithm() {
            Fx f = Fx.established(Profile.rfc9293().toBuilder().congestionControl(CongestionAlgorithm.CUBIC).build());
            assertEquals("CUBIC", f.c.congestion().algorithm());
        }
    }
}
