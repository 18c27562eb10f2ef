package dev.tcpstep.statemachine;

import dev.tcpstep.codec.Payload;
import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.TcpFlags;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static dev.tcpstep.statemachine.Net.CLIENT;
import static dev.tcpstep.statemachine.Net.MS;
import static dev.tcpstep.statemachine.Net.SERVER;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hostile input: forged segments with random flags, sequence and acknowledgment numbers
 * near the windows, random ABORTs and CLOSEs, on a lossy link. Nothing may throw, every
 * step keeps the invariants, and every run comes to rest. {@code -Dtcpstep.chaos=N}.
 */
class ChaosTest {
    static final long SEC = 1_000_000_000L;

    @Test
    void forgedSegmentsAndAborts_neverBreakTheInvariants() {
        int runs = Integer.getInteger("tcpstep.chaos", 3000);
        java.util.Map<State, Integer> entered = new java.util.EnumMap<>(State.class);
        for (int i = 0; i < runs; i++) {
            long seed = 500_000 + i;
            try {
                runOne(seed).forEach((k, v) -> entered.merge(k, v, Integer::sum));
            } catch (Throwable t) {
                throw new AssertionError("chaos seed " + seed + " failed: " + t, t);
            }
        }
        // the chaos reaches every state (so the invariants were checked in each)
        for (State s : State.values()) {
            if (s != State.LISTEN && entered.getOrDefault(s, 0) == 0) {
                throw new AssertionError("no run entered " + s + ": " + entered);
            }
        }
    }

    private static int randomFlags(SplittableRandom r) {
        int[] common = {TcpFlags.SYN, TcpFlags.SYN | TcpFlags.ACK, TcpFlags.ACK, TcpFlags.RST,
                TcpFlags.RST | TcpFlags.ACK, TcpFlags.FIN | TcpFlags.ACK, TcpFlags.ACK | TcpFlags.PSH,
                TcpFlags.SYN | TcpFlags.FIN, TcpFlags.URG | TcpFlags.ACK, 0};
        return r.nextInt(5) == 0 ? r.nextInt(256) : common[r.nextInt(common.length)];
    }

    private static long near(SplittableRandom r, long x) {
        return switch (r.nextInt(4)) {
            case 0 -> x;
            case 1 -> SeqNum.add(x, r.nextInt(-3, 4));
            case 2 -> SeqNum.add(x, r.nextInt(-70_000, 70_000));
            default -> r.nextLong(1L << 32);
        };
    }

    static java.util.Map<State, Integer> runOne(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Profile p = (r.nextBoolean() ? Profile.modern() : Profile.rfc9293()).toBuilder()
                .rfc5961(r.nextBoolean()).rfc1337(r.nextBoolean()).build();
        Net net = new Net(p, IsnSource.rfc6528(seed), p, IsnSource.rfc6528(~seed));
        net.keepEvents = false;
        net.random = r.split();
        net.loss = r.nextDouble() * 0.2;
        net.dup = r.nextDouble() * 0.2;
        net.jitter = (1 + r.nextInt(40)) * MS;
        Listener l = net.server.listen(80).listener();
        CallResult open = net.client.open(0, 49152, SERVER, 80);
        Connection client = open.connection();
        net.send(open.sent(), true);
        Connection server = null;
        long end = 30 * SEC;
        int steps = 0;
        while (net.step(Long.MAX_VALUE / 4)) {
            if (server == null) {
                server = l.accept();
            }
            int dice = r.nextInt(40);
            Connection target = r.nextBoolean() ? client : server;
            if (net.now < end && target != null) {
                boolean toServer = target == server;
                Connection other = toServer ? client : server;
                switch (dice) {
                    case 0, 1, 2, 3 -> {
                        // a forged segment that pretends to come from the other end
                        long seq = near(r, target.rcvNxt());
                        long ack = near(r, target.sndNxt());
                        Segment forged = Segment.builder()
                                .addresses(toServer ? CLIENT : SERVER, toServer ? SERVER : CLIENT)
                                .srcPort(toServer ? 49152 : 80).dstPort(toServer ? 80 : 49152)
                                .seq(seq).ack(ack).flags(randomFlags(r)).window(r.nextInt(65536))
                                .urgentPointer(r.nextInt(3) == 0 ? r.nextInt(65536) : 0)
                                .payload(r.nextInt(3) == 0 ? Payload.wrapOwned(new byte[r.nextInt(3000)])
                                        : Payload.EMPTY).build();
                        Host h = toServer ? net.server : net.client;
                        net.send(h.onSegment(net.now, forged), !toServer);
                    }
                    case 4 -> net.send(target.send(net.now, Payload.wrapOwned(new byte[r.nextInt(5000)])).sent(),
                            target == client);
                    case 5 -> net.send(target.close(net.now).sent(), target == client);
                    case 6 -> {
                        if (r.nextInt(5) == 0) {
                            net.send(target.abort(net.now).sent(), target == client);
                        }
                    }
                    case 7 -> net.read(target);
                    default -> {
                        if (other != null && r.nextInt(10) == 0) {
                            net.read(other);
                        }
                    }
                }
            }
            if (!net.violations.isEmpty()) {
                throw new AssertionError(String.join("\n", net.violations));
            }
            if (++steps > 300_000) {
                throw new AssertionError("no rest after 300000 steps: " + client + " / " + server);
            }
        }
        assertEquals(List.of(), net.violations);
        return net.entered;
    }
}
