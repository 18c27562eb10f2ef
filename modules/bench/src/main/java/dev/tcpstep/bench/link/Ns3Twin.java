package dev.tcpstep.bench.link;

import dev.tcpstep.codec.Payload;
import dev.tcpstep.link.LinkProfile;
import dev.tcpstep.link.Simulation;
import dev.tcpstep.link.TraceEntry;
import dev.tcpstep.statemachine.CongestionAlgorithm;
import dev.tcpstep.statemachine.Connection;
import dev.tcpstep.statemachine.Profile;
import dev.tcpstep.statemachine.State;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * tcpstep's twins of ns-3's {@code tcp_scenarios} (../shared/anchors/ns3): the same path
 * (1 Gb/s, 10 ms one way, MSS 1460, IW 3 segments — RFC 5681's IW for that MSS), the same
 * work, the same tab-separated line. Not a JMH benchmark: one measured run, driven through
 * the public {@link Simulation} API as a library user would; every segment is encoded with
 * real checksums, impaired as bytes, decoded and verified, and traced in full.
 *
 * <pre>
 * java -cp modules/bench/target/benchmarks.jar dev.tcpstep.bench.link.Ns3Twin cycles 10000
 * java -cp modules/bench/target/benchmarks.jar dev.tcpstep.bench.link.Ns3Twin bulk 100000000 0
 * java -cp modules/bench/target/benchmarks.jar dev.tcpstep.bench.link.Ns3Twin bulk 100000000 0.01
 * </pre>
 *
 * <ul>
 * <li>{@code cycles N}: N sequential cycles in one simulation: connect, 1 KiB client to
 *   server, 1 KiB back, the client closes, the server closes on the client's FIN; the next
 *   cycle starts when the client enters TIME-WAIT; at the end every TIME-WAIT runs out.
 *   64 KiB windows, no window scaling, every segment acknowledged at once (ns-3's
 *   {@code DelAckCount=1}).</li>
 * <li>{@code bulk BYTES LOSS [SEED]}: one connection; the client writes 1 MiB at a time while its
 *   4 MiB send buffer has room, the server reads as data arrives; 4 MiB receive window
 *   (window scale 7), delayed ACK (every second full segment), {@code LOSS} on both
 *   directions. The simulated time is when the server has received BYTES.</li>
 * </ul>
 *
 * <p>Output: {@code tcpstep}, scenario, parameters, {@code wall_s} (the driving loop only),
 * {@code sim_s}, {@code packets} (transmissions, lost ones included, as ns-3 counts device
 * transmissions), {@code retransmissions}, {@code setup_s}, rate.
 */
public final class Ns3Twin {
    private static final long RATE_BPS = 1_000_000_000L;
    private static final LinkProfile PATH = LinkProfile.DEFAULT.withDelayNanos(10_000_000L)
            .withBitsPerSecond(RATE_BPS);
    private static final int BUFFER = 4 << 20;
    private static final int WRITE = 1 << 20;

    private Ns3Twin() {
    }

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        if (args.length < 2 || !(args[0].equals("cycles") || args[0].equals("bulk") && args.length >= 3)) {
            System.err.println("usage: Ns3Twin cycles N | bulk BYTES LOSS [SEED]");
            System.exit(1);
        }
        if (args[0].equals("cycles")) {
            cycles(Integer.parseInt(args[1]), t0);
        } else {
            bulk(Long.parseLong(args[1]), Double.parseDouble(args[2]), args.length > 3 ? Long.parseLong(args[3]) : 1,
                    t0);
        }
    }

    /** The scenarios' TCP: NewReno, MSS 1460, no SACK or timestamps, as ns-3's TcpNewReno with classic recovery. */
    static Profile tcp(boolean bulk) {
        Profile.Builder b = Profile.rfc9293().toBuilder().congestionControl(CongestionAlgorithm.NEW_RENO).mss(1460)
                .sack(false).timestamps(false);
        if (bulk) {
            b.windowScale(7).receiveWindow(BUFFER).sendBuffer(BUFFER).delayedAck(true);
        } else {
            b.backlog(1024);
        }
        return b.build();
    }

    /** {@code seed} picks the wire's loss draws (ns-3 runs with RngRun 1; other seeds show the spread). */
    private static void bulk(long bytes, double loss, long seed, long t0) {
        Simulation sim = Simulation.builder().seed(seed).link(PATH.withLoss(loss)).tcp(tcp(true)).build();
        Simulation.Endpoint client = sim.client();
        Simulation.Endpoint server = sim.server();
        byte[] chunk = new byte[WRITE];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) (i * 131 + 7);
        }
        long setup = System.nanoTime() - t0;
        long start = System.nanoTime();
        server.listen();
        client.connect();
        long written = 0;
        long received = 0;
        long done = -1;
        while (received < bytes) {
            Connection c = client.connection();
            while (c != null && written < bytes && c.unacknowledged() + WRITE <= BUFFER) {
                int n = (int) Math.min(WRITE, bytes - written);
                client.write(n == WRITE ? Payload.wrapOwned(chunk) : Payload.copyOf(chunk, 0, n));
                written += n;
            }
            if (sim.step().isEmpty()) {
                fail("bulk stuck after " + received + " of " + bytes + " bytes at " + sim.now() / 1e9 + " s");
            }
            Connection s = server.connection();
            if (s != null && (s.readable() >= 256 * 1024 || received + s.readable() >= bytes)) {
                received += server.read().data().length();
                if (received >= bytes) {
                    done = sim.now();
                }
            }
        }
        long wall = System.nanoTime() - start;
        Counts k = counts(sim);
        System.out.printf(Locale.ROOT, "tcpstep\tbulk\tloss=%s\tseed=%d\tbytes=%d\twall_s=%.4f\tsim_s=%.4f\tpackets=%d"
                        + "\tretransmissions=%d\tsetup_s=%.4f\tsim_bytes_per_wall_s=%.4g%n",
                BigDecimal.valueOf(loss).stripTrailingZeros().toPlainString(), seed, received, wall / 1e9, done / 1e9,
                k.packets, k.retransmissions, setup / 1e9, received / (wall / 1e9));
    }

    private static void cycles(int n, long t0) {
        Simulation sim = Simulation.builder().seed(1).link(PATH).tcp(tcp(false)).build();
        Simulation.Endpoint client = sim.client();
        Simulation.Endpoint server = sim.server();
        InetAddress to = server.address();
        byte[] kib = new byte[1024];
        for (int i = 0; i < kib.length; i++) {
            kib[i] = (byte) (i * 131 + 7);
        }
        Payload data = Payload.wrapOwned(kib);
        long setup = System.nanoTime() - t0;
        long start = System.nanoTime();
        server.listen(80);
        long lastCycleEnd = 0;
        for (int i = 0; i < n; i++) {
            // Ephemeral ports in turn, as ns-3's Bind() picks them; 16,384 of them before any repeats.
            client.connect(49152 + i % 16_384, to, 80);
            stepUntil(sim, () -> client.state() == State.ESTABLISHED, i, "client ESTABLISHED");
            client.write(data);
            stepUntil(sim, () -> readable(server) >= 1024, i, "1 KiB at the server");
            server.read();
            server.write(data);
            stepUntil(sim, () -> readable(client) >= 1024, i, "1 KiB back at the client");
            client.read();
            client.close();
            stepUntil(sim, () -> server.state() == State.CLOSE_WAIT, i, "the client's FIN at the server");
            server.close();
            stepUntil(sim, () -> client.state() == State.TIME_WAIT, i, "client TIME-WAIT");
            lastCycleEnd = sim.now();
        }
        sim.runUntilQuiet();
        long wall = System.nanoTime() - start;
        Counts k = counts(sim);
        System.out.printf(Locale.ROOT, "tcpstep\tcycles\tcycles=%d\twall_s=%.4f\tsim_s=%.4f\tlast_cycle_end_s=%.4f"
                        + "\tpackets=%d\tretransmissions=%d\tsetup_s=%.4f\tcycles_per_wall_s=%.1f%n", n, wall / 1e9,
                sim.now() / 1e9, lastCycleEnd / 1e9, k.packets, k.retransmissions, setup / 1e9, n / (wall / 1e9));
    }

    private static long readable(Simulation.Endpoint e) {
        Connection c = e.connection();
        return c == null ? 0 : c.readable();
    }

    private static void stepUntil(Simulation sim, BooleanSupplier done, int cycle, String what) {
        while (!done.getAsBoolean()) {
            if (sim.step().isEmpty()) {
                fail("cycle " + cycle + ": nothing pending while waiting for " + what + " at "
                        + Duration.ofNanos(sim.now()));
            }
        }
    }

    private record Counts(long packets, long retransmissions) {
    }

    private static Counts counts(Simulation sim) {
        long packets = 0;
        long retransmissions = 0;
        for (TraceEntry e : sim.trace().entries()) {
            if (e instanceof TraceEntry.Sent s) {
                packets++;
                if (s.retransmission()) {
                    retransmissions++;
                }
            }
        }
        return new Counts(packets, retransmissions);
    }

    private static void fail(String why) {
        System.err.println(why);
        System.exit(2);
    }
}
