package dev.tcpstep.statemachine;

import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.TcpFlags;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static dev.tcpstep.codec.TcpFlags.ACK;
import static dev.tcpstep.codec.TcpFlags.RST;
import static dev.tcpstep.codec.TcpFlags.SYN;
import static dev.tcpstep.statemachine.Net.CLIENT;
import static dev.tcpstep.statemachine.Net.SERVER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Demultiplexing by 4-tuple, listeners and backlog, the CLOSED replies, IPv6 defaults. */
class HostTest {
    final Host server = new Host("server", SERVER, Profile.rfc9293(), IsnSource.fixed(5000), null);

    private static Segment syn(int srcPort, long seq) {
        return Segment.builder().addresses(CLIENT, SERVER).srcPort(srcPort).dstPort(80).seq(seq).flags(SYN)
                .window(65535).build();
    }

    private static Segment ack(int srcPort, long seq, long ack) {
        return Segment.builder().addresses(CLIENT, SERVER).srcPort(srcPort).dstPort(80).seq(seq).ack(ack)
                .flags(ACK).window(65535).build();
    }

    @Test
    void listener_spawnsOneConnectionPerSyn_listenerStaysInListen() {
        Listener l = server.listen(80).listener();
        server.onSegment(0, syn(1000, 10));
        server.onSegment(0, syn(1001, 20));
        assertEquals(2, server.connections().size());
        assertEquals(2, l.pending());
        assertNull(l.accept(), "nothing ESTABLISHED yet");
        server.onSegment(1, ack(1001, 21, 5001));
        Connection c = l.accept();
        assertEquals(1001, c.tuple().remotePort());
        assertEquals(State.ESTABLISHED, c.state());
        assertEquals(1, l.pending());
    }

    @Test
    void childRst_inSynReceived_returnsToListen_andIsDeleted() {
        Listener l = server.listen(80).listener();
        server.onSegment(0, syn(1000, 10));
        Connection child = server.connection(new FourTuple(SERVER, 80, CLIENT, 1000));
        assertEquals(State.SYN_RECEIVED, child.state());
        server.onSegment(1, Segment.builder().addresses(CLIENT, SERVER).srcPort(1000).dstPort(80).seq(11)
                .flags(RST).build());
        assertEquals(State.LISTEN, child.state());
        assertTrue(server.connections().isEmpty());
        assertEquals(0, l.pending());
        // the listener still answers the next SYN
        assertEquals(1, server.onSegment(2, syn(1000, 99)).size());
    }

    @Test
    void listener_ackGetsRst_rstIgnored() {
        server.listen(80);
        List<Segment> out = server.onSegment(0, ack(1000, 10, 777));
        assertEquals(1, out.size());
        assertEquals(TcpFlags.of(RST), out.get(0).flags());
        assertEquals(777, out.get(0).seq());
        assertEquals(List.of(), server.onSegment(0, Segment.builder().addresses(CLIENT, SERVER).srcPort(1000)
                .dstPort(80).seq(1).flags(RST).build()));
        assertTrue(server.connections().isEmpty());
    }

    @Test
    void listenTwice_connectionAlreadyExists() {
        Listener first = server.listen(80).listener();
        CallResult again = server.listen(80);
        assertEquals(TcpError.CONNECTION_ALREADY_EXISTS, again.error());
        assertEquals("error: connection already exists", again.error().rfcText());
        assertNull(again.listener());
        assertSame(first, server.listener(80), "the failed call changed nothing");
    }

    @Test
    void listen_outOfRangeArguments_areProgrammingErrors() {
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class, () -> server.listen(65536));
        assertEquals("port 65536 (expected: 0..65535)", port.getMessage());
        assertThrows(IllegalArgumentException.class, () -> server.listen(80, 0));
        assertNull(server.listener(80));
    }

    @Test
    void closedListener_noLongerSpawns() {
        Listener l = server.listen(80).listener();
        l.close();
        List<Segment> out = server.onSegment(0, syn(1000, 10));
        assertEquals(TcpFlags.of(RST | ACK), out.get(0).flags());
        assertNull(server.listener(80));
    }

    @Test
    void passiveOpen_fullySpecified_onlyThatPeer() {
        CallResult r = server.openPassive(0, 80, CLIENT, 1000);
        assertEquals(State.LISTEN, r.state());
        List<Segment> other = server.onSegment(0, syn(2000, 10));
        assertEquals(TcpFlags.of(RST | ACK), other.get(0).flags(), "another peer finds no socket");
        List<Segment> out = server.onSegment(0, syn(1000, 10));
        assertEquals(TcpFlags.of(SYN | ACK), out.get(0).flags());
        assertSame(r.connection(), server.connection(new FourTuple(SERVER, 80, CLIENT, 1000)));
    }

    @Test
    void connectionDeleted_whenClosed_thenTupleFindsNoSocket() {
        CallResult r = server.open(0, 80, CLIENT, 1000);
        assertEquals(1, server.connections().size());
        r.connection().close(0);
        assertTrue(server.connections().isEmpty());
    }

    @Test
    void openTwice_sameTuple_connectionAlreadyExists_firstUntouched() {
        Connection first = server.open(0, 80, CLIENT, 1000).connection();
        long iss = first.iss();
        CallResult again = server.open(0, 80, CLIENT, 1000);
        assertEquals(TcpError.CONNECTION_ALREADY_EXISTS, again.error());
        assertTrue(again.sent().isEmpty());
        assertEquals(State.SYN_SENT, first.state());
        assertEquals(iss, first.iss());
        assertThrows(IllegalArgumentException.class, () -> server.open(0, 80, CLIENT, 70000));
        assertEquals(1, server.connections().size());
    }

    @Test
    void timers_ofAllConnections() {
        server.open(0, 81, CLIENT, 1000);
        server.open(0, 82, CLIENT, 1000);
        assertEquals(1_000_000_000L, server.nextDeadline());
        List<Segment> out = server.onTimer(1_000_000_000L);
        assertEquals(2, out.size(), "both SYNs retransmitted");
    }

    @Test
    void ipv6_defaultSendMss1220() {
        InetAddress a = Fx.addr("2001:db8::1");
        InetAddress b = Fx.addr("2001:db8::2");
        Host h6 = new Host("v6", a, Profile.rfc9293(), IsnSource.fixed(0), null);
        Connection c = h6.open(0, 1000, b, 80).connection();
        h6.onSegment(1, Segment.builder().addresses(b, a).srcPort(80).dstPort(1000).seq(5).ack(1)
                .flags(SYN | ACK).window(65535).build());
        assertEquals(State.ESTABLISHED, c.state());
        assertEquals(1220, c.tcb().sendMss(), "MUST-15: no MSS option over IPv6 means 1220");
    }

    @Test
    void ipv6_offersAndSendsTwentyBytesLessThanTheIpv4Mss() {
        InetAddress a = Fx.addr("2001:db8::1");
        InetAddress b = Fx.addr("2001:db8::2");
        Host h6 = new Host("v6", a, Profile.rfc9293(), IsnSource.fixed(0), null);
        CallResult open = h6.open(0, 1000, b, 80);
        // RFC 9293 §3.7.1: MSS is the MTU less the fixed IP and TCP headers: 1500 - 40 - 20 over IPv6.
        assertEquals(1440, open.sent().getFirst().option(dev.tcpstep.codec.TcpOption.Mss.class).value());
        Connection c = open.connection();
        h6.onSegment(1, Segment.builder().addresses(b, a).srcPort(80).dstPort(1000).seq(5).ack(1)
                .flags(SYN | ACK).window(65535).option(new dev.tcpstep.codec.TcpOption.Mss(1460)).build());
        assertEquals(1440, c.tcb().effectiveMss(), "a 1460 offer from the peer still fits only 1440 here");
    }

    @Test
    void tcbSnapshot_holdsTheRfcVariables_undefinedAsMinusOne() {
        Tcb t = Fx.established().c.tcb();
        assertEquals(State.ESTABLISHED, t.state());
        assertEquals(1, t.sndUna());
        assertEquals(1, t.sndNxt());
        assertEquals(5001, t.rcvNxt());
        assertEquals(5000, t.irs());
        assertEquals(0, t.iss());
        assertEquals(536, t.sendMss());
        assertEquals(-1, Fx.closed().c.tcb().irs());
    }

    @Test
    void status_reportsState_orDoesNotExist() {
        assertEquals(State.ESTABLISHED, Fx.established().c.status().state());
        assertTrue(Fx.established().c.status().ok());
        assertEquals(TcpError.CONNECTION_DOES_NOT_EXIST, Fx.closed().c.status().error());
    }

    @Test
    void profile_rejectsBadValues_namingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Profile.builder().windowScale(15).build());
        assertEquals("window scale 15 (expected: -1..14)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Profile.builder().receiveWindow(70000).build());
        assertEquals("receive window 70000 (expected: 1..65535)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Profile.builder().delayedAckTimeout(java.time.Duration.ofMillis(500)).build());
        assertTrue(e.getMessage().startsWith("delayed ACK timeout 500000000"), e.getMessage());
    }

    @Test
    void profile_defaults_asDocumented() {
        Profile p = Profile.rfc9293();
        assertTrue(p.rfc5961());
        assertEquals(false, p.rfc1337());
        assertEquals(1460, p.mss());
        assertEquals(120_000_000_000L, p.msl());
        assertEquals(1_000_000_000L, p.rtoInitial());
        assertEquals(60_000_000_000L, p.rtoMax());
        assertEquals(7, Profile.modern().windowScale());
    }

    @Test
    void reconnectDuringTimeWait_rfc5961ChallengeAck_thenRst_thenNewConnection() {
        Net net = Net.teaching();
        net.server.listen(80);
        CallResult r = net.client.open(0, 49152, SERVER, 80);
        net.send(r.sent(), true);
        net.run(Fx.SEC);
        Connection srv = net.server.listener(80).accept();
        // the server closes first and lingers in TIME-WAIT
        net.send(srv.close(net.now).sent(), false);
        net.run(net.now + Fx.SEC);
        net.send(r.connection().close(net.now).sent(), true);
        net.run(net.now + Fx.SEC);
        assertEquals(State.TIME_WAIT, srv.state());
        assertEquals(State.CLOSED, r.connection().state());
        // the client opens again from the same port with a new ISN
        Host client2 = new Host("client", CLIENT, Profile.rfc9293(), IsnSource.fixed(100_000), null);
        List<Segment> out = net.server.onSegment(net.now, client2.open(net.now, 49152, SERVER, 80).sent().get(0));
        assertEquals(TcpFlags.of(ACK), out.get(0).flags(), "TIME-WAIT answers a SYN with a challenge ACK");
        List<Segment> rst = client2.onSegment(net.now, out.get(0));
        assertEquals(TcpFlags.of(RST), rst.get(0).flags(), "SYN-SENT answers the unacceptable ACK with RST");
        net.server.onSegment(net.now, rst.get(0));
        assertEquals(State.CLOSED, srv.state(), "the RST carries RCV.NXT exactly, so TIME-WAIT ends");
        List<Segment> synAck = net.server.onSegment(net.now + Fx.SEC, client2.onTimer(net.now + Fx.SEC).get(0));
        assertEquals(TcpFlags.of(SYN | ACK), synAck.get(0).flags(), "the retransmitted SYN finds the listener");
    }

    // ---------------------------------------------------------------- timers: heaps, not scans

    /** Hands {@code out} (sent by {@code from}) to {@code to}, and each reply back, until nothing answers. */
    private static void exchange(long now, Host from, Host to, List<Segment> out) {
        for (Segment s : out) {
            List<Segment> replies = to.onSegment(now, s);
            if (!replies.isEmpty()) {
                exchange(now, to, from, replies);
            }
        }
    }

    /** Client-first close of every connection: each client connection ends in TIME-WAIT at {@code now}. */
    private void openAndClose(Host client, Listener l, int n, long now) {
        for (int i = 0; i < n; i++) {
            exchange(now, client, server, client.open(now, 2000 + i, SERVER, 80).sent());
            Connection s = l.accept();
            Connection c = client.connection(new FourTuple(CLIENT, 2000 + i, SERVER, 80));
            exchange(now, client, server, c.close(now).sent());
            exchange(now, server, client, s.close(now).sent());
            assertEquals(State.TIME_WAIT, c.state());
        }
    }

    @Test
    void timeWait_deadlinesAreApart_nextActiveDeadlineSeesOnlyTheOthers() {
        Host client = new Host("client", CLIENT, Profile.rfc9293(), IsnSource.fixed(0), null);
        Listener l = server.listen(80).listener();
        openAndClose(client, l, 100, 1_000);
        long expiry = 1_000 + 2 * Profile.rfc9293().msl();
        assertEquals(100, client.connectionCount());
        assertEquals(0, server.connectionCount(), "the server side is CLOSED and deleted");
        assertEquals(expiry, client.nextDeadline());
        assertEquals(Connection.NEVER, client.nextActiveDeadline(), "only TIME-WAIT timers are armed");
        // a SYN in flight arms a retransmission timer that is not TIME-WAIT's
        List<Segment> syn = client.open(5_000, 3000, SERVER, 80).sent();
        assertEquals(1, syn.size());
        long rto = client.nextActiveDeadline();
        assertEquals(5_000 + Profile.rfc9293().rtoInitial(), rto);
        assertEquals(rto, client.nextDeadline());
        exchange(5_000, client, server, syn);
        assertEquals(Connection.NEVER, client.nextActiveDeadline(), "ESTABLISHED, nothing outstanding");
    }

    @Test
    void timeWaitExpiry_deletesEveryTcb_andLeavesNoTimerBehind() {
        Host client = new Host("client", CLIENT, Profile.rfc9293(), IsnSource.fixed(0), null);
        Listener l = server.listen(80).listener();
        openAndClose(client, l, 50, 0);
        long expiry = 2 * Profile.rfc9293().msl();
        assertEquals(List.of(), client.onTimer(expiry - 1));
        assertEquals(50, client.connectionCount(), "nothing due a nanosecond early");
        assertEquals(List.of(), client.onTimer(expiry));
        assertEquals(0, client.connectionCount());
        assertTrue(client.connections().isEmpty());
        assertEquals(Connection.NEVER, client.nextDeadline());
        assertNull(client.connection(new FourTuple(CLIENT, 2000, SERVER, 80)));
    }

    @Test
    void equalDeadlines_fireInTheOrderTheyWereArmed() {
        Host client = new Host("client", CLIENT, Profile.rfc9293(), IsnSource.fixed(0), null);
        for (int port : new int[] {3005, 3001, 3004, 3002, 3003}) {
            client.open(0, port, SERVER, 80);
        }
        List<Segment> again = client.onTimer(Profile.rfc9293().rtoInitial());
        assertEquals(List.of(3005, 3001, 3004, 3002, 3003), again.stream().map(Segment::srcPort).toList(),
                "each SYN retransmitted once, in arming order");
    }

    @Test
    void keepAliveSetter_armsTheHostsTimer() {
        Profile p = Profile.rfc9293();
        Host client = new Host("client", CLIENT, p, IsnSource.fixed(0), null);
        server.listen(80);
        exchange(0, client, server, client.open(0, 2000, SERVER, 80).sent());
        Connection c = client.connection(new FourTuple(CLIENT, 2000, SERVER, 80));
        assertEquals(State.ESTABLISHED, c.state());
        assertEquals(Connection.NEVER, client.nextDeadline());
        c.keepAlive(10, true);
        assertEquals(c.nextDeadline(), client.nextDeadline());
        assertTrue(client.nextActiveDeadline() < Connection.NEVER);
        c.keepAlive(20, false);
        assertEquals(Connection.NEVER, client.nextDeadline());
    }
}
