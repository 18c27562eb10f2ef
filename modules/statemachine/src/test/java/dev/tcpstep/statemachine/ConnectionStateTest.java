package dev.tcpstep.statemachine;

import dev.tcpstep.codec.Payload;
import dev.tcpstep.codec.TcpOption;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static dev.tcpstep.codec.TcpFlags.ACK;
import static dev.tcpstep.codec.TcpFlags.FIN;
import static dev.tcpstep.codec.TcpFlags.PSH;
import static dev.tcpstep.codec.TcpFlags.RST;
import static dev.tcpstep.codec.TcpFlags.SYN;
import static dev.tcpstep.codec.TcpFlags.URG;
import static dev.tcpstep.statemachine.Fx.MS;
import static dev.tcpstep.statemachine.Fx.SEC;
import static dev.tcpstep.statemachine.Fx.ack;
import static dev.tcpstep.statemachine.Fx.data;
import static dev.tcpstep.statemachine.Fx.fin;
import static dev.tcpstep.statemachine.Fx.rst;
import static dev.tcpstep.statemachine.Fx.rstAck;
import static dev.tcpstep.statemachine.Fx.syn;
import static dev.tcpstep.statemachine.Fx.synAck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One test per arrow of the RFC 9293 §3.3.2 diagram and per branch of §3.10.7, grouped by
 * the state the connection starts in (smoltcp's layout). Us: ISS 0; peer: ISS 5000.
 */
class ConnectionStateTest {

    @Nested
    class Closed {
        @Test
        void activeOpen_sendsSyn_entersSynSent() {
            Fx f = Fx.synSent();
            f.expectSent(syn(0)).expectState(State.SYN_SENT);
            assertEquals(0, f.c.sndUna());
            assertEquals(1, f.c.sndNxt());
        }

        @Test
        void passiveOpen_entersListen_sendsNothing() {
            Fx.listen().expectNothing().expectState(State.LISTEN);
        }

        @Test
        void segment_withoutAck_getsRstAck_seqZero() {
            Fx f = Fx.closed();
            f.in(f.peer(SYN, 5000, 0)).expectSent(rstAck(0, 5001)).expectState(State.CLOSED);
        }

        @Test
        void segment_withAck_getsRst_seqFromAck() {
            Fx f = Fx.closed();
            f.in(f.peer(ACK, 5000, 77, Payload.ofUtf8("abc"))).expectSent(rst(77));
        }

        @Test
        void rst_isDiscarded() {
            Fx f = Fx.closed();
            f.in(f.peer(RST, 5000, 0)).expectNothing();
        }

        @Test
        void userCalls_connectionDoesNotExist() {
            Fx f = Fx.closed();
            assertEquals(TcpError.CONNECTION_DOES_NOT_EXIST, f.c.send(0, Payload.ofUtf8("x")).error());
            assertEquals(TcpError.CONNECTION_DOES_NOT_EXIST, f.c.receive(0, 10).error());
            assertEquals(TcpError.CONNECTION_DOES_NOT_EXIST, f.c.close(0).error());
            assertEquals(TcpError.CONNECTION_DOES_NOT_EXIST, f.c.abort(0).error());
            assertEquals(TcpError.CONNECTION_DOES_NOT_EXIST, f.c.status().error());
            f.expectState(State.CLOSED);
        }
    }

    @Nested
    class Listen {
        @Test
        void syn_sendsSynAck_entersSynReceived() {
            Fx f = Fx.synReceivedPassive();
            f.expectSent(synAck(0, 5001)).expectState(State.SYN_RECEIVED);
            assertEquals(5000, f.c.irs());
            assertEquals(5001, f.c.rcvNxt());
            assertTrue(f.c.passive());
        }

        @Test
        void rst_isIgnored() {
            Fx f = Fx.listen();
            f.in(f.peer(RST, 5000, 0)).expectNothing().expectState(State.LISTEN);
        }

        @Test
        void ack_getsRst() {
            Fx f = Fx.listen();
            f.in(f.peer(ACK, 5000, 123)).expectSent(rst(123)).expectState(State.LISTEN);
        }

        @Test
        void noSynNoAck_isDropped() {
            Fx f = Fx.listen();
            f.in(f.peer(FIN, 5000, 0)).expectNothing().expectState(State.LISTEN);
        }

        @Test
        void send_turnsActive_entersSynSent() {
            Fx f = Fx.listen();
            f.call(f.c.send(0, Payload.ofUtf8("hi"))).expectSent(syn(0)).expectState(State.SYN_SENT);
            assertFalse(f.c.passive());
        }

        @Test
        void activeOpen_entersSynSent() {
            Fx f = Fx.listen();
            f.call(f.c.open(0, true)).expectSent(syn(0)).expectState(State.SYN_SENT);
        }

        @Test
        void close_entersClosed() {
            Fx f = Fx.listen();
            f.call(f.c.close(0)).expectNothing().expectState(State.CLOSED);
        }

        @Test
        void passiveOpenAgain_connectionAlreadyExists() {
            assertEquals(TcpError.CONNECTION_ALREADY_EXISTS, Fx.listen().c.open(0, false).error());
        }

        @Test
        void synWithData_dataNotAcknowledged() {
            Fx f = Fx.listen();
            f.in(f.peer(SYN, 5000, 0, Payload.ofUtf8("early"))).expectSent(synAck(0, 5001));
        }
    }

    @Nested
    class SynSent {
        @Test
        void synAck_entersEstablished_sendsAck() {
            Fx f = Fx.established();
            f.expectSent(ack(1, 5001)).expectState(State.ESTABLISHED);
            assertTrue(f.log().contains("SYN-SENT → ESTABLISHED: SYN,ACK acknowledges ISS+1 = 1, ACK 5001 owed"),
                    f.log());
            assertTrue(f.log().contains("(§3.10.7.3)"), f.log());
        }

        @Test
        void syn_simultaneousOpen_entersSynReceived() {
            Fx f = Fx.synReceivedActive();
            f.expectSent(synAck(0, 5001)).expectState(State.SYN_RECEIVED);
            assertFalse(f.c.passive());
        }

        @Test
        void ackBelowIss_getsRst() {
            Fx f = Fx.synSent();
            f.in(f.peer(ACK, 5000, 0)).expectSent(rst(0)).expectState(State.SYN_SENT);
        }

        @Test
        void ackBeyondSndNxt_getsRst() {
            Fx f = Fx.synSent();
            f.in(f.peer(SYN | ACK, 5000, 9)).expectSent(rst(9)).expectState(State.SYN_SENT);
        }

        @Test
        void rstWithBadAck_isDropped() {
            Fx f = Fx.synSent();
            f.in(f.peer(RST | ACK, 5000, 7)).expectNothing().expectState(State.SYN_SENT);
        }

        @Test
        void rstWithAcceptableAck_connectionRefused() {
            Fx f = Fx.synSent();
            f.in(f.peer(RST | ACK, 0, 1)).expectNothing().expectState(State.CLOSED);
            assertEquals(TcpError.CONNECTION_REFUSED, f.c.error());
        }

        @Test
        void rstWithoutAck_isDropped() {
            Fx f = Fx.synSent();
            f.in(f.peer(RST, 0, 0)).expectNothing().expectState(State.SYN_SENT);
        }

        @Test
        void neitherSynNorRst_isDropped() {
            Fx f = Fx.synSent();
            f.in(f.peer(ACK, 5000, 1)).expectNothing().expectState(State.SYN_SENT);
        }

        @Test
        void close_entersClosed() {
            Fx f = Fx.synSent();
            f.call(f.c.close(0)).expectNothing().expectState(State.CLOSED);
        }

        @Test
        void sendQueued_goesAfterEstablished() {
            Fx f = Fx.synSent();
            f.call(f.c.send(0, Payload.ofUtf8("hello"))).expectNothing();
            f.in(f.peer(SYN | ACK, 5000, 1)).expectSent(data(1, 5001, 5));
        }

        @Test
        void synAckWithDataAndFin_processedFromSixthStep() {
            Fx f = Fx.synSent();
            f.in(f.peer(SYN | ACK | FIN, 5000, 1, Payload.ofUtf8("hey")));
            f.expectState(State.CLOSE_WAIT);
            assertEquals(5005, f.c.rcvNxt());
            assertEquals("hey", f.c.receive(f.now, 100).data().utf8());
        }

        @Test
        void timeout_retransmitsSyn_withBackoff() {
            Fx f = Fx.synSent();
            f.fire().expectSent(syn(0));
            assertEquals(SEC, f.now);
            f.fire().expectSent(syn(0));
            assertEquals(3 * SEC, f.now);
        }

        @Test
        void synRetransmitted_rtoReinitializedTo3s_rfc6298() {
            Fx f = Fx.synSent(Profile.builder().rtoMin(java.time.Duration.ofMillis(200))
                    .rtoInitial(java.time.Duration.ofMillis(200)).build());
            f.fire().expectSent(syn(0));
            f.in(f.peer(SYN | ACK, 5000, 1)).expectState(State.ESTABLISHED);
            assertEquals(3 * SEC, f.c.tcb().rto());
        }

        @Test
        void r2Syn_closesWithRetransmissionLimit() {
            Fx f = Fx.synSent();
            for (int i = 0; i < Profile.rfc9293().r2Syn(); i++) {
                f.fire().expectSent(syn(0));
            }
            f.fire().expectNothing().expectState(State.CLOSED);
            assertEquals(TcpError.RETRANSMISSION_LIMIT, f.c.error());
            assertTrue(f.now >= 180 * SEC, "MUST-23: at least 3 minutes of SYN retransmission, was " + f.now);
        }
    }

    @Nested
    class SynReceived {
        @Test
        void ackOfSyn_entersEstablished() {
            Fx f = Fx.synReceivedPassive();
            f.in(f.peer(ACK, 5001, 1)).expectNothing().expectState(State.ESTABLISHED);
            assertEquals(1, f.c.sndUna());
            assertEquals(65535, f.c.sndWnd());
        }

        @Test
        void unacceptableAck_getsRst() {
            Fx f = Fx.synReceivedPassive();
            f.in(f.peer(ACK, 5001, 5)).expectSent(rst(5)).expectState(State.SYN_RECEIVED);
        }

        @Test
        void rst_passive_returnsToListen() {
            Fx f = Fx.synReceivedPassive();
            f.in(f.peer(RST, 5001, 0)).expectNothing().expectState(State.LISTEN);
        }

        @Test
        void rst_active_connectionRefused() {
            Fx f = Fx.synReceivedActive();
            f.in(f.peer(RST, 5001, 0)).expectNothing().expectState(State.CLOSED);
            assertEquals(TcpError.CONNECTION_REFUSED, f.c.error());
        }

        @Test
        void synInWindow_passive_returnsToListen() {
            Fx f = Fx.synReceivedPassive();
            f.in(f.peer(SYN, 5001, 0)).expectNothing().expectState(State.LISTEN);
        }

        @Test
        void noAck_isDropped() {
            Fx f = Fx.synReceivedPassive();
            f.in(f.peer(0, 5001, 0, Payload.ofUtf8("x"))).expectNothing().expectState(State.SYN_RECEIVED);
        }

        @Test
        void close_sendsFin_entersFinWait1() {
            Fx f = Fx.synReceivedPassive();
            f.call(f.c.close(0)).expectSent(fin(1, 5001)).expectState(State.FIN_WAIT_1);
        }

        @Test
        void ackWithFin_goesThroughEstablished_toCloseWait() {
            Fx f = Fx.synReceivedPassive();
            f.in(f.peer(ACK | FIN, 5001, 1)).expectSent(ack(1, 5002)).expectState(State.CLOSE_WAIT);
        }

        @Test
        void timeout_retransmitsSynAck() {
            Fx f = Fx.synReceivedPassive();
            f.fire().expectSent(synAck(0, 5001));
        }

        @Test
        void synAck_simultaneousOpen_entersEstablished_figure7() {
            Fx f = Fx.synReceivedActive();
            f.in(f.peer(SYN | ACK, 5000, 1)).expectNothing().expectState(State.ESTABLISHED);
            assertEquals(1, f.c.sndUna());
            assertEquals(5001, f.c.rcvNxt());
        }

        @Test
        void closeWithDataPending_queuedUntilEstablished() {
            Fx f = Fx.synReceivedPassive();
            f.c.send(0, Payload.ofUtf8("data"));
            f.call(f.c.close(0)).expectNothing().expectState(State.SYN_RECEIVED);
            f.in(f.peer(ACK, 5001, 1)).expectState(State.FIN_WAIT_1).expectSent(new Fx.Exp(ACK | FIN, 1, 5001, 4));
        }

        @Test
        void abort_sendsRst() {
            Fx f = Fx.synReceivedPassive();
            f.call(f.c.abort(0)).expectSent(rst(1)).expectState(State.CLOSED);
        }

        @Test
        void retransmittedSyn_isOld_getsAck() {
            Fx f = Fx.synReceivedPassive();
            f.in(f.peer(SYN, 5000, 0)).expectSent(ack(1, 5001)).expectState(State.SYN_RECEIVED);
        }
    }

    @Nested
    class Established {
        @Test
        void userCalls_badArguments_areProgrammingErrors() {
            Fx f = Fx.established();
            IllegalArgumentException max = assertThrows(IllegalArgumentException.class, () -> f.c.receive(0, -1));
            assertEquals("max -1 bytes (expected: >= 0)", max.getMessage());
            assertThrows(NullPointerException.class, () -> f.c.send(0, null));
            f.expectState(State.ESTABLISHED);
        }

        @Test
        void send_beyondTheSendBuffer_insufficientResources_changesNothing() {
            Fx f = Fx.established();
            long before = f.c.unacknowledged();
            CallResult r = f.c.send(0, Payload.copyOf(new byte[f.c.profile().sendBuffer() + 1]));
            assertEquals(TcpError.INSUFFICIENT_RESOURCES, r.error());
            assertTrue(r.sent().isEmpty());
            assertEquals(before, f.c.unacknowledged());
        }

        @Test
        void data_inOrder_acked_delivered() {
            Fx f = Fx.established();
            f.in(f.peer(ACK | PSH, 5001, 1, Payload.ofUtf8("hello"))).expectSent(ack(1, 5006));
            assertEquals("hello", f.c.receive(f.now, 100).data().utf8());
        }

        @Test
        void send_segmentsByMss() {
            Fx f = Fx.established(Profile.rfc9293());
            // the peer's SYN,ACK carried no MSS option: 536 (MUST-15)
            f.call(f.c.send(0, Payload.wrapOwned(new byte[1200])))
                    .expectSent(data(1, 5001, 536), data(537, 5001, 536), data(1073, 5001, 128));
        }

        @Test
        void send_limitedByPeerWindow() {
            Fx f = Fx.synSent();
            f.in(f.peerBuilder(SYN | ACK, 5000, 1).window(1000).option(new TcpOption.Mss(1460)).build());
            f.call(f.c.send(0, Payload.wrapOwned(new byte[3000]))).expectSent(data(1, 5001, 1000));
        }

        @Test
        void outOfWindow_getsAck() {
            Fx f = Fx.established();
            f.in(f.peer(ACK, 5001 + 70000, 1, Payload.ofUtf8("x"))).expectSent(ack(1, 5001));
            assertTrue(f.log().contains("dropped: seq 75001 outside window [5001, 70536), ACK owed (§3.10.7.4)"),
                    f.log());
        }

        @Test
        void oldDuplicate_getsAck() {
            Fx f = Fx.established();
            f.in(f.peer(ACK, 4000, 1, Payload.ofUtf8("old"))).expectSent(ack(1, 5001));
        }

        @Test
        void straddling_onlyNewPartProcessed() {
            Fx f = Fx.established();
            f.in(f.peer(ACK, 4999, 1, Payload.ofUtf8("xxabc"))).expectSent(ack(1, 5004));
            assertEquals("abc", f.c.receive(f.now, 100).data().utf8());
        }

        @Test
        void outOfOrder_heldThenReassembled() {
            Fx f = Fx.established();
            f.in(f.peer(ACK, 5004, 1, Payload.ofUtf8("def"))).expectSent(ack(1, 5001));
            f.in(f.peer(ACK, 5001, 1, Payload.ofUtf8("abc"))).expectSent(ack(1, 5007));
            assertEquals("abcdef", f.c.receive(f.now, 100).data().utf8());
        }

        @Test
        void rstExact_resets() {
            Fx f = Fx.established();
            f.in(f.peer(RST, 5001, 0)).expectNothing().expectState(State.CLOSED);
            assertEquals(TcpError.CONNECTION_RESET, f.c.error());
        }

        @Test
        void rstInWindowNotExact_challengeAck_rfc5961() {
            Fx f = Fx.established();
            f.in(f.peer(RST, 5100, 0)).expectSent(ack(1, 5001)).expectState(State.ESTABLISHED);
            assertTrue(f.log().contains("RFC 5961 §3"), f.log());
        }

        @Test
        void rstInWindow_resets_without5961() {
            Fx f = Fx.established(Profile.builder().rfc5961(false).build());
            f.in(f.peer(RST, 5100, 0)).expectNothing().expectState(State.CLOSED);
        }

        @Test
        void rstOutOfWindow_silentlyDropped() {
            Fx f = Fx.established();
            f.in(f.peer(RST, 5001 + 70000, 0)).expectNothing().expectState(State.ESTABLISHED);
        }

        @Test
        void syn_challengeAck_rfc5961() {
            Fx f = Fx.established();
            f.in(f.peer(SYN, 5100, 0)).expectSent(ack(1, 5001)).expectState(State.ESTABLISHED);
            assertTrue(f.log().contains("RFC 5961 §4"), f.log());
        }

        @Test
        void synInWindow_resets_without5961() {
            Fx f = Fx.established(Profile.builder().rfc5961(false).build());
            f.in(f.peer(SYN, 5100, 0)).expectSent(rst(1)).expectState(State.CLOSED);
        }

        @Test
        void noAckBit_dropped() {
            Fx f = Fx.established();
            f.in(f.peer(0, 5001, 0, Payload.ofUtf8("x"))).expectNothing();
            assertEquals(5001, f.c.rcvNxt());
        }

        @Test
        void ackBeyondSndNxt_dropped_sendsAck() {
            Fx f = Fx.established();
            f.in(f.peer(ACK, 5001, 50, Payload.ofUtf8("x"))).expectSent(ack(1, 5001));
            assertEquals(5001, f.c.rcvNxt());
        }

        @Test
        void ackFarBelowSndUna_rfc5961Range_dropped_sendsAck() {
            Fx f = Fx.established();
            f.in(f.peer(ACK, 5001, 4_000_000_000L, Payload.ofUtf8("x"))).expectSent(ack(1, 5001));
            assertTrue(f.log().contains("RFC 5961 §5"), f.log());
            assertEquals(5001, f.c.rcvNxt());
        }

        @Test
        void ack_advancesSndUna_andStopsTimer() {
            Fx f = Fx.established();
            f.call(f.c.send(0, Payload.ofUtf8("abc")));
            assertTrue(f.c.nextDeadline() != Connection.NEVER);
            f.in(f.peer(ACK, 5001, 4));
            assertEquals(4, f.c.sndUna());
            assertEquals(Connection.NEVER, f.c.nextDeadline());
        }

        @Test
        void windowUpdate_onlyFromNewerSegment() {
            Fx f = Fx.established();
            f.in(f.peerBuilder(ACK, 5001, 1).window(100).build());
            assertEquals(100, f.c.sndWnd());
            // older segment (SEG.SEQ < SND.WL1) must not move the window
            f.in(f.peerBuilder(ACK, 5001, 1).window(100).payload(Payload.ofUtf8("ab")).build());
            f.in(f.peerBuilder(ACK, 5001, 1).window(9999).build());
            assertEquals(100, f.c.sndWnd());
        }

        @Test
        void fin_entersCloseWait_acksFin() {
            Fx f = Fx.closeWait();
            f.expectSent(ack(1, 5002)).expectState(State.CLOSE_WAIT);
            assertTrue(f.c.peerClosed());
        }

        @Test
        void close_sendsFin_entersFinWait1() {
            Fx.finWait1().expectSent(fin(1, 5001)).expectState(State.FIN_WAIT_1);
        }

        @Test
        void close_afterData_finFollowsData() {
            Fx f = Fx.established();
            f.c.send(0, Payload.ofUtf8("abc"));
            f.in(f.peer(ACK, 5001, 4));
            f.c.send(0, Payload.ofUtf8("de"));
            f.call(f.c.close(0)).expectState(State.FIN_WAIT_1);
            // "de" was sent at once; the FIN follows it in its own segment
            f.expectSent(fin(6, 5001));
        }

        @Test
        void abort_sendsRst_entersClosed() {
            Fx f = Fx.established();
            f.call(f.c.abort(0)).expectSent(rst(1)).expectState(State.CLOSED);
        }

        @Test
        void urgent_advancesRcvUp() {
            Fx f = Fx.established();
            f.in(f.peerBuilder(ACK | URG, 5001, 1).urgentPointer(3).payload(Payload.ofUtf8("abc")).build());
            assertEquals(5004, f.c.tcb().rcvUp());
        }

        @Test
        void zeroReceiveWindow_dataRefused_ackProcessed() {
            Fx f = Fx.established(Profile.builder().receiveWindow(4).build());
            f.in(f.peer(ACK, 5001, 1, Payload.ofUtf8("abcd"))).expectSent(ack(1, 5005));
            assertEquals(0, f.c.rcvWnd());
            f.c.send(0, Payload.ofUtf8("z"));
            f.in(f.peer(ACK, 5005, 2, Payload.ofUtf8("e"))).expectSent(ack(2, 5005));
            assertEquals(2, f.c.sndUna(), "the ACK of a segment refused for zero window is still processed");
        }

        @Test
        void windowUpdate_afterReceive_sendsAck() {
            Fx f = Fx.established(Profile.builder().receiveWindow(1000).build());
            f.in(f.peer(ACK, 5001, 1, Payload.wrapOwned(new byte[1000]))).expectSent(ack(1, 6001));
            assertEquals(0, f.c.rcvWnd());
            f.call(f.c.receive(0, 1000)).expectSent(ack(1, 6001));
            assertEquals(1000, f.c.rcvWnd());
        }

        @Test
        void receive_smallRead_noWindowUpdate_sws() {
            Fx f = Fx.established(Profile.builder().receiveWindow(4000).build());
            f.in(f.peer(ACK, 5001, 1, Payload.wrapOwned(new byte[400])));
            f.call(f.c.receive(0, 10)).expectNothing();
        }

        @Test
        void dataRetransmitted_onTimeout_withBackoff() {
            Fx f = Fx.established();
            f.call(f.c.send(0, Payload.ofUtf8("abc"))).expectSent(data(1, 5001, 3));
            f.fire().expectSent(data(1, 5001, 3));
            assertEquals(SEC, f.now);
            f.fire().expectSent(data(1, 5001, 3));
            assertEquals(3 * SEC, f.now);
        }

        @Test
        void r2_closesConnection() {
            Fx f = Fx.established();
            f.c.send(0, Payload.ofUtf8("abc"));
            for (int i = 0; i < Profile.rfc9293().r2(); i++) {
                f.fire().expectSent(data(1, 5001, 3));
            }
            f.fire().expectState(State.CLOSED);
            assertEquals(TcpError.RETRANSMISSION_LIMIT, f.c.error());
        }

        @Test
        void rttSample_setsSrtt_karnIgnoresRetransmitted() {
            Fx f = Fx.synSent();
            f.advance(100 * MS).in(f.peer(SYN | ACK, 5000, 1));
            assertEquals(100 * MS, f.c.tcb().srtt(), "first sample from the SYN exchange");
            assertEquals(SEC, f.c.tcb().rto(), "RTO rounded up to 1 s (RFC 6298 (2.4))");
            f.call(f.c.send(f.now, Payload.ofUtf8("d")));
            f.fire();
            f.advance(10 * MS).in(f.peer(ACK, 5001, 5));
            assertEquals(100 * MS, f.c.tcb().srtt(), "Karn: no sample from a retransmitted segment");
        }

        @Test
        void zeroWindow_persistProbe_thenWindowOpens() {
            Fx f = Fx.established();
            f.in(f.peerBuilder(ACK, 5001, 1).window(0).build());
            f.call(f.c.send(f.now, Payload.ofUtf8("abc"))).expectNothing();
            f.fire().expectSent(data(1, 5001, 1));
            f.in(f.peerBuilder(ACK, 5001, 1).window(0).build()).expectNothing();
            // probes keep going while the peer answers (MUST-37)
            for (int i = 0; i < 10; i++) {
                f.fire().expectSent(data(1, 5001, 1));
                f.in(f.peerBuilder(ACK, 5001, 1).window(0).build());
            }
            assertEquals(State.ESTABLISHED, f.c.state());
            // the probe byte goes again at once, then the rest
            f.in(f.peerBuilder(ACK, 5001, 1).window(1000).build()).expectSent(data(1, 5001, 1), data(2, 5001, 2));
        }

        @Test
        void userTimeout_abortsConnection() {
            Fx f = Fx.established(Profile.builder().userTimeout(java.time.Duration.ofSeconds(5)).build());
            f.c.send(0, Payload.ofUtf8("abc"));
            while (f.c.state() != State.CLOSED) {
                f.fire();
            }
            assertEquals(TcpError.USER_TIMEOUT, f.c.error());
            assertEquals(5 * SEC, f.now);
        }

        @Test
        void delayedAck_waits_thenAcks() {
            Fx f = Fx.established(Profile.builder().delayedAck(true).build());
            f.in(f.peer(ACK, 5001, 1, Payload.ofUtf8("a"))).expectNothing();
            f.fire().expectSent(ack(1, 5002));
            assertEquals(200 * MS, f.now);
        }

        @Test
        void delayedAck_secondFullSegment_acksAtOnce() {
            Fx f = Fx.established(Profile.builder().delayedAck(true).build());
            f.in(f.peer(ACK, 5001, 1, Payload.wrapOwned(new byte[1460]))).expectNothing();
            f.in(f.peer(ACK, 6461, 1, Payload.wrapOwned(new byte[1460]))).expectSent(ack(1, 7921));
        }

        @Test
        void timestamps_echoTheLatestInOrderTsval_rfc7323() {
            Profile p = Profile.builder().timestamps(true).build();
            Fx f = Fx.synSent(p);
            f.in(f.peerSyn(SYN | ACK, 5000, 1, new TcpOption.Timestamps(100, 0)));
            assertTrue(f.c.tcb().timestamps());
            f.advance(7 * MS);
            f.in(f.peerBuilder(ACK, 5001, 1).option(new TcpOption.Timestamps(250, 0))
                    .payload(Payload.ofUtf8("x")).build());
            TcpOption.Timestamps ts = f.sent.get(0).option(TcpOption.Timestamps.class);
            assertEquals(250, ts.echoReply());
            assertEquals(7, ts.value(), "TSval is the millisecond clock taken from now");
            // an older TSval does not move TS.Recent back
            f.in(f.peerBuilder(ACK, 5002, 1).option(new TcpOption.Timestamps(200, 0))
                    .payload(Payload.ofUtf8("y")).build());
            assertEquals(250, f.sent.get(0).option(TcpOption.Timestamps.class).echoReply());
        }

        @Test
        void sack_blocksReportHeldData_rfc2018() {
            Fx f = Fx.synSent(Profile.builder().sack(true).build());
            f.in(f.peerSyn(SYN | ACK, 5000, 1, new TcpOption.SackPermitted()));
            f.in(f.peer(ACK, 5011, 1, Payload.ofUtf8("later")));
            TcpOption.Sack sack = f.sent.get(0).option(TcpOption.Sack.class);
            assertEquals(java.util.List.of(new TcpOption.SackBlock(5011, 5016)), sack.blocks());
        }

        @Test
        void windowScale_appliedOnlyWhenBothOffer_rfc7323() {
            Fx f = Fx.synSent(Profile.builder().windowScale(2).receiveWindow(200_000).build());
            assertEquals(2, f.sent.get(0).option(TcpOption.WindowScale.class).shift());
            f.in(f.peerBuilder(SYN | ACK, 5000, 1).window(1000).option(new TcpOption.WindowScale(3)).build());
            assertEquals(1000, f.c.sndWnd(), "the window of a SYN is never scaled");
            f.in(f.peerBuilder(ACK, 5001, 1).window(1000).build());
            assertEquals(8000, f.c.sndWnd());
            f.in(f.peer(ACK, 5001, 1, Payload.ofUtf8("z")));
            assertEquals((200_000 - 1) >> 2, f.sent.get(0).window());

            Fx g = Fx.synSent(Profile.builder().windowScale(2).build());
            g.in(g.peerBuilder(SYN | ACK, 5000, 1).window(1000).build());
            g.in(g.peerBuilder(ACK, 5001, 1).window(1000).build());
            assertEquals(1000, g.c.sndWnd(), "the peer did not offer: no scaling");
            assertEquals(-1, g.c.tcb().sndShift());
        }

        @Test
        void send_urgent_setsUrgentPointer() {
            Fx f = Fx.established();
            f.call(f.c.send(0, Payload.ofUtf8("abc"), true));
            assertTrue(f.sent.get(0).has(URG));
            assertEquals(3, f.sent.get(0).urgentPointer());
        }
    }

    /** RFC 9293 §3.10.7.4 Table 6, one test per row and outcome. */
    @Nested
    class AcceptabilityTable {
        private Fx zeroWindow() {
            Fx f = Fx.established(Profile.builder().receiveWindow(3).build());
            f.in(f.peer(ACK, 5001, 1, Payload.ofUtf8("abc"))).expectSent(ack(1, 5004));
            assertEquals(0, f.c.rcvWnd());
            return f;
        }

        @Test
        void lenZero_wndZero_seqEqualsRcvNxt_acceptable() {
            Fx f = zeroWindow();
            f.in(f.peerBuilder(ACK, 5004, 1).window(777).build()).expectNothing();
            assertEquals(777, f.c.sndWnd(), "the ACK's window was processed");
        }

        @Test
        void lenZero_wndZero_otherSeq_notAcceptable_ack() {
            Fx f = zeroWindow();
            f.in(f.peerBuilder(ACK, 5005, 1).window(777).build()).expectSent(ack(1, 5004));
            assertEquals(65535, f.c.sndWnd());
        }

        @Test
        void lenZero_wndPositive_inWindow_acceptable() {
            Fx f = Fx.established();
            f.in(f.peerBuilder(ACK, 5001 + 65534, 1).window(5).build()).expectNothing();
        }

        @Test
        void lenZero_wndPositive_atRightEdge_notAcceptable() {
            Fx f = Fx.established();
            f.in(f.peer(ACK, 5001 + 65535, 1)).expectSent(ack(1, 5001));
        }

        @Test
        void lenPositive_wndZero_notAcceptable_textRefused() {
            Fx f = zeroWindow();
            f.in(f.peer(ACK, 5004, 1, Payload.ofUtf8("d"))).expectSent(ack(1, 5004));
            assertEquals(3, f.c.readable());
        }

        @Test
        void lenPositive_wndPositive_startInWindow_acceptable() {
            Fx f = Fx.established();
            f.in(f.peer(ACK, 5001 + 65534, 1, Payload.ofUtf8("xyz"))).expectSent(ack(1, 5001));
            assertEquals(5001, f.c.rcvNxt(), "held out of order; the tail beyond the window trimmed");
        }

        @Test
        void lenPositive_wndPositive_endInWindow_acceptable() {
            Fx f = Fx.established();
            f.in(f.peer(ACK, 4998, 1, Payload.ofUtf8("oldnew"))).expectSent(ack(1, 5004));
            assertEquals("new", f.c.receive(0, 10).data().utf8());
        }

        @Test
        void lenPositive_wndPositive_neitherEnd_notAcceptable() {
            Fx f = Fx.established();
            f.in(f.peer(ACK, 4990, 1, Payload.ofUtf8("0123456789"))).expectSent(ack(1, 5001));
            assertEquals(0, f.c.readable());
        }
    }

    @Nested
    class FinWait1 {
        @Test
        void ackOfFin_entersFinWait2() {
            Fx.finWait2().expectNothing().expectState(State.FIN_WAIT_2);
        }

        @Test
        void fin_entersClosing() {
            Fx.closing().expectSent(ack(2, 5002)).expectState(State.CLOSING);
        }

        @Test
        void finWithAckOfFin_entersTimeWait() {
            Fx f = Fx.finWait1();
            f.in(f.peer(FIN | ACK, 5001, 2)).expectSent(ack(2, 5002)).expectState(State.TIME_WAIT);
        }

        @Test
        void timeout_retransmitsFin() {
            Fx.finWait1().fire().expectSent(fin(1, 5001));
        }

        @Test
        void rst_resets() {
            Fx f = Fx.finWait1();
            f.in(f.peer(RST, 5001, 0)).expectState(State.CLOSED);
            assertEquals(TcpError.CONNECTION_RESET, f.c.error());
        }

        @Test
        void data_stillDelivered_halfClose() {
            Fx f = Fx.finWait1();
            f.in(f.peer(ACK, 5001, 2, Payload.ofUtf8("more"))).expectSent(ack(2, 5005)).expectState(State.FIN_WAIT_2);
            assertEquals("more", f.c.receive(f.now, 10).data().utf8());
        }

        @Test
        void send_connectionClosing() {
            assertEquals(TcpError.CONNECTION_CLOSING, Fx.finWait1().c.send(0, Payload.ofUtf8("x")).error());
        }

        @Test
        void close_again_connectionClosing() {
            assertEquals(TcpError.CONNECTION_CLOSING, Fx.finWait1().c.close(0).error());
        }
    }

    @Nested
    class FinWait2 {
        @Test
        void fin_entersTimeWait() {
            Fx.timeWait().expectSent(ack(2, 5002)).expectState(State.TIME_WAIT);
        }

        @Test
        void data_delivered() {
            Fx f = Fx.finWait2();
            f.in(f.peer(ACK, 5001, 2, Payload.ofUtf8("xy"))).expectSent(ack(2, 5003));
        }

        @Test
        void rst_resets() {
            Fx f = Fx.finWait2();
            f.in(f.peer(RST, 5001, 0)).expectState(State.CLOSED);
        }

        @Test
        void outOfOrderFin_heldUntilGapFills() {
            Fx f = Fx.finWait2();
            f.in(f.peer(FIN | ACK, 5003, 2)).expectSent(ack(2, 5001)).expectState(State.FIN_WAIT_2);
            f.in(f.peer(ACK, 5001, 2, Payload.ofUtf8("ab"))).expectSent(ack(2, 5004)).expectState(State.TIME_WAIT);
        }
    }

    @Nested
    class CloseWait {
        @Test
        void close_sendsFin_entersLastAck() {
            Fx.lastAck().expectSent(fin(1, 5002)).expectState(State.LAST_ACK);
        }

        @Test
        void send_stillAllowed_halfClose() {
            Fx f = Fx.closeWait();
            f.call(f.c.send(0, Payload.ofUtf8("late"))).expectSent(data(1, 5002, 4));
        }

        @Test
        void receive_nothingLeft_connectionClosing() {
            assertEquals(TcpError.CONNECTION_CLOSING, Fx.closeWait().c.receive(0, 10).error());
        }

        @Test
        void retransmittedFin_getsAck() {
            Fx f = Fx.closeWait();
            f.in(f.peer(FIN | ACK, 5001, 1)).expectSent(ack(1, 5002)).expectState(State.CLOSE_WAIT);
        }

        @Test
        void textAndUrg_ignored_finAlreadyReceived() {
            Fx f = Fx.closeWait();
            f.in(f.peerBuilder(ACK | URG, 5002, 1).urgentPointer(2).payload(Payload.ofUtf8("zz")).build());
            assertEquals(5002, f.c.rcvNxt());
            assertEquals(0, f.c.readable());
            assertEquals(5001, f.c.tcb().rcvUp(), "RCV.UP unchanged");
        }

        @Test
        void duplicateAck_ignored() {
            Fx f = Fx.closeWait();
            f.call(f.c.send(0, Payload.ofUtf8("ab")));
            f.in(f.peer(ACK, 5002, 3));
            f.in(f.peer(ACK, 5002, 1)).expectNothing();
            assertEquals(3, f.c.sndUna());
        }

        @Test
        void rst_resets() {
            Fx f = Fx.closeWait();
            f.in(f.peer(RST, 5002, 0)).expectState(State.CLOSED);
            assertEquals(TcpError.CONNECTION_RESET, f.c.error());
        }
    }

    @Nested
    class Closing {
        @Test
        void ackOfFin_entersTimeWait() {
            Fx f = Fx.closing();
            f.in(f.peer(ACK, 5002, 2)).expectNothing().expectState(State.TIME_WAIT);
        }

        @Test
        void ackNotOfFin_ignored() {
            Fx f = Fx.closing();
            f.in(f.peer(ACK, 5002, 1)).expectNothing().expectState(State.CLOSING);
        }

        @Test
        void rst_entersClosed() {
            Fx f = Fx.closing();
            f.in(f.peer(RST, 5002, 0)).expectState(State.CLOSED);
            assertNull(f.c.error());
        }

        @Test
        void timeout_retransmitsFin() {
            Fx.closing().fire().expectSent(fin(1, 5002));
        }

        @Test
        void retransmittedFin_acked_remainsClosing() {
            Fx f = Fx.closing();
            f.in(f.peer(FIN | ACK, 5001, 1)).expectSent(ack(2, 5002)).expectState(State.CLOSING);
        }
    }

    @Nested
    class LastAck {
        @Test
        void ackOfFin_entersClosed() {
            Fx f = Fx.lastAck();
            f.in(f.peer(ACK, 5002, 2)).expectNothing().expectState(State.CLOSED);
            assertNull(f.c.error());
        }

        @Test
        void timeout_retransmitsFin() {
            Fx.lastAck().fire().expectSent(fin(1, 5002));
        }

        @Test
        void retransmittedFin_acked_remainsLastAck() {
            Fx f = Fx.lastAck();
            f.in(f.peer(FIN | ACK, 5001, 1)).expectSent(ack(2, 5002)).expectState(State.LAST_ACK);
        }

        @Test
        void ackNotOfFin_remainsLastAck() {
            Fx f = Fx.lastAck();
            f.in(f.peer(ACK, 5002, 1)).expectNothing().expectState(State.LAST_ACK);
        }

        @Test
        void rst_entersClosed() {
            Fx f = Fx.lastAck();
            f.in(f.peer(RST, 5002, 0)).expectState(State.CLOSED);
        }

        @Test
        void abort_okAndClosed() {
            Fx f = Fx.lastAck();
            CallResult r = f.c.abort(0);
            assertTrue(r.ok());
            f.call(r).expectNothing().expectState(State.CLOSED);
        }
    }

    @Nested
    class TimeWait {
        @Test
        void twoMsl_entersClosed() {
            Fx f = Fx.timeWait();
            f.fire().expectNothing().expectState(State.CLOSED);
            assertEquals(240 * SEC, f.now);
        }

        @Test
        void retransmittedFin_reAcked_and2MslRestarted() {
            Fx f = Fx.timeWait();
            f.advance(100 * SEC);
            f.in(f.peer(FIN | ACK, 5001, 2)).expectSent(ack(2, 5002)).expectState(State.TIME_WAIT);
            assertEquals(340 * SEC, f.c.nextDeadline());
        }

        @Test
        void rst_entersClosed() {
            Fx f = Fx.timeWait();
            f.in(f.peer(RST, 5002, 0)).expectState(State.CLOSED);
        }

        @Test
        void rst_ignored_rfc1337() {
            Fx f = new Fx(Profile.builder().rfc1337(true).build());
            f.call(f.c.open(0, true));
            f.in(f.peer(SYN | ACK, 5000, 1));
            f.c.close(0);
            f.in(f.peer(FIN | ACK, 5001, 2));
            f.expectState(State.TIME_WAIT);
            f.in(f.peer(RST, 5002, 0)).expectNothing().expectState(State.TIME_WAIT);
        }

        @Test
        void syn_challengeAck() {
            Fx f = Fx.timeWait();
            f.in(f.peer(SYN, 5002, 0)).expectSent(ack(2, 5002)).expectState(State.TIME_WAIT);
        }

        @Test
        void userCalls_connectionClosing() {
            Fx f = Fx.timeWait();
            assertEquals(TcpError.CONNECTION_CLOSING, f.c.send(0, Payload.ofUtf8("x")).error());
            assertEquals(TcpError.CONNECTION_CLOSING, f.c.close(0).error());
            assertEquals(TcpError.CONNECTION_CLOSING, f.c.receive(0, 1).error());
        }
    }
}
