package dev.tcpstep.statemachine.internal;

import dev.tcpstep.codec.TcpFlags;
import dev.tcpstep.codec.TcpOption;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 9293 §3.7.1, RFC 7323 §2, RFC 2018 §2 and RFC 3168 §6.1.1 negotiation. */
class SynOptionsTest {
    static final List<TcpOption> ALL = List.of(new TcpOption.Mss(1400), new TcpOption.WindowScale(7),
            new TcpOption.SackPermitted(), new TcpOption.Timestamps(1000, 0));

    @Nested
    class Negotiate {
        @Test
        void noOptions_defaultMssAndNothingAgreed() {
            SynOptions.Agreed a = SynOptions.negotiate(List.of(), 7, true, true, 1460, 536);
            assertEquals(536, a.sendMss());
            assertEquals(536, a.effMss());
            assertFalse(a.wsOk());
            assertFalse(a.tsOk());
            assertFalse(a.sackOk());
            assertEquals(0, a.sndShift());
            assertEquals(0, a.rcvShift());
        }

        @Test
        void everythingOfferedBothWays_agreedAndTimestampBytesOffTheMss() {
            SynOptions.Agreed a = SynOptions.negotiate(ALL, 5, true, true, 1460, 536);
            assertEquals(1400, a.sendMss());
            assertEquals(1400 - 12, a.effMss());
            assertTrue(a.wsOk());
            assertEquals(7, a.sndShift());
            assertEquals(5, a.rcvShift());
            assertTrue(a.tsOk());
            assertEquals(1000, a.tsVal());
            assertTrue(a.sackOk());
        }

        @Test
        void peerOffersWhatWeDidNot_nothingAgreed() {
            SynOptions.Agreed a = SynOptions.negotiate(ALL, -1, false, false, 1460, 536);
            assertFalse(a.wsOk());
            assertFalse(a.tsOk());
            assertFalse(a.sackOk());
            assertEquals(1400, a.effMss());
        }

        @Test
        void shiftAbove14_isClampedTo14() {
            SynOptions.Agreed a = SynOptions.negotiate(List.of(new TcpOption.WindowScale(20)), 0, false, false, 1460,
                    536);
            assertEquals(14, a.sndShift());
        }

        @Test
        void localMssSmaller_limitsTheEffectiveMss() {
            SynOptions.Agreed a = SynOptions.negotiate(List.of(new TcpOption.Mss(9000)), -1, false, false, 1460, 536);
            assertEquals(9000, a.sendMss());
            assertEquals(1460, a.effMss());
        }
    }

    @Nested
    class ForSyn {
        @Test
        void mssOnly_sharesTheDefaultList() {
            assertSame(SynOptions.forSyn(1460, false, 0, false, false, 0, 0),
                    SynOptions.forSyn(1460, false, 0, false, false, 0, 0));
            assertEquals(List.of(new TcpOption.Mss(1440)), SynOptions.forSyn(1440, false, 0, false, false, 0, 0));
        }

        @Test
        void everything_inTheUsualOrder() {
            assertEquals(List.of(new TcpOption.Mss(1460), new TcpOption.WindowScale(7), new TcpOption.SackPermitted(),
                            new TcpOption.Timestamps(5, 9)),
                    SynOptions.forSyn(1460, true, 7, true, true, 5, 9));
        }
    }

    @Nested
    class Ecn {
        @Test
        void syn_needsEceAndCwr() {
            assertTrue(SynOptions.ecnSetup(TcpFlags.of(TcpFlags.SYN | TcpFlags.ECE | TcpFlags.CWR), false));
            assertFalse(SynOptions.ecnSetup(TcpFlags.of(TcpFlags.SYN | TcpFlags.ECE), false));
        }

        @Test
        void synAck_needsEceWithoutCwr() {
            assertTrue(SynOptions.ecnSetup(TcpFlags.of(TcpFlags.SYN | TcpFlags.ACK | TcpFlags.ECE), true));
            // RFC 3168 §6.1.1: a SYN-ACK with both set is not an ECN-setup SYN-ACK
            assertFalse(SynOptions.ecnSetup(TcpFlags.of(TcpFlags.SYN | TcpFlags.ACK | TcpFlags.ECE | TcpFlags.CWR),
                    true));
        }
    }
}
