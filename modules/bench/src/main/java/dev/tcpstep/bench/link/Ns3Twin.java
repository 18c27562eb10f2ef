package dev.tcpstep.bench.link;

import dev.tcpstep.codec.Payload;
import dev.tcpstep.link.LinkProfile;
import dev.tcpstep.link.Simulation;
import dev.tcpstep.link.Retention;
import dev.tcpstep.link.TraceCounters;
import dev.tcpstep.statemachine.CongestionAlgorithm;
import dev.tcpstep.statemachine.Connection;
import dev.tcpstep.statemachine.Profile;
import dev.tcpstep.statemachine.State;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * tcpstep's twins of ns-3's {@code tcp_scenarios} (../shared/anchors/ns3): the same path
 * (1 Gb/s, 10 ms one way, MSS 1460, IW 3 segments — RFC 5681's IW for that MSS), the same
 * work, the same tab-separated line. Not a JMH benchmark: one measured run, driven through
 * the public {@link Simulation} API as a library user would; every segment is encoded with
 * real checksums and impaired as bytes; a copy the wire changed is decoded and verified,
 * one it left alone takes the codec's trusted decode. The trace keeps only its counters
 * unless the last argument says otherwise ({@code retention=full}, {@code last:N},
 * {@code pcapng:FILE}, {@code jsonl:FILE}); the undo journal is off.
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

    public static void main(String[] args) throws IOException {
        long t0 = System.nanoTime();
        List<String> rest = new ArrayList<>(List.of(args));
        Retention retention = Retention.counters();
        if (!rest.isEmpty() && rest.getLast().startsWith("retention=")) {
            retention = retention(rest.removeLast().substring("retention=".length()));
        }
        if (rest.size() < 2 || !(rest.get(0).equals("cycles") || rest.get(0).equals("bulk") && rest.size() >= 3)) {
            System.err.println("usage: Ns3Twin cycles N | bulk BYTES LOSS [SEED]  [retention=counters|full|last:N"
                    + "|pcapng:FILE|jsonl:FILE]");
            System.exit(1);
        }
        if (rest.get(0).equals("cycles")) {
            cycles(Integer.parseInt(rest.get(1)), retention, t0);
        } else {
            bulk(Long.parseLong(rest.get(1)), Double.parseDouble(rest.get(2)),
                    rest.size() > 3 ? Long.parseLong(rest.get(3)) : 1, retention, t0);
        }
    }

    private static Retention retention(String spec) {
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? spec : spec.substring(0, colon);
        String arg = colon < 0 ? "" : spec.substring(colon + 1);
        return switch (kind) {
            case "counters" -> Retention.counters();
            case "full" -> Retention.full();
            case "last" -> Retention.last(Integer.parseInt(arg));
            case "pcapng" -> Retention.pcapng(Path.of(arg));
            case "jsonl" -> Retention.jsonLines(Path.of(arg));
            default -> throw new IllegalArgumentException("retention `" + spec
                    + "` (expected: counters, full, last:N, pcapng:FILE or jsonl:FILE)");
        };
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
    private static void bulk(long bytes, double loss, long seed, Retention retention, long t0) throws IOException {
        Simulation sim = Simulation.builder().seed(seed).link(PATH.withLoss(loss)).tcp(tcp(true)).retention(retention)
                .build();
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
        sim.close();
        long wall = System.nanoTime() - start;
        TraceCounters k = sim.trace().counters();
        System.out.printf(Locale.ROOT, "tcpstep\tbulk\tloss=%s\tseed=%d\tbytes=%d\twall_s=%.4f\tsim_s=%.4f\tpackets=%d"
                        + "\tretransmissions=%d\tsetup_s=%.4f\tsim_bytes_per_wall_s=%.4g\tretention=%s\t%s%n",
                BigDecimal.valueOf(loss).stripTrailingZeros().toPlainString(), seed, received, wall / 1e9, done / 1e9,
                k.packets(), k.retransmissions(), setup / 1e9, received / (wall / 1e9), retention, work(k));
    }

    private static void cycles(int n, Retention retention, long t0) throws IOException {
        Simulation sim = Simulation.builder().seed(1).link(PATH).tcp(tcp(false)).retention(retention).build();
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
        sim.close();
        long wall = System.nanoTime() - start;
        TraceCounters k = sim.trace().counters();
        System.out.printf(Locale.ROOT, "tcpstep\tcycles\tcycles=%d\twall_s=%.4f\tsim_s=%.4f\tlast_cycle_end_s=%.4f"
                        + "\tpackets=%d\tretransmissions=%d\tsetup_s=%.4f\tcycles_per_wall_s=%.1f\tretention=%s\t%s%n",
                n, wall / 1e9, sim.now() / 1e9, lastCycleEnd / 1e9, k.packets(), k.retransmissions(), setup / 1e9,
                n / (wall / 1e9), retention, work(k));
    }

    /** The work done, from the trace's counters: IP bytes encoded, payload bytes, copies delivered (decoded, checksums verified). */
    private static String work(TraceCounters k) {
        long bytes = 0;
        long payload = 0;
        long delivered = 0;
        long lost = 0;
        for (TraceCounters.Direction d : k.directions()) {
            bytes += d.bytes();
            payload += d.payloadBytes();
            delivered += d.delivered();
            lost += d.lost();
        }
        return "wire_bytes=" + bytes + "\tpayload_bytes=" + payload + "\tdelivered=" + delivered + "\tlost=" + lost;
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

    private static void fail(String why) {
        System.err.println(why);
        System.exit(2);
    }
}
