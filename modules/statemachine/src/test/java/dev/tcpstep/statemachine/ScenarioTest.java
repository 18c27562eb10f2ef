package dev.tcpstep.statemachine;

import dev.tcpstep.codec.Payload;
import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.TcpFlags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.tcpstep.codec.TcpFlags.ACK;
import static dev.tcpstep.codec.TcpFlags.FIN;
import static dev.tcpstep.codec.TcpFlags.RST;
import static dev.tcpstep.codec.TcpFlags.SYN;
import static dev.tcpstep.statemachine.Net.CLIENT;
import static dev.tcpstep.statemachine.Net.MS;
import static dev.tcpstep.statemachine.Net.SERVER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two endpoints back to back: whole conversations, with a link that loses, duplicates and reorders. */
class ScenarioTest {
    static final long SEC = 1_000_000_000L;

    Net net;
    Connection client;
    Connection server;

    private void connect(Net n) {
        net = n;
        n.server.listen(80);
        CallResult r = n.client.open(n.now, 49152, SERVER, 80);
        client = r.connection();
        n.send(r.sent(), true);
        n.run(n.now + 60 * SEC);
        server = n.server.listener(80).accept();
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private void send(Connection c, byte[] data) {
        CallResult r = c.send(net.now, Payload.copyOf(data));
        assertTrue(r.ok(), r::toString);
        net.send(r.sent(), c == client);
    }

    private void close(Connection c) {
        CallResult r = c.close(net.now);
        assertTrue(r.ok(), r::toString);
        net.send(r.sent(), c == client);
    }

    private void settle() {
        for (int i = 0; i < 1000 && (net.inFlight() > 0 || net.client.nextDeadline() != Connection.NEVER
                || net.server.nextDeadline() != Connection.NEVER); i++) {
            net.run(net.now + 10 * SEC);
            net.drain();
            if (net.inFlight() == 0) {
                net.run(Long.MAX_VALUE / 2);
                net.drain();
            }
        }
        assertEquals(List.of(), net.violations, net::trace);
    }

    @Test
    void handshake_teachingIsns_matchSeedNotes() {
        connect(Net.teaching());
        assertEquals(State.ESTABLISHED, client.state());
        assertNotNull(server);
        assertEquals(State.ESTABLISHED, server.state());
        List<String> wire = new ArrayList<>();
        for (Segment s : net.wire) {
            wire.add(s.flags() + " " + s.seq() + (s.has(ACK) ? " ack " + s.ack() : ""));
        }
        assertEquals(List.of("SYN 0", "SYN,ACK 5000 ack 1", "ACK 1 ack 5001"), wire);
        assertEquals(List.of(), net.violations);
    }

    @Test
    void dataBothWays_thenClientClosesFirst_bothClosedAfterTimeWait() {
        connect(Net.teaching());
        byte[] a = bytes(10_000, 1);
        byte[] b = bytes(7_000, 2);
        send(client, a);
        send(server, b);
        net.run(net.now + 5 * SEC);
        net.drain();
        close(client);
        net.run(net.now + SEC);
        assertEquals(State.FIN_WAIT_2, client.state());
        assertEquals(State.CLOSE_WAIT, server.state());
        close(server);
        net.run(net.now + SEC);
        assertEquals(State.TIME_WAIT, client.state());
        assertEquals(State.CLOSED, server.state());
        settle();
        assertEquals(State.CLOSED, client.state());
        assertArrayEquals(a, net.received(server));
        assertArrayEquals(b, net.received(client));
        assertTrue(net.client.connections().isEmpty());
    }

    @Test
    void serverClosesFirst_serverLingersInTimeWait() {
        connect(Net.teaching());
        close(server);
        net.run(net.now + SEC);
        assertEquals(State.CLOSE_WAIT, client.state());
        close(client);
        net.run(net.now + SEC);
        assertEquals(State.TIME_WAIT, server.state());
        assertEquals(State.CLOSED, client.state());
        settle();
        assertEquals(State.CLOSED, server.state());
    }

    @Test
    void simultaneousOpen_bothThroughSynReceived() {
        net = Net.teaching();
        CallResult a = net.client.open(0, 5000, SERVER, 6000);
        CallResult b = net.server.open(0, 6000, CLIENT, 5000);
        net.send(a.sent(), true);
        net.send(b.sent(), false);
        net.run(5 * SEC);
        assertEquals(State.ESTABLISHED, a.connection().state());
        assertEquals(State.ESTABLISHED, b.connection().state());
        assertTrue(net.events.stream().anyMatch(e -> e.from() == State.SYN_SENT && e.to() == State.SYN_RECEIVED),
                net::trace);
        assertEquals(List.of(), net.violations);
    }

    @Test
    void simultaneousClose_bothThroughClosing() {
        connect(Net.teaching());
        close(client);
        close(server);
        net.run(net.now + SEC);
        assertEquals(State.TIME_WAIT, client.state());
        assertEquals(State.TIME_WAIT, server.state());
        assertTrue(net.events.stream().anyMatch(e -> e.to() == State.CLOSING), net::trace);
        settle();
        assertEquals(State.CLOSED, client.state());
        assertEquals(State.CLOSED, server.state());
    }

    @Test
    void halfClose_dataStillFlowsTowardTheSideThatSentFin() {
        connect(Net.teaching());
        close(client);
        net.run(net.now + SEC);
        byte[] late = bytes(5000, 3);
        send(server, late);
        net.run(net.now + SEC);
        net.drain();
        assertEquals(State.FIN_WAIT_2, client.state());
        assertArrayEquals(late, net.received(client));
        close(server);
        settle();
        assertEquals(State.CLOSED, client.state());
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = {"SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT"})
    void rstFromAbort_inEveryStateOfTheClient_peerLeaves(State at) {
        net = Net.teaching();
        net.server.listen(80);
        CallResult r = net.client.open(0, 49152, SERVER, 80);
        client = r.connection();
        net.send(r.sent(), true);
        switch (at) {
            case SYN_SENT -> net.dropRule = (s, toServer) -> toServer && s.has(SYN);
            case ESTABLISHED -> net.run(SEC);
            case FIN_WAIT_1 -> {
                net.run(SEC);
                net.dropRule = (s, toServer) -> true;
                close(client);
            }
            case FIN_WAIT_2 -> {
                net.run(SEC);
                close(client);
                net.run(net.now + SEC);
            }
            case CLOSE_WAIT -> {
                net.run(SEC);
                server = net.server.listener(80).accept();
                close(server);
                net.run(net.now + SEC);
            }
            default -> throw new AssertionError(at);
        }
        assertEquals(at, client.state());
        net.dropRule = (s, toServer) -> false;
        CallResult ab = client.abort(net.now);
        net.send(ab.sent(), true);
        net.run(net.now + SEC);
        assertEquals(State.CLOSED, client.state());
        for (Connection c : net.server.connections()) {
            throw new AssertionError("server still has " + c + "\n" + net.trace());
        }
        assertEquals(List.of(), net.violations);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SYN", "SYN,ACK", "ACK", "FIN", "last ACK"})
    void lostSegment_isRecovered(String which) {
        net = Net.teaching();
        AtomicInteger dropped = new AtomicInteger();
        net.dropRule = (s, toServer) -> {
            boolean match = switch (which) {
                case "SYN" -> s.flags().bits() == SYN;
                case "SYN,ACK" -> s.flags().bits() == (SYN | ACK);
                case "ACK" -> toServer && s.flags().bits() == ACK && s.ack() == 5001;
                case "FIN" -> toServer && s.has(FIN);
                case "last ACK" -> !toServer && s.flags().bits() == ACK && s.ack() == 2;
                default -> throw new AssertionError(which);
            };
            if (match && dropped.get() == 0) {
                dropped.incrementAndGet();
                return true;
            }
            return false;
        };
        connect(net);
        assertEquals(State.ESTABLISHED, client.state());
        assertNotNull(server, net::trace);
        close(client);
        net.run(net.now + 5 * SEC);
        close(server);
        settle();
        assertEquals(1, dropped.get(), "the rule dropped exactly one segment");
        assertEquals(State.CLOSED, client.state());
        assertEquals(State.CLOSED, server.state(), net::trace);
        assertNull(client.error());
        assertNull(server.error(), net::trace);
    }

    @Test
    void isnsNearWrap_dataAcrossTwoToThe32() {
        net = new Net(Profile.rfc9293(), IsnSource.fixed(0xFFFF_FFFFL - 2), Profile.rfc9293(),
                IsnSource.fixed(0xFFFF_FFF0L));
        connect(net);
        byte[] a = bytes(20_000, 4);
        byte[] b = bytes(30_000, 5);
        send(client, a);
        send(server, b);
        close(client);
        close(server);
        settle();
        assertArrayEquals(a, net.received(server));
        assertArrayEquals(b, net.received(client));
        assertEquals(State.CLOSED, client.state());
        assertEquals(State.CLOSED, server.state());
        assertTrue(SeqNum.lt(0xFFFF_FFFFL - 2, client.sndNxt()) && client.sndNxt() < 0xFFFF_FFF0L,
                "SND.NXT wrapped past 2^32: " + client.sndNxt());
    }

    @Test
    void zeroWindow_senderProbesUntilReceiverReads() {
        net = new Net(Profile.rfc9293(), IsnSource.fixed(0),
                Profile.builder().receiveWindow(2000).build(), IsnSource.fixed(5000));
        connect(net);
        byte[] a = bytes(9000, 6);
        send(client, a);
        net.run(net.now + 30 * SEC);
        assertEquals(0, server.rcvWnd());
        assertEquals(2000, server.readable());
        assertTrue(net.events.stream().anyMatch(e -> "MUST-36".equals(e.must())), "zero-window probes were sent");
        settle();
        assertArrayEquals(a, net.received(server));
        assertEquals(State.ESTABLISHED, client.state());
    }

    @Test
    void rfc5961_blindInjection_rstSynData_allRejected() {
        connect(Net.teaching());
        byte[] a = bytes(100, 7);
        send(client, a);
        net.run(net.now + SEC);
        net.drain();
        long rcvNxt = server.rcvNxt();
        Segment.Builder forged = Segment.builder().addresses(CLIENT, SERVER).srcPort(49152).dstPort(80)
                .window(65535);
        // blind RST: in the window but not RCV.NXT
        List<Segment> out = net.server.onSegment(net.now, forged.seq(rcvNxt + 1000).flags(RST).build());
        assertEquals(1, out.size());
        assertEquals(TcpFlags.of(ACK), out.get(0).flags(), "challenge ACK");
        // blind SYN (a second later: challenge ACKs are rate-limited)
        out = net.server.onSegment(net.now + SEC, forged.seq(rcvNxt + 5).flags(SYN).build());
        assertEquals(TcpFlags.of(ACK), out.get(0).flags(), "challenge ACK");
        // blind data with a guessed ACK far below SND.UNA
        out = net.server.onSegment(net.now + 2 * SEC, forged.seq(rcvNxt).ack(server.sndUna() + 2_000_000_000L)
                .flags(ACK).payload(Payload.ofUtf8("evil")).build());
        assertEquals(TcpFlags.of(ACK), out.get(0).flags());
        assertEquals(rcvNxt, server.rcvNxt(), "the injected data was not accepted");
        assertEquals(State.ESTABLISHED, server.state());
        assertEquals(0, server.readable());
        assertArrayEquals(a, net.received(server));
    }

    @Test
    void desynchronizedEnds_noAckStorm_repliesRateLimited() {
        connect(Net.teaching());
        // a forged data segment the server accepts moves its RCV.NXT past anything the client sent
        Segment forged = Segment.builder().addresses(CLIENT, SERVER).srcPort(49152).dstPort(80)
                .seq(server.rcvNxt()).ack(server.sndNxt()).flags(ACK).window(65535)
                .payload(Payload.ofUtf8("injected")).build();
        net.send(net.server.onSegment(net.now, forged), false);
        int before = net.wire.size();
        net.run(net.now + 10 * SEC);
        int replies = net.wire.size() - before;
        // the two ends disagree for good; without a limit they would ACK each other forever
        assertTrue(replies < 100, "ACKs exchanged in 10 s: " + replies);
        assertTrue(net.events.stream().anyMatch(e -> e.text().contains("rate-limited (RFC 5961 §7)")), net::trace);
    }

    @Test
    void modernProfile_negotiatesOptions_andTransfers() {
        net = new Net(Profile.modern(), IsnSource.rfc6528(1), Profile.modern(), IsnSource.rfc6528(2));
        net.random = new SplittableRandom(3);
        net.loss = 0.05;
        net.jitter = 20 * MS;
        connect(net);
        Tcb t = client.tcb();
        assertEquals(7, t.sndShift());
        assertEquals(7, t.rcvShift());
        assertTrue(t.timestamps());
        assertTrue(t.sack());
        assertEquals(1460 - 12, t.effectiveMss());
        byte[] a = bytes(300_000, 8);
        send(client, a);
        close(client);
        for (int i = 0; i < 200 && server.state() != State.CLOSE_WAIT; i++) {
            net.run(net.now + SEC);
            net.drain();
        }
        close(server);
        settle();
        assertArrayEquals(a, net.received(server));
        assertEquals(State.CLOSED, client.state());
    }

    @Test
    void backlog_full_dropsFurtherSyns() {
        net = Net.teaching();
        Listener l = net.server.listen(80, 2).listener();
        net.dropRule = (s, toServer) -> !toServer; // the server's SYN,ACKs never arrive
        for (int port = 1000; port < 1004; port++) {
            net.send(net.client.open(0, port, SERVER, 80).sent(), true);
        }
        net.deliver();
        assertEquals(2, l.pending());
        assertEquals(2, net.server.connections().size());
        assertTrue(net.events.stream().anyMatch(e -> e.text().contains("backlog of 2 is full")), net::trace);
    }

    @Test
    void segmentForNoSocket_getsRst() {
        net = Net.teaching();
        List<Segment> out = net.server.onSegment(0, Segment.builder().addresses(CLIENT, SERVER).srcPort(1)
                .dstPort(2).seq(10).flags(SYN).build());
        assertEquals(1, out.size());
        assertEquals(TcpFlags.of(RST | ACK), out.get(0).flags());
        assertEquals(11, out.get(0).ack());
        assertEquals(SERVER, out.get(0).src());
    }

    @Test
    void sameSeed_sameTrace() {
        assertEquals(runSeeded(42), runSeeded(42));
        assertTrue(!Arrays.equals(runSeeded(42).toArray(), runSeeded(43).toArray()));
    }

    private List<String> runSeeded(long seed) {
        Net n = new Net(Profile.modern(), IsnSource.rfc6528(seed), Profile.modern(), IsnSource.rfc6528(seed + 1));
        n.random = new SplittableRandom(seed);
        n.loss = 0.1;
        n.dup = 0.1;
        n.jitter = 30 * MS;
        net = n;
        connect(n);
        send(client, bytes(20_000, (int) seed));
        close(client);
        close(server);
        settle();
        List<String> t = new ArrayList<>();
        for (Event e : n.events) {
            t.add(e.time() + " " + e.endpoint() + " " + e);
        }
        return t;
    }
}
