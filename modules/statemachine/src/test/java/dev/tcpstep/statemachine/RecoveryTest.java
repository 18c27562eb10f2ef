package dev.tcpstep.statemachine;

import dev.tcpstep.codec.IpHeader;
import dev.tcpstep.codec.Payload;
import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.TcpFlags;
import dev.tcpstep.codec.TcpOption;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import static dev.tcpstep.statemachine.Fx.ack;
import static dev.tcpstep.statemachine.Fx.data;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loss recovery and congestion control through the connection, from the RFCs' own cases
 * (RFC 5681, RFC 3042, RFC 6582, RFC 6675, RFC 3168), and Nagle, keep-alive, PAWS and
 * text on a SYN (RFC 9293 §3.7.4, §3.8.4, §3.10.7.3; RFC 7323 §5). A scripted receiver
 * ({@link Receiver}) answers every segment with a cumulative ACK (and SACK blocks when
 * agreed); losses are chosen segments' first transmissions. Virtual time does not move,
 * so a retransmission can only come from the ACKs, never from the timer. Expected
 * windows are the RFC formulas evaluated here.
 */
class RecoveryTest {
    static final int SMSS = 1000;

    /** RFC 5681 §3.1: IW = min(4*SMSS, max(2*SMSS, 4380 bytes)). */
    static long iw(long smss) {
        return Math.min(4 * smss, Math.max(2 * smss, 4380));
    }

    /** ESTABLISHED with the peer's MSS 1000 (and SACK-permitted when the profile offers it). */
    static Fx established(Profile p) {
        Fx f = Fx.synSent(p);
        List<TcpOption> o = new ArrayList<>(List.of(new TcpOption.Mss(SMSS)));
        if (p.sack()) {
            o.add(new TcpOption.SackPermitted());
        }
        f.in(f.peerBuilder(TcpFlags.SYN | TcpFlags.ACK, 5000, 1).options(o).build());
        assertEquals(State.ESTABLISHED, f.c.state());
        return f;
    }

    static Profile newReno() {
        return Profile.rfc9293();
    }

    /** The receiving peer: RCV.NXT from 1, out-of-order ranges held, an ACK per segment. */
    static final class Receiver {
        final Fx f;
        final boolean sack;
        long rcvNxt = 1;
        final TreeMap<Long, Long> held = new TreeMap<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final Map<Long, byte[]> heldBytes = new java.util.HashMap<>();
        /** Seqs of every data segment the sender sent, in order (retransmissions included). */
        final List<Long> sentSeqs = new ArrayList<>();
        final Set<Long> dropOnce;
        final Set<Long> dropped = new HashSet<>();
        int recoveryEpisodes;
        boolean timerFired;

        Receiver(Fx f, boolean sack, Set<Long> dropOnce) {
            this.f = f;
            this.sack = sack;
            this.dropOnce = dropOnce;
        }

        /** Delivers everything in flight and every reply, until nothing moves; {@code check} runs before each ACK. */
        void run(List<Segment> first, Predicate<Segment> check) {
            Deque<Segment> wire = new ArrayDeque<>(first);
            String phase = f.c.congestion().phase();
            while (!wire.isEmpty()) {
                Segment s = wire.poll();
                if (s.payload().isEmpty()) {
                    continue;
                }
                sentSeqs.add(s.seq());
                if (dropOnce.contains(s.seq()) && dropped.add(s.seq())) {
                    continue;
                }
                Segment a = receive(s);
                check.test(a);
                f.in(a);
                String now = f.c.congestion().phase();
                if (now.endsWith("recovery") && !now.equals(phase)) {
                    recoveryEpisodes++;
                }
                phase = now;
                wire.addAll(f.sent);
            }
        }

        Segment receive(Segment s) {
            long seq = s.seq();
            byte[] d = s.payload().toArray();
            if (seq == rcvNxt) {
                bytes.writeBytes(d);
                rcvNxt += d.length;
                while (!held.isEmpty() && held.firstKey() <= rcvNxt) {
                    Map.Entry<Long, Long> e = held.pollFirstEntry();
                    byte[] h = heldBytes.remove(e.getKey());
                    if (e.getValue() > rcvNxt) {
                        int skip = (int) (rcvNxt - e.getKey());
                        bytes.write(h, skip, h.length - skip);
                        rcvNxt = e.getValue();
                    }
                }
            } else if (seq > rcvNxt) {
                held.put(seq, seq + d.length);
                heldBytes.put(seq, d);
            }
            Segment.Builder b = f.peerBuilder(TcpFlags.ACK, 5001, rcvNxt);
            if (sack && !held.isEmpty()) {
                List<TcpOption.SackBlock> blocks = new ArrayList<>();
                long start = -1;
                long end = -1;
                for (Map.Entry<Long, Long> e : held.entrySet()) {
                    if (e.getKey() == end) {
                        end = e.getValue();
                    } else {
                        if (start >= 0) {
                            blocks.add(new TcpOption.SackBlock(start, end));
                        }
                        start = e.getKey();
                        end = e.getValue();
                    }
                }
                blocks.add(new TcpOption.SackBlock(start, end));
                b.options(List.of(new TcpOption.Sack(blocks.subList(Math.max(0, blocks.size() - 4), blocks.size()))));
            }
            return b.build();
        }

        /** Seqs sent more than once. */
        List<Long> retransmitted() {
            List<Long> r = new ArrayList<>();
            Set<Long> seen = new HashSet<>();
            for (long s : sentSeqs) {
                if (!seen.add(s)) {
                    r.add(s);
                }
            }
            return r;
        }
    }

    /** Sends {@code n} bytes; returns them. */
    static byte[] send(Fx f, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        f.call(f.c.send(f.now, Payload.copyOf(b)));
        return b;
    }

    /**
     * Warms the window up: sends {@code warm} bytes and has them all acknowledged, so that
     * cwnd is past {@code warm}'s slow start. Returns the next data seq.
     */
    static long warmUp(Fx f, int warm) {
        send(f, warm);
        Receiver r = new Receiver(f, false, Set.of());
        r.run(f.sent, a -> true);
        assertEquals(f.c.sndNxt(), f.c.sndUna(), "warm-up acknowledged");
        return f.c.sndNxt();
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
            // no MSS option from the peer: 536 (MUST-15); the ACK of the SYN is not data and does not open cwnd
            assertEquals(iw(536), s.cwnd());
            assertEquals(Integer.MAX_VALUE, s.ssthresh());
        }

        @Test
        void afterSend_flightIsSndNxtMinusSndUna() {
            Fx f = Fx.established();
            send(f, 1000);
            assertEquals(1000, f.c.congestion().flightSize());
        }

        @Test
        void profile_choosesTheAlgorithm() {
            Fx f = Fx.established(Profile.rfc9293().toBuilder().congestionControl(CongestionAlgorithm.CUBIC).build());
            assertEquals("CUBIC", f.c.congestion().algorithm());
        }
    }

    @Nested
    class FastRetransmit {
        @Test
        void limitedTransmit_newDataOnTheFirstTwoDuplicateAcks_thenFastRetransmit() {
            Fx f = established(newReno());
            send(f, 10 * SMSS);
            // IW = 4 segments: 1, 1001, 2001, 3001; the first is lost
            f.expectSent(data(1, 5001, SMSS), data(1001, 5001, SMSS), data(2001, 5001, SMSS),
                    data(3001, 5001, SMSS));
            f.in(f.peer(TcpFlags.ACK, 5001, 1)).expectSent(data(4001, 5001, SMSS));
            f.in(f.peer(TcpFlags.ACK, 5001, 1)).expectSent(data(5001, 5001, SMSS));
            assertEquals(iw(SMSS), f.c.congestion().cwnd(), "RFC 3042: cwnd itself unchanged");
            f.in(f.peer(TcpFlags.ACK, 5001, 1)).expectSent(data(1, 5001, SMSS));
            long flight = 6 * SMSS;
            long ssthresh = Math.max(flight / 2, 2L * SMSS);
            assertEquals(ssthresh, f.c.congestion().ssthresh());
            assertEquals(ssthresh + 3L * SMSS, f.c.congestion().cwnd());
            assertEquals("fast recovery", f.c.congestion().phase());
        }

        @Test
        void ackWithData_isNotADuplicate() {
            Fx f = established(newReno());
            send(f, 4 * SMSS);
            for (int i = 0; i < 3; i++) {
                f.in(f.peer(TcpFlags.ACK, 5001 + i, 1, Payload.copyOf(new byte[1])));
            }
            assertEquals("slow start", f.c.congestion().phase());
        }

        @Test
        void windowChange_isNotADuplicate() {
            Fx f = established(newReno());
            send(f, 4 * SMSS);
            for (int i = 0; i < 3; i++) {
                f.in(f.peerBuilder(TcpFlags.ACK, 5001, 1).window(60000 - i).build());
            }
            assertEquals("slow start", f.c.congestion().phase());
        }

        @Test
        void ackOfAZeroWindowProbe_isNotADuplicate() {
            Fx f = established(newReno());
            f.in(f.peerBuilder(TcpFlags.ACK, 5001, 1).window(0).build());
            send(f, 4 * SMSS);
            f.expectNothing();
            CongestionSnapshot before = f.c.congestion();
            // a persist episode: each probe byte is answered with the same ACK and the same zero window
            for (int i = 0; i < 6; i++) {
                f.fire().expectSent(data(1, 5001, 1));
                f.in(f.peerBuilder(TcpFlags.ACK, 5001, 1).window(0).build()).expectNothing();
            }
            CongestionSnapshot after = f.c.congestion();
            assertEquals(before.phase(), after.phase(), "no fast recovery from probe answers");
            assertEquals(before.cwnd(), after.cwnd(), "cwnd not inflated");
            assertEquals(before.ssthresh(), after.ssthresh());
            assertFalse(f.log().contains("duplicate ACK"), f.log());
        }

        @Test
        void oneLossInAWindowOfTen_recoveredWithoutTimeout() {
            Fx f = established(newReno());
            long start = warmUp(f, 20 * SMSS);
            assertTrue(f.c.congestion().cwnd() >= 10L * SMSS, "window of at least 10 segments");
            long lost = start + 3 * SMSS;
            byte[] b = send(f, 12 * SMSS);
            assertTrue(f.sent.size() >= 10, "sent " + f.sent.size());
            Receiver r = new Receiver(f, false, Set.of(lost));
            r.rcvNxt = start;
            r.run(f.sent, a -> true);
            assertEquals(List.of(lost), r.retransmitted());
            assertEquals(1, r.recoveryEpisodes);
            assertEquals(f.c.sndNxt(), f.c.sndUna(), "everything acknowledged");
            assertArrayEquals(b, r.bytes.toByteArray());
            assertFalse(f.c.tcb().rto() > Fx.SEC, "no backoff: no timeout happened");
        }
    }

    @Nested
    class NewRenoRecovery {
        @Test
        void threeLossesInOneWindow_oneEpisode_eachHoleOnce() {
            Fx f = established(newReno());
            long start = warmUp(f, 20 * SMSS);
            Set<Long> lost = Set.of(start + SMSS, start + 4 * SMSS, start + 7 * SMSS);
            byte[] b = send(f, 12 * SMSS);
            Receiver r = new Receiver(f, false, lost);
            r.rcvNxt = start;
            r.run(f.sent, a -> true);
            assertEquals(lost, new HashSet<>(r.retransmitted()));
            assertEquals(3, r.retransmitted().size());
            assertEquals(1, r.recoveryEpisodes, "one recovery episode");
            assertArrayEquals(b, r.bytes.toByteArray());
            assertEquals(f.c.sndNxt(), f.c.sndUna());
        }

        @Test
        void renoWithThreeLosses_needsMoreThanOneEpisodeOrTheTimer() {
            Fx f = established(Profile.rfc9293().toBuilder().congestionControl(CongestionAlgorithm.RENO).build());
            long start = warmUp(f, 20 * SMSS);
            Set<Long> lost = Set.of(start + SMSS, start + 4 * SMSS, start + 7 * SMSS);
            send(f, 12 * SMSS);
            Receiver r = new Receiver(f, false, lost);
            r.rcvNxt = start;
            r.run(f.sent, a -> true);
            // RFC 5681 alone leaves recovery at the first partial ACK: the next hole is not repaired by it
            assertTrue(r.recoveryEpisodes > 1 || f.c.sndUna() != f.c.sndNxt(), "episodes " + r.recoveryEpisodes);
        }

        @Test
        void everyAck_cwndAndSsthreshFollowTheRfcFormulas() {
            Fx f = established(newReno());
            long start = warmUp(f, 20 * SMSS);
            Set<Long> lost = Set.of(start + 2 * SMSS, start + 5 * SMSS, start + 6 * SMSS);
            send(f, 14 * SMSS);
            Receiver r = new Receiver(f, false, lost);
            r.rcvNxt = start;
            Model m = new Model(f.c);
            r.run(f.sent, a -> {
                m.expect(a);
                return true;
            });
            m.checkLast();
            assertEquals(f.c.sndNxt(), f.c.sndUna());
            assertTrue(m.checked > 10, "checked " + m.checked);
        }
    }

    /** RFC 5681 §3.1–§3.2 and RFC 6582 §3.2 as arithmetic on the values before each ACK. */
    static final class Model {
        final Connection c;
        long cwnd;
        long ssthresh;
        long expectCwnd;
        long expectSsthresh;
        boolean pending;
        int dups;
        boolean recovery;
        long recover;
        int checked;

        Model(Connection c) {
            this.c = c;
        }

        void expect(Segment a) {
            checkLast();
            CongestionSnapshot s = c.congestion();
            cwnd = s.cwnd();
            ssthresh = s.ssthresh();
            long una = c.sndUna();
            long nxt = c.sndNxt();
            long ack = a.ack();
            expectSsthresh = ssthresh;
            if (ack == una && nxt != una) {
                if (recovery) {
                    expectCwnd = cwnd + SMSS; // RFC 5681 §3.2 step 4
                } else if (++dups == 3) {
                    expectSsthresh = Math.max((nxt - una) / 2, 2L * SMSS); // step 2
                    expectCwnd = expectSsthresh + 3L * SMSS; // step 3
                    recovery = true;
                    recover = nxt;
                } else {
                    expectCwnd = cwnd; // RFC 3042: cwnd unchanged
                }
            } else if (ack > una) {
                long acked = ack - una;
                dups = 0;
                if (recovery && ack >= recover) {
                    // RFC 6582 §3.2 step 3, option (1)
                    expectCwnd = Math.min(ssthresh, Math.max(nxt - ack, SMSS) + SMSS);
                    recovery = false;
                } else if (recovery) {
                    expectCwnd = Math.max(SMSS, cwnd - acked + (acked >= SMSS ? SMSS : 0)); // step 5
                } else if (cwnd < ssthresh) {
                    expectCwnd = cwnd + Math.min(acked, SMSS); // RFC 5681 (2)
                } else {
                    expectCwnd = cwnd + Math.max(1, (long) SMSS * SMSS / cwnd); // RFC 5681 (3)
                }
            } else {
                expectCwnd = cwnd;
            }
            pending = true;
        }

        void checkLast() {
            if (!pending) {
                return;
            }
            pending = false;
            CongestionSnapshot s = c.congestion();
            assertEquals(expectSsthresh, s.ssthresh(), "ssthresh after ACK " + checked);
            assertEquals(expectCwnd, s.cwnd(), "cwnd after ACK " + checked + " (" + s.phase() + ")");
            checked++;
        }
    }

    @Nested
    class SackRecovery {
        @Test
        void onlyTheHolesAreRetransmitted() {
            Fx f = established(Profile.rfc9293().toBuilder().sack(true).build());
            assertTrue(f.c.tcb().sack(), "SACK agreed");
            long start = warmUp(f, 20 * SMSS);
            Set<Long> lost = Set.of(start + SMSS, start + 4 * SMSS, start + 8 * SMSS);
            byte[] b = send(f, 12 * SMSS);
            Receiver r = new Receiver(f, true, lost);
            r.rcvNxt = start;
            r.run(f.sent, a -> true);
            assertEquals(lost, new HashSet<>(r.retransmitted()));
            assertEquals(3, r.retransmitted().size(), "each hole once, nothing SACKed again");
            assertEquals(1, r.recoveryEpisodes);
            assertArrayEquals(b, r.bytes.toByteArray());
            assertEquals(f.c.sndNxt(), f.c.sndUna());
        }

        @Test
        void dataCarryingSackBlocks_shrinksToFitTheMss() {
            // Found by bin/soak (seed 326): a full segment plus a SACK option was 8 bytes over the MTU, so the
            // link dropped every copy of it until R2 ended the connection.
            Fx f = established(Profile.rfc9293().toBuilder().sack(true).build());
            // the peer's bytes 5101.. arrive before 5001..: held out of order, reported in a SACK block
            f.in(f.peer(TcpFlags.ACK, 5101, 1, Payload.copyOf(new byte[10])));
            assertTrue(f.sent.getFirst().options().stream().anyMatch(o -> o instanceof TcpOption.Sack), "SACK sent");
            f.call(f.c.send(f.now, Payload.copyOf(new byte[3 * SMSS])));
            assertFalse(f.sent.isEmpty());
            for (Segment seg : f.sent) {
                int options = (seg.optionsLength() + 3) & ~3;
                assertTrue(seg.payload().length() + options <= SMSS,
                        seg + ": " + seg.payload().length() + " bytes of data + " + options + " of options > MSS " + SMSS);
                assertTrue(seg.options().stream().anyMatch(o -> o instanceof TcpOption.Sack), "SACK still reported");
            }
            assertEquals(SMSS - 12, f.sent.getFirst().payload().length(), "1 block: 10 bytes, padded to 12");
        }

        @Test
        void entry_ssthreshAndCwndAreHalfTheFlight() {
            Fx f = established(Profile.rfc9293().toBuilder().sack(true).build());
            send(f, 10 * SMSS);
            long flight = 4 * SMSS;
            // 1 lost; 1001, 2001, 3001 arrive and are SACKed
            for (int i = 1; i <= 3; i++) {
                f.in(f.peerBuilder(TcpFlags.ACK, 5001, 1).options(List.of(new TcpOption.Sack(List.of(
                        new TcpOption.SackBlock(1001, 1 + (i + 1) * SMSS))))).build());
            }
            // limited transmit sent 4001 and 5001 on the first two: FlightSize 6 segments at the third
            flight += 2 * SMSS;
            assertEquals("SACK recovery", f.c.congestion().phase());
            assertEquals(Math.max(flight / 2, 2L * SMSS), f.c.congestion().ssthresh());
            assertEquals(f.c.congestion().ssthresh(), f.c.congestion().cwnd(), "RFC 6675: ssthresh = cwnd");
            assertEquals(1, f.c.sacked().size());
        }
    }

    @Nested
    class Timeout {
        @Test
        void rto_cwndOneSegment_ssthreshHalfTheFlight_thenSlowStart() {
            Fx f = established(newReno());
            send(f, 4 * SMSS);
            long flight = 4 * SMSS;
            f.fire();
            f.expectSent(data(1, 5001, SMSS));
            assertEquals(SMSS, f.c.congestion().cwnd());
            assertEquals(Math.max(flight / 2, 2L * SMSS), f.c.congestion().ssthresh());
            assertEquals("loss recovery after RTO", f.c.congestion().phase());
            assertEquals(2 * Fx.SEC, f.c.tcb().rto(), "RFC 6298 (5.5): backed off");
            f.in(f.peer(TcpFlags.ACK, 5001, 1001));
            assertEquals(Fx.SEC, f.c.tcb().rto(), "the ACK of new data collapses the backoff (package-info)");
            assertEquals(SMSS + 1000, f.c.congestion().cwnd(), "slow start from one segment");
        }
    }

    @Nested
    class LostSyn {
        @Test
        void synRetransmitted_initialWindowOneSegment_slowStart() {
            Fx f = Fx.synSent(newReno());
            f.fire();
            f.in(f.peerBuilder(TcpFlags.SYN | TcpFlags.ACK, 5000, 1).options(List.of(new TcpOption.Mss(SMSS))).build());
            // RFC 5681 §3.1: after a lost SYN the initial window is one segment
            assertEquals(SMSS, f.c.congestion().cwnd());
            assertEquals(Integer.MAX_VALUE, f.c.congestion().ssthresh(), "a lost SYN is not a congestion signal");
            assertEquals("slow start", f.c.congestion().phase());
        }
    }

    @Nested
    class Ecn {
        Profile ecn() {
            return Profile.rfc9293().toBuilder().ecn(true).build();
        }

        Fx ecnEstablished() {
            Fx f = Fx.synSent(ecn());
            assertTrue(f.sent.get(0).has(TcpFlags.ECE) && f.sent.get(0).has(TcpFlags.CWR), "ECN-setup SYN");
            f.in(f.peerBuilder(TcpFlags.SYN | TcpFlags.ACK | TcpFlags.ECE, 5000, 1)
                    .options(List.of(new TcpOption.Mss(SMSS))).build());
            assertTrue(f.c.ecn());
            return f;
        }

        Segment ce(Fx f, long seq, int flags, int len) {
            IpHeader.V4 v = IpHeader.V4.of((Inet4Address) Fx.PEER, (Inet4Address) Fx.US);
            IpHeader.V4 marked = new IpHeader.V4(v.src(), v.dst(), 0, 3, 0, true, false, 0, 64, v.options(), null, null,
                    null);
            return f.peerBuilder(flags, seq, f.c.sndNxt()).ip(marked).payload(Payload.copyOf(new byte[len])).build();
        }

        @Test
        void offNotNegotiated_plainSyn() {
            Fx f = Fx.synSent();
            assertFalse(f.sent.get(0).has(TcpFlags.ECE));
        }

        @Test
        void peerWithoutEcn_notAgreed() {
            Fx f = Fx.synSent(ecn());
            f.in(f.peer(TcpFlags.SYN | TcpFlags.ACK, 5000, 1));
            assertFalse(f.c.ecn());
        }

        @Test
        void passive_ecnSetupSynGetsEcnSetupSynAck() {
            Fx f = Fx.listen(ecn());
            f.in(f.peer(TcpFlags.SYN | TcpFlags.ECE | TcpFlags.CWR, 5000, 0));
            Segment sa = f.sent.get(0);
            assertTrue(sa.has(TcpFlags.ECE) && !sa.has(TcpFlags.CWR));
        }

        @Test
        void newDataIsEct_retransmissionsAndAcksAreNot() {
            Fx f = ecnEstablished();
            send(f, SMSS);
            assertEquals(2, Connection.ecnField(f.sent.get(0).ip()), "ECT(0)");
            f.fire();
            assertEquals(0, Connection.ecnField(f.sent.get(0).ip()), "retransmission not ECT");
        }

        @Test
        void ceMarks_halveCwndOncePerWindow_cwrOnTheNextData() {
            Fx f = ecnEstablished();
            long start = warmUp(f, 10 * SMSS);
            send(f, 8 * SMSS);
            long cwnd0 = f.c.congestion().cwnd();
            long flight = f.c.sndNxt() - f.c.sndUna();
            f.in(f.peerBuilder(TcpFlags.ACK | TcpFlags.ECE, 5001, start + SMSS).build());
            long ssthresh = Math.max((flight - SMSS) / 2, 2L * SMSS);
            assertEquals(ssthresh, f.c.congestion().ssthresh());
            assertEquals(ssthresh, f.c.congestion().cwnd());
            assertTrue(f.c.congestion().cwnd() < cwnd0);
            f.in(f.peerBuilder(TcpFlags.ACK | TcpFlags.ECE, 5001, start + 2 * SMSS).build());
            assertEquals(ssthresh, f.c.congestion().ssthresh(), "second ECE in the same window: no reaction");
            // acknowledge the whole window, then new data carries CWR
            f.in(f.peer(TcpFlags.ACK, 5001, f.c.sndNxt()));
            send(f, SMSS);
            assertTrue(f.sent.get(0).has(TcpFlags.CWR), "CWR on the first new data");
            long cwnd1 = f.c.congestion().cwnd();
            long flight1 = f.c.sndNxt() - f.c.sndUna();
            f.in(f.peerBuilder(TcpFlags.ACK | TcpFlags.ECE, 5001, f.c.sndUna()).build());
            assertEquals(Math.max(flight1 / 2, 2L * SMSS), f.c.congestion().cwnd(), "next window: halved again from "
                    + cwnd1);
        }

        @Test
        void ceReceived_eceOnEveryAckUntilCwr() {
            Fx f = ecnEstablished();
            f.in(ce(f, 5001, TcpFlags.ACK, 10));
            assertTrue(f.sent.get(0).has(TcpFlags.ECE));
            f.in(f.peer(TcpFlags.ACK, 5011, 1, Payload.copyOf(new byte[10])));
            assertTrue(f.sent.get(0).has(TcpFlags.ECE), "still owed");
            f.in(f.peer(TcpFlags.ACK | TcpFlags.CWR, 5021, 1, Payload.copyOf(new byte[10])));
            assertFalse(f.sent.get(0).has(TcpFlags.ECE), "CWR received");
        }
    }

    @Nested
    class Nagle {
        @Test
        void holdsASmallSegmentWhileDataIsUnacknowledged() {
            Fx f = established(Profile.rfc9293().toBuilder().nagle(true).build());
            send(f, 100);
            f.expectSent(data(1, 5001, 100));
            send(f, 100);
            f.expectNothing();
            f.in(f.peer(TcpFlags.ACK, 5001, 101)).expectSent(data(101, 5001, 100));
        }

        @Test
        void fullSegment_goesDespiteUnacknowledgedData() {
            Fx f = established(Profile.rfc9293().toBuilder().nagle(true).build());
            send(f, 100);
            send(f, SMSS);
            f.expectSent(data(101, 5001, SMSS));
        }

        @Test
        void switchedOff_smallSegmentGoesAtOnce() {
            Fx f = established(Profile.rfc9293().toBuilder().nagle(true).build());
            assertTrue(f.c.nagle());
            f.c.nagle(false);
            send(f, 100);
            send(f, 100);
            f.expectSent(data(101, 5001, 100));
        }

        @Test
        void defaultProfile_off() {
            assertFalse(Fx.established().c.nagle());
        }
    }

    @Nested
    class KeepAlive {
        @Test
        void defaults_offAndAtLeastTwoHours() {
            assertFalse(Profile.rfc9293().keepAlive());
            assertTrue(Profile.rfc9293().keepAliveInterval() >= Duration.ofHours(2).toNanos());
            assertEquals(Connection.NEVER, Fx.established().c.nextDeadline());
        }

        @Test
        void idle_probeAtSndNxtMinusOne_afterTheInterval() {
            Fx f = established(Profile.rfc9293().toBuilder().keepAlive(true).build());
            assertEquals(Duration.ofHours(2).toNanos(), f.c.nextDeadline() - f.now);
            f.fire().expectSent(ack(0, 5001));
            assertEquals(State.ESTABLISHED, f.c.state());
            f.fire().expectSent(ack(0, 5001));
            assertEquals(State.ESTABLISHED, f.c.state(), "MUST-27: an unanswered probe does not end it");
        }

        @Test
        void switchedOnPerConnection_intervalFromTheProfile() {
            Fx f = established(Profile.rfc9293().toBuilder().keepAliveInterval(Duration.ofHours(3)).build());
            f.c.keepAlive(f.now, true);
            assertEquals(Duration.ofHours(3).toNanos(), f.c.nextDeadline() - f.now);
            f.c.keepAlive(f.now, false);
            assertEquals(Connection.NEVER, f.c.nextDeadline());
        }

        @Test
        void outstandingData_noProbe() {
            Fx f = established(Profile.rfc9293().toBuilder().keepAlive(true)
                    .keepAliveInterval(Duration.ofMillis(500)).build());
            send(f, 10);
            f.fire();
            f.expectNothing();
        }
    }

    @Nested
    class Paws {
        Fx withTimestamps() {
            Fx f = Fx.synSent(Profile.rfc9293().toBuilder().timestamps(true).build());
            f.in(f.peerBuilder(TcpFlags.SYN | TcpFlags.ACK, 5000, 1)
                    .options(List.of(new TcpOption.Timestamps(1000, 0))).build());
            assertTrue(f.c.tcb().timestamps());
            return f;
        }

        Segment data(Fx f, long seq, long tsVal) {
            return f.peerBuilder(TcpFlags.ACK, seq, 1).options(List.of(new TcpOption.Timestamps(tsVal, 0)))
                    .payload(Payload.copyOf(new byte[10])).build();
        }

        @Test
        void olderTsVal_droppedWithAnAck() {
            Fx f = withTimestamps();
            f.in(data(f, 5001, 999)).expectSent(ack(1, 5001));
            assertEquals(0, f.c.readable());
            assertTrue(f.log().contains("PAWS"), f.log());
        }

        @Test
        void sameOrNewerTsVal_accepted() {
            Fx f = withTimestamps();
            f.in(data(f, 5001, 1000)).expectSent(ack(1, 5011));
            f.in(data(f, 5011, 1001)).expectSent(ack(1, 5021));
            assertEquals(20, f.c.readable());
        }

        @Test
        void rstWithOldTsVal_notPawsChecked() {
            Fx f = withTimestamps();
            f.in(f.peerBuilder(TcpFlags.RST, 5001, 0).options(List.of(new TcpOption.Timestamps(1, 0))).build());
            assertEquals(State.CLOSED, f.c.state());
        }
    }

    @Nested
    class TextOnSyn {
        @Test
        void synSent_synWithData_queuedAndDeliveredAfterEstablished() {
            Fx f = Fx.synSent();
            f.in(f.peer(TcpFlags.SYN, 5000, 0, Payload.copyOf(new byte[] {1, 2, 3})));
            f.expectState(State.SYN_RECEIVED).expectSent(Fx.synAck(0, 5001));
            assertTrue(f.log().contains("queued until ESTABLISHED"), f.log());
            f.in(f.peer(TcpFlags.ACK, 5004, 1));
            f.expectState(State.ESTABLISHED).expectSent(ack(1, 5004));
            assertEquals(3, f.c.readable());
            assertArrayEquals(new byte[] {1, 2, 3}, f.c.receive(f.now, 10).data().toArray());
        }

        @Test
        void synSent_synWithDataAndFin_closeWaitAfterEstablished() {
            Fx f = Fx.synSent();
            f.in(f.peer(TcpFlags.SYN | TcpFlags.FIN, 5000, 0, Payload.copyOf(new byte[] {9})));
            f.in(f.peer(TcpFlags.ACK, 5003, 1));
            f.expectState(State.CLOSE_WAIT).expectSent(ack(1, 5003));
            assertEquals(1, f.c.readable());
        }
    }

    /** Two hosts over {@link Net}: seeded losses, exact bytes, the same trace twice. */
    @Nested
    class SeededLossyRuns {
        static final int BYTES = 200_000;

        static Profile profile(CongestionAlgorithm a, boolean sack, boolean ecn) {
            return Profile.rfc9293().toBuilder().congestionControl(a).sack(sack).ecn(ecn).r2(30)
                    .userTimeout(Duration.ofHours(1)).build();
        }

        /** A transfer client → server; returns the wire, one line per segment, and checks the bytes. */
        String transfer(Profile p, long seed, double loss) {
            Net n = new Net(p, IsnSource.fixed(0), p, IsnSource.fixed(5000));
            n.random = new java.util.SplittableRandom(seed);
            n.loss = loss;
            n.jitter = 2 * Net.MS;
            n.server.listen(80);
            n.send(n.client.open(0, 49152, Net.SERVER, 80).sent(), true);
            n.run(Duration.ofSeconds(60).toNanos());
            assertEquals(State.ESTABLISHED, n.clientConn().state(), "seed " + seed);
            byte[] b = new byte[BYTES];
            new java.util.SplittableRandom(seed).nextBytes(b);
            n.send(n.clientConn().send(n.now, Payload.copyOf(b)).sent(), true);
            for (int i = 0; i < 100 && n.received(n.serverConn()).length < BYTES; i++) {
                n.run(n.now + Duration.ofSeconds(60).toNanos());
                n.drain();
            }
            assertArrayEquals(b, n.received(n.serverConn()), "seed " + seed + " bytes");
            assertTrue(n.violations.isEmpty(), n.violations.toString());
            StringBuilder w = new StringBuilder();
            for (Segment s : n.wire) {
                w.append(s).append(' ').append(Connection.ecnField(s.ip())).append('\n');
            }
            for (Event e : n.events) {
                w.append(e.time()).append(' ').append(e).append('\n');
            }
            return w.toString();
        }

        @Test
        void everyAlgorithm_exactBytes_sameTraceTwice() {
            for (CongestionAlgorithm a : CongestionAlgorithm.values()) {
                for (boolean sack : new boolean[] {false, true}) {
                    for (long seed = 1; seed <= 3; seed++) {
                        Profile p = profile(a, sack, seed == 2);
                        String first = transfer(p, seed, 0.03);
                        assertEquals(first, transfer(p, seed, 0.03), a + " sack " + sack + " seed " + seed);
                    }
                }
            }
        }

        @Test
        void oneLoss_fastRetransmitInsteadOfTheTimer() {
            Profile p = profile(CongestionAlgorithm.NEW_RENO, false, false);
            Net n = new Net(p, IsnSource.fixed(0), p, IsnSource.fixed(5000));
            long[] count = {0};
            n.dropRule = (s, toServer) -> toServer && s.seq() == 1 + 20 * 1460L && count[0]++ == 0;
            n.server.listen(80);
            n.send(n.client.open(0, 49152, Net.SERVER, 80).sent(), true);
            n.run(Duration.ofSeconds(1).toNanos());
            byte[] b = new byte[40 * 1460]; // within the receive window: no zero-window probes
            n.send(n.clientConn().send(n.now, Payload.copyOf(b)).sent(), true);
            for (int i = 0; i < 100 && n.received(n.serverConn()).length < b.length; i++) {
                n.run(n.now + Duration.ofSeconds(30).toNanos());
                n.drain();
            }
            assertEquals(b.length, n.received(n.serverConn()).length);
            assertEquals(2, count[0], "the segment went twice: dropped, then retransmitted");
            assertTrue(n.events.stream().noneMatch(e -> e.cause() instanceof Event.Cause.Timer t
                    && t.name().equals("retransmission")), () -> n.events.stream().filter(e -> e.cause()
                    instanceof Event.Cause.Timer).map(Event::toString).toList().toString());
            assertTrue(n.events.stream().anyMatch(e -> e.text().contains("fast retransmit")), n.trace());
        }
    }
}
