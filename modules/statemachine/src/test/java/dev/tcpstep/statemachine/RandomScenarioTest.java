package dev.tcpstep.statemachine;

import dev.tcpstep.codec.Payload;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

import static dev.tcpstep.statemachine.Net.CLIENT;
import static dev.tcpstep.statemachine.Net.MS;
import static dev.tcpstep.statemachine.Net.SERVER;

/**
 * Seeded random conversations over a lossy, duplicating, reordering link. Every run opens,
 * sends random data both ways, closes both sides and must end with both connections
 * CLOSED (through TIME-WAIT), no error, and exactly the bytes sent delivered. Net checks
 * the per-step invariants. {@code -Dtcpstep.scenarios=1000000} runs a million;
 * {@code -Dtcpstep.seed=N -Dtcpstep.scenarios=1} replays one. A failing seed prints itself.
 */
class RandomScenarioTest {
    static final long SEC = 1_000_000_000L;

    @Test
    void randomConversations_allCloseCleanly_withExactStreams() {
        int runs = Integer.getInteger("tcpstep.scenarios", 10_000);
        long base = Long.getLong("tcpstep.seed", 1);
        for (int i = 0; i < runs; i++) {
            long seed = base + i;
            try {
                runOne(seed, false);
            } catch (Throwable t) {
                String trace;
                try {
                    trace = runOne(seed, true);
                } catch (Throwable t2) {
                    trace = t2.getMessage();
                }
                try {
                    java.nio.file.Files.writeString(java.nio.file.Path.of("target", "scenario-" + seed + ".txt"),
                            trace);
                } catch (java.io.IOException ignored) {
                    // the message still carries the tail of the trace
                }
                throw new AssertionError("scenario seed " + seed + " failed: " + t.getMessage()
                        + "\nreplay: -Dtcpstep.seed=" + seed + " -Dtcpstep.scenarios=1\n" + tail(trace), t);
            }
        }
    }

    private static String tail(String s) {
        return s.length() > 20_000 ? "..." + s.substring(s.length() - 20_000) : s;
    }

    private static Profile randomProfile(SplittableRandom r) {
        Profile.Builder b = (r.nextBoolean() ? Profile.modern() : Profile.rfc9293()).toBuilder();
        b.r2(15).r2Syn(15).userTimeout(Duration.ofHours(2));
        b.rfc5961(r.nextInt(4) != 0);
        b.delayedAck(r.nextBoolean());
        b.mss(r.nextInt(4) == 0 ? 64 + r.nextInt(500) : 1460);
        if (r.nextInt(3) == 0) {
            b.windowScale(-1).receiveWindow(500 + r.nextInt(20_000));
        }
        if (r.nextInt(4) == 0) {
            b.msl(Duration.ofSeconds(1 + r.nextInt(60)));
        }
        return b.build();
    }

    private static IsnSource randomIsn(SplittableRandom r) {
        return r.nextInt(4) == 0 ? IsnSource.fixed(0xFFFF_FFFFL - r.nextInt(5000)) : IsnSource.rfc6528(r.nextLong());
    }

    /** Runs one scenario; returns the event trace when {@code keep}. */
    static String runOne(long seed, boolean keep) {
        SplittableRandom r = new SplittableRandom(seed);
        Net net = new Net(randomProfile(r), randomIsn(r), randomProfile(r), randomIsn(r));
        net.keepEvents = keep;
        net.random = r.split();
        net.loss = r.nextInt(3) == 0 ? 0 : r.nextDouble() * 0.1;
        net.dup = r.nextInt(3) == 0 ? 0 : r.nextDouble() * 0.1;
        net.jitter = r.nextInt(3) == 0 ? 0 : (1 + r.nextInt(50)) * MS;
        boolean simultaneous = r.nextInt(10) == 0;

        byte[] toServer = new byte[r.nextInt(4) == 0 ? 0 : r.nextInt(20_000)];
        byte[] toClient = new byte[r.nextInt(4) == 0 ? 0 : r.nextInt(20_000)];
        r.nextBytes(toServer);
        r.nextBytes(toClient);
        Side cs = new Side(toServer, r);
        Side ss = new Side(toClient, r);

        Listener listener = null;
        if (simultaneous) {
            CallResult a = net.client.open(0, 5000, SERVER, 6000);
            CallResult b = net.server.open(0, 6000, CLIENT, 5000);
            cs.conn = a.connection();
            ss.conn = b.connection();
            net.send(a.sent(), true);
            net.send(b.sent(), false);
        } else {
            listener = net.server.listen(80).listener();
            CallResult a = net.client.open(0, 49152, SERVER, 80);
            cs.conn = a.connection();
            net.send(a.sent(), true);
        }
        long limit = 4 * 3600 * SEC;
        int steps = 0;
        while (true) {
            if (ss.conn == null && listener != null) {
                ss.conn = listener.accept();
            }
            cs.act(net, true, r, false);
            ss.act(net, false, r, false);
            // the applications read at random moments, and at once after the peer's FIN (TIME-WAIT's end
            // deletes the TCB and any unread bytes with it)
            if (r.nextInt(3) == 0 || (cs.conn != null && cs.conn.peerClosed())
                    || (ss.conn != null && ss.conn.peerClosed())) {
                net.drain();
            }
            if (!net.step(limit)) {
                // the network is idle: the applications act now
                net.drain();
                for (int i = 0; i < 50 && net.inFlight() == 0; i++) {
                    cs.act(net, true, r, true);
                    ss.act(net, false, r, true);
                }
                if (!net.step(limit)) {
                    break;
                }
            }
            if (!net.violations.isEmpty()) {
                throw new AssertionError(net.violations + "\n" + net.trace());
            }
            if (++steps > 200_000) {
                throw new AssertionError("no end after 200000 steps\n" + net.trace());
            }
        }
        check(net, cs, ss, keep);
        return net.trace();
    }

    private static void check(Net net, Side cs, Side ss, boolean keep) {
        String why = null;
        if (ss.conn == null) {
            why = "server never accepted";
        } else if (cs.conn.state() != State.CLOSED || ss.conn.state() != State.CLOSED) {
            why = "not both CLOSED: client " + cs.conn.state() + ", server " + ss.conn.state();
        } else if (cs.conn.error() != null || ss.conn.error() != null) {
            why = "errors: client " + cs.conn.error() + ", server " + ss.conn.error();
        } else if (!Arrays.equals(cs.data, net.received(ss.conn))) {
            why = "server received " + net.received(ss.conn).length + " bytes, client sent " + cs.data.length;
        } else if (!Arrays.equals(ss.data, net.received(cs.conn))) {
            why = "client received " + net.received(cs.conn).length + " bytes, server sent " + ss.data.length;
        } else if (!net.client.connections().isEmpty() || !net.server.connections().isEmpty()) {
            why = "TCBs left: " + net.client.connections() + " " + net.server.connections();
        } else if (!net.violations.isEmpty()) {
            why = net.violations.toString();
        }
        if (why != null) {
            throw new AssertionError(why + (keep ? "\n" + net.trace() : ""));
        }
    }

    /** One side's application: sends its bytes in a few chunks, then closes; reads whenever asked. */
    private static final class Side {
        final byte[] data;
        final int[] cuts;
        int next;
        int sentChunks;
        boolean closed;
        Connection conn;
        final int closeDelaySteps;
        int waited;

        Side(byte[] data, SplittableRandom r) {
            this.data = data;
            int chunks = data.length == 0 ? 0 : 1 + r.nextInt(5);
            cuts = new int[chunks];
            for (int i = 0; i < chunks; i++) {
                cuts[i] = i == chunks - 1 ? data.length : r.nextInt(data.length + 1);
            }
            Arrays.sort(cuts);
            closeDelaySteps = r.nextInt(20);
        }

        void act(Net net, boolean isClient, SplittableRandom r, boolean force) {
            if (conn == null) {
                return;
            }
            State s = conn.state();
            boolean canSend = s == State.ESTABLISHED || s == State.CLOSE_WAIT;
            if (sentChunks < cuts.length && canSend && (force || r.nextInt(4) == 0)) {
                int end = cuts[sentChunks++];
                CallResult res = conn.send(net.now, Payload.copyOf(data, next, end - next));
                if (!res.ok()) {
                    throw new AssertionError("SEND failed: " + res);
                }
                next = end;
                net.send(res.sent(), isClient);
            }
            if (!closed && sentChunks == cuts.length && canSend && (force || waited++ >= closeDelaySteps)) {
                CallResult res = conn.close(net.now);
                if (!res.ok()) {
                    throw new AssertionError("CLOSE failed: " + res);
                }
                closed = true;
                net.send(res.sent(), isClient);
            }
        }
    }

    @Test
    void replayOfOneSeed_givesTheFullTrace() {
        // the path a failure takes to print its trace: one seed, events kept, ending in TIME-WAIT's expiry
        String t = runOne(7, true);
        if (!t.contains("TIME-WAIT → CLOSED: 2MSL timeout (§3.10.8)")) {
            throw new AssertionError(t);
        }
        if (!t.equals(runOne(7, true))) {
            throw new AssertionError("the same seed gave another trace");
        }
    }
}
