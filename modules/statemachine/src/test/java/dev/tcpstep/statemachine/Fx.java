package dev.tcpstep.statemachine;

import dev.tcpstep.codec.Payload;
import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.TcpFlags;
import dev.tcpstep.codec.TcpOption;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A connection under test ("us", 192.0.2.1:49152, ISS 0) and a scripted peer
 * (192.0.2.2:80, ISS 5000) that hands it segments. Fixtures build the connection in a
 * state by the real path, not by poking fields; helpers assert "exactly these segments".
 */
final class Fx {
    static final InetAddress US = addr("192.0.2.1");
    static final InetAddress PEER = addr("192.0.2.2");
    static final int US_PORT = 49152;
    static final int PEER_PORT = 80;
    static final long MS = 1_000_000L;
    static final long SEC = 1_000_000_000L;

    final Connection c;
    final List<Event> events = new ArrayList<>();
    List<Segment> sent = List.of();
    long now;

    Fx(Profile p) {
        this(p, IsnSource.fixed(0));
    }

    Fx(Profile p, IsnSource isn) {
        c = Connection.create("us", new FourTuple(US, US_PORT, PEER, PEER_PORT), p, isn, events::add);
    }

    static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    // ---------------------------------------------------------------- fixtures

    static Fx closed() {
        return new Fx(Profile.rfc9293());
    }

    static Fx listen() {
        return listen(Profile.rfc9293());
    }

    static Fx listen(Profile p) {
        Fx f = new Fx(p);
        f.call(f.c.open(0, false));
        return f;
    }

    static Fx synSent() {
        return synSent(Profile.rfc9293());
    }

    static Fx synSent(Profile p) {
        Fx f = new Fx(p);
        f.call(f.c.open(0, true));
        return f;
    }

    static Fx synReceivedPassive() {
        Fx f = listen();
        f.in(f.peer(TcpFlags.SYN, 5000, 0));
        return f;
    }

    static Fx synReceivedActive() {
        Fx f = synSent();
        f.in(f.peer(TcpFlags.SYN, 5000, 0));
        return f;
    }

    static Fx established() {
        return established(Profile.rfc9293());
    }

    static Fx established(Profile p) {
        Fx f = synSent(p);
        f.in(f.peer(TcpFlags.SYN | TcpFlags.ACK, 5000, 1));
        return f;
    }

    static Fx finWait1() {
        Fx f = established();
        f.call(f.c.close(f.now));
        return f;
    }

    static Fx finWait2() {
        Fx f = finWait1();
        f.in(f.peer(TcpFlags.ACK, 5001, 2));
        return f;
    }

    static Fx closing() {
        Fx f = finWait1();
        f.in(f.peer(TcpFlags.FIN | TcpFlags.ACK, 5001, 1));
        return f;
    }

    static Fx timeWait() {
        Fx f = finWait2();
        f.in(f.peer(TcpFlags.FIN | TcpFlags.ACK, 5001, 2));
        return f;
    }

    static Fx closeWait() {
        Fx f = established();
        f.in(f.peer(TcpFlags.FIN | TcpFlags.ACK, 5001, 1));
        return f;
    }

    static Fx lastAck() {
        Fx f = closeWait();
        f.call(f.c.close(f.now));
        return f;
    }

    // ---------------------------------------------------------------- driving

    Segment peer(int flags, long seq, long ack) {
        return peer(flags, seq, ack, Payload.EMPTY);
    }

    Segment peer(int flags, long seq, long ack, Payload data) {
        return peerBuilder(flags, seq, ack).payload(data).build();
    }

    Segment.Builder peerBuilder(int flags, long seq, long ack) {
        return Segment.builder().addresses(PEER, US).srcPort(PEER_PORT).dstPort(US_PORT).seq(seq).ack(ack)
                .flags(flags).window(65535);
    }

    Segment peerSyn(int flags, long seq, long ack, TcpOption... options) {
        return peerBuilder(flags, seq, ack).options(List.of(options)).build();
    }

    Fx in(Segment s) {
        events.clear();
        sent = c.onSegment(now, s);
        return this;
    }

    Fx call(CallResult r) {
        sent = r.sent();
        return this;
    }

    Fx advance(long ns) {
        now += ns;
        return this;
    }

    /** Runs the timers at the connection's next deadline. */
    Fx fire() {
        long d = c.nextDeadline();
        if (d == Connection.NEVER) {
            fail("no timer armed in " + c.state());
        }
        now = Math.max(now, d);
        events.clear();
        sent = c.onTimer(now);
        return this;
    }

    // ---------------------------------------------------------------- expectations

    /** An expected segment: flags (PSH ignored), seq, ack (when ACK is set), payload length. */
    record Exp(int flags, long seq, long ack, int len) {
        @Override
        public String toString() {
            return TcpFlags.of(flags) + " seq " + seq + ((flags & TcpFlags.ACK) != 0 ? " ack " + ack : "") + " len "
                    + len;
        }
    }

    static Exp syn(long seq) {
        return new Exp(TcpFlags.SYN, seq, 0, 0);
    }

    static Exp synAck(long seq, long ack) {
        return new Exp(TcpFlags.SYN | TcpFlags.ACK, seq, ack, 0);
    }

    static Exp ack(long seq, long ack) {
        return new Exp(TcpFlags.ACK, seq, ack, 0);
    }

    static Exp data(long seq, long ack, int len) {
        return new Exp(TcpFlags.ACK, seq, ack, len);
    }

    static Exp fin(long seq, long ack) {
        return new Exp(TcpFlags.FIN | TcpFlags.ACK, seq, ack, 0);
    }

    static Exp rst(long seq) {
        return new Exp(TcpFlags.RST, seq, 0, 0);
    }

    static Exp rstAck(long seq, long ack) {
        return new Exp(TcpFlags.RST | TcpFlags.ACK, seq, ack, 0);
    }

    static Exp of(Segment s) {
        int flags = s.flags().bits() & ~TcpFlags.PSH;
        return new Exp(flags, s.seq(), (flags & TcpFlags.ACK) != 0 ? s.ack() : 0, s.payload().length());
    }

    Fx expectSent(Exp... expected) {
        List<Exp> got = new ArrayList<>();
        for (Segment s : sent) {
            got.add(of(s));
        }
        assertEquals(List.of(expected), got, () -> "segments sent in " + c.state() + "; events: " + events);
        return this;
    }

    Fx expectNothing() {
        return expectSent();
    }

    Fx expectState(State s) {
        assertEquals(s, c.state(), () -> "events: " + events);
        return this;
    }

    /** The text of every event of the last step, one per line. */
    String log() {
        StringBuilder b = new StringBuilder();
        for (Event e : events) {
            b.append(e).append('\n');
        }
        return b.toString();
    }
}
