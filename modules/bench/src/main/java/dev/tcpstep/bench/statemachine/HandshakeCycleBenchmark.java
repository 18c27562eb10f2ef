package dev.tcpstep.bench.statemachine;

import dev.tcpstep.codec.Payload;
import dev.tcpstep.codec.Segment;
import dev.tcpstep.statemachine.CallResult;
import dev.tcpstep.statemachine.Connection;
import dev.tcpstep.statemachine.FourTuple;
import dev.tcpstep.statemachine.IsnSource;
import dev.tcpstep.statemachine.Profile;
import dev.tcpstep.statemachine.State;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One full connection life per op, two endpoints back to back, no codec and no events:
 * three-way handshake, 1 KiB each way (each acknowledged and read), close (client
 * first: FIN, ACK, FIN, ACK) and TIME-WAIT expiry by advancing {@code now} by 2MSL.
 * Ops/s is connection cycles per second; {@code -prof gc} gives bytes per cycle.
 *
 * <p>{@code profile}: {@code rfc9293} (no options) or {@code modern} (window scale,
 * timestamps, SACK, delayed ACK).
 */
@org.openjdk.jmh.annotations.State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HandshakeCycleBenchmark {
    @Param({"rfc9293", "modern"})
    public String profile;

    private Profile p;
    private FourTuple clientTuple;
    private FourTuple serverTuple;
    private final IsnSource clientIsn = IsnSource.fixed(0);
    private final IsnSource serverIsn = IsnSource.fixed(5000);
    private Payload kib;
    private long now;

    @Setup
    public void setUp() throws UnknownHostException {
        p = profile.equals("modern") ? Profile.modern() : Profile.rfc9293();
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("192.0.2.2");
        clientTuple = new FourTuple(a, 49152, b, 80);
        serverTuple = clientTuple.reversed();
        byte[] data = new byte[1024];
        new SplittableRandom(1).nextBytes(data);
        kib = Payload.wrapOwned(data);
    }

    @Benchmark
    public long cycle() {
        Connection c = Connection.create("client", clientTuple, p, clientIsn, null);
        Connection s = Connection.create("server", serverTuple, p, serverIsn, null);
        s.open(now, false);
        long got = 0;
        exchange(c, s, c.open(now, true).sent());
        exchange(c, s, c.send(now, kib).sent());
        CallResult r = s.receive(now, 4096);
        got += r.data().length();
        exchange(s, c, r.sent());
        exchange(s, c, s.send(now, kib).sent());
        r = c.receive(now, 4096);
        got += r.data().length();
        exchange(c, s, r.sent());
        exchange(c, s, c.close(now).sent());
        exchange(s, c, s.close(now).sent());
        // delayed ACKs (modern profile) go out when their timer fires
        drainTimers(c, s);
        now += 2 * p.msl();
        c.onTimer(now);
        if (c.state() != State.CLOSED || s.state() != State.CLOSED || got != 2048) {
            throw new IllegalStateException("cycle did not complete: " + c + ", " + s + ", " + got + " bytes");
        }
        now += 1_000_000;
        return got;
    }

    private void drainTimers(Connection c, Connection s) {
        for (int i = 0; i < 4; i++) {
            long d = Math.min(c.nextDeadline(), s.nextDeadline());
            if (d == Connection.NEVER || d >= now + p.msl()) {
                return;
            }
            now = Math.max(now, d);
            exchange(c, s, c.onTimer(now));
            exchange(s, c, s.onTimer(now));
        }
    }

    /**
     * Delivers {@code out} (sent by {@code from}) to {@code to}; each reply goes back at once, depth
     * first (a link with no delay; in this conversation every step answers with at most one segment).
     */
    private void exchange(Connection from, Connection to, List<Segment> out) {
        for (int i = 0; i < out.size(); i++) {
            List<Segment> replies = to.onSegment(now, out.get(i));
            if (!replies.isEmpty()) {
                exchange(to, from, replies);
            }
        }
    }
}
