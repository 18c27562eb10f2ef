package dev.tcpstep.link;

import dev.tcpstep.codec.Payload;
import dev.tcpstep.statemachine.CallResult;
import dev.tcpstep.statemachine.CongestionAlgorithm;
import dev.tcpstep.statemachine.Connection;
import dev.tcpstep.statemachine.Profile;
import dev.tcpstep.statemachine.State;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded lossy simulations, each checked against the invariants of a whole connection:
 * every byte written arrives exactly once and in order in both directions, both ends end
 * CLOSED, and no timer is left armed and nothing is in flight. The wire loses, duplicates,
 * reorders and corrupts; the TCP profile cycles through {@link #PROFILES}; who closes first
 * and how the application reads are chosen by the seed.
 *
 * <p>Run by {@code bin/soak [COUNT] [FIRST_SEED]} (class path, no JUnit needed);
 * {@code SoakTest} runs a small count in every build. A failure prints its seed;
 * {@code bin/soak 1 SEED} reproduces it.
 */
public final class Soak {

    /** One profile of the matrix: a name to print and the knobs. */
    record Named(String name, Profile profile) {
    }

    /**
     * Every profile the toolkit ships ({@code rfc9293}, {@code modern}) and the knobs that
     * change the sending or receiving code paths: each congestion algorithm, ECN, SACK and
     * timestamps without window scaling, delayed ACKs with Nagle, RFC 1337, and a 4 KiB
     * receive buffer so that the window closes and the persist timer probes it.
     * R2 and the user timeout are raised (as in {@code LossyRunsTest}): at 20 % loss each way
     * six failed exchanges in a row happen, and giving up is not what this checks.
     */
    static final List<Named> PROFILES = List.of(
            named("rfc9293", Profile.rfc9293().toBuilder()),
            named("modern", Profile.modern().toBuilder()),
            named("rfc9293+reno", Profile.rfc9293().toBuilder().congestionControl(CongestionAlgorithm.RENO)),
            named("rfc9293+cubic", Profile.rfc9293().toBuilder().congestionControl(CongestionAlgorithm.CUBIC)),
            named("modern+cubic", Profile.modern().toBuilder().congestionControl(CongestionAlgorithm.CUBIC)),
            named("modern+ecn", Profile.modern().toBuilder().ecn(true)),
            named("rfc9293+sack+ts", Profile.rfc9293().toBuilder().sack(true).timestamps(true)),
            named("rfc9293+delack+nagle", Profile.rfc9293().toBuilder().delayedAck(true).nagle(true)),
            named("modern+rfc1337+reno", Profile.modern().toBuilder().rfc1337(true)
                    .congestionControl(CongestionAlgorithm.RENO)),
            named("rfc9293+rwnd4k", Profile.rfc9293().toBuilder().receiveWindow(4096)));

    private static Named named(String name, Profile.Builder b) {
        return new Named(name, b.r2(40).r2Syn(40).userTimeout(Duration.ofHours(4)).build());
    }

    private Soak() {
    }

    /**
     * Runs seeds {@code first .. first+count-1}; prints each failure, then a summary.
     *
     * @param args {@code [COUNT] [FIRST_SEED]}, default 100000 and 1
     */
    public static void main(String[] args) {
        long count;
        long first;
        try {
            count = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
            first = args.length > 1 ? Long.parseLong(args[1]) : 1;
        } catch (NumberFormatException e) {
            System.err.println("soak: not a number: " + e.getMessage() + " (usage: bin/soak [COUNT] [FIRST_SEED])");
            System.exit(2);
            return;
        }
        if (count < 1) {
            System.err.println("soak: COUNT " + count + " (expected: >= 1)");
            System.exit(2);
        }
        long start = System.nanoTime();
        List<String> failures = run(first, count, count == 1 ? System.out : null, (seed, done) -> {
            if (done % 10_000 == 0) {
                System.out.printf("soak: %d of %d runs, %.0f s%n", done, count, (System.nanoTime() - start) / 1e9);
            }
        }, System.out);
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.printf("soak: %d runs (seeds %d..%d, %d profiles) in %.1f s, %d failed%n", count, first,
                first + count - 1, PROFILES.size(), secs, failures.size());
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    /** Called after each run with its seed and how many runs are done. */
    interface Progress {
        void after(long seed, long done);
    }

    /**
     * Runs the seeds and collects one line per failure (also printed to {@code out}).
     *
     * @return the failures, empty when every invariant held
     */
    static List<String> run(long first, long count, java.io.PrintStream detail, Progress progress,
                            java.io.PrintStream out) {
        List<String> failures = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            long seed = first + i;
            String f = check(seed, detail);
            if (f != null) {
                String line = "soak: seed " + seed + " (" + PROFILES.get(profileIndex(seed)).name() + ") failed: " + f
                        + "; reproduce with: bin/soak 1 " + seed;
                failures.add(line);
                out.println(line);
            }
            progress.after(seed, i + 1);
        }
        return failures;
    }

    private static int profileIndex(long seed) {
        return (int) Math.floorMod(seed, (long) PROFILES.size());
    }

    /**
     * One seeded run.
     *
     * @return null when every invariant held, else what broke
     */
    static String check(long seed, java.io.PrintStream detail) {
        Simulation[] sim = new Simulation[1];
        String f;
        try {
            f = runOne(seed, sim);
        } catch (RuntimeException e) {
            f = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        if (f != null && detail != null && sim[0] != null) {
            // the repeated reads say nothing: leave them out
            List<TraceEntry> all = sim[0].trace().entries().stream()
                    .filter(e -> !(e instanceof TraceEntry.Call c && c.call().startsWith("read"))
                            && !e.text().contains(" RECEIVE "))
                    .toList();
            detail.println("soak: the last 60 of " + all.size() + " trace entries (reads left out) of seed " + seed
                    + ":");
            for (TraceEntry e : all.subList(Math.max(0, all.size() - 60), all.size())) {
                detail.printf("  [%.6f] %s%n", e.time() / 1e9, e.text());
            }
            for (Simulation.Endpoint e : sim[0].endpoints()) {
                detail.println("  " + e + (e.connection() == null ? "" : ": " + e.connection().tcb()));
            }
        }
        return f;
    }

    private static String runOne(long seed, Simulation[] out) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 1);
        Named named = PROFILES.get(profileIndex(seed));
        LinkProfile wire = impairedWire(r, 40_000_000L, 0.2).withEcnMarking(named.profile().ecn() && r.nextBoolean());
        Simulation sim = Simulation.builder().seed(seed).link(wire).tcp(named.profile()).build();
        out[0] = sim;
        Simulation.Endpoint client = sim.client();
        Simulation.Endpoint server = sim.server();
        byte[] up = bytes(r, r.nextInt(4) == 0 ? 0 : r.nextInt(30_000));
        byte[] down = bytes(r, r.nextInt(4) == 0 ? 0 : r.nextInt(30_000));

        require(server.listen().ok(), "listen failed");
        CallResult open = client.connect();
        require(open.ok(), "connect: " + open);
        String settled = settle(sim);
        if (settled != null) {
            return "handshake: " + settled;
        }
        if (client.state() != State.ESTABLISHED || server.state() != State.ESTABLISHED) {
            return "after the handshake: client " + client.state() + ", server " + server.state();
        }

        // Writes in 1..4 pieces each; reads of a seeded size, and not after every slice of time, so a small
        // receive buffer fills, the window closes and the sender probes it (RFC 9293 §3.8.6.1).
        List<byte[]> upParts = split(r, up);
        List<byte[]> downParts = split(r, down);
        int readMax = r.nextBoolean() ? Integer.MAX_VALUE : 1000 + r.nextInt(3000);
        int skipEvery = 2 + r.nextInt(3);
        ByteArrayOutputStream atServer = new ByteArrayOutputStream();
        ByteArrayOutputStream atClient = new ByteArrayOutputStream();
        for (int round = 0; round < 5000 && (atServer.size() < up.length || atClient.size() < down.length); round++) {
            if (!upParts.isEmpty()) {
                CallResult w = client.write(Payload.copyOf(upParts.removeFirst()));
                require(w.ok(), "client write: " + w);
            }
            if (!downParts.isEmpty()) {
                CallResult w = server.write(Payload.copyOf(downParts.removeFirst()));
                require(w.ok(), "server write: " + w);
            }
            Simulation.RunResult slice = sim.run(100_000, Duration.ofSeconds(20));
            if (slice.stop() == Simulation.Stop.EVENT_CAP) {
                return "data: 100000 events in 20 s of simulated time (a storm): " + slice;
            }
            if (slice.stop() == Simulation.Stop.TIME_CAP) {
                sim.advance(Duration.ofSeconds(20)); // the next event is later: let the clock move on to it
            }
            if (round % skipEvery != skipEvery - 1) {
                atServer.writeBytes(read(server, readMax));
                atClient.writeBytes(read(client, readMax));
            }
        }
        if (!Arrays.equals(up, atServer.toByteArray())) {
            return "client → server: wrote " + up.length + " bytes, server read " + atServer.size()
                    + firstDifference(up, atServer.toByteArray());
        }
        if (!Arrays.equals(down, atClient.toByteArray())) {
            return "server → client: wrote " + down.length + " bytes, client read " + atClient.size()
                    + firstDifference(down, atClient.toByteArray());
        }

        // Close: client first, server first, or both at once (simultaneous close).
        switch (r.nextInt(3)) {
            case 0 -> {
                require(client.close().ok(), "client close");
                settled = settle(sim);
                require(server.close().ok(), "server close");
            }
            case 1 -> {
                require(server.close().ok(), "server close");
                settled = settle(sim);
                require(client.close().ok(), "client close");
            }
            default -> {
                require(client.close().ok(), "client close");
                require(server.close().ok(), "server close");
            }
        }
        if (settled != null) {
            return "close: " + settled;
        }
        settled = settle(sim);
        if (settled != null) {
            return "close: " + settled;
        }
        // TIME-WAIT lasts 2×MSL (MUST-13).
        sim.advance(Duration.ofNanos(2 * named.profile().msl() + Duration.ofSeconds(1).toNanos()));
        settled = settle(sim);
        if (settled != null) {
            return "after TIME-WAIT: " + settled;
        }
        if (read(server, Integer.MAX_VALUE).length != 0 || read(client, Integer.MAX_VALUE).length != 0) {
            return "bytes arrived after the close";
        }
        if (client.state() != State.CLOSED || server.state() != State.CLOSED) {
            return "at the end: client " + client.state() + ", server " + server.state();
        }
        for (Simulation.Endpoint e : sim.endpoints()) {
            if (e.host().nextDeadline() != Connection.NEVER) {
                return e.name() + " has a timer armed at the end (deadline " + e.host().nextDeadline() + ")";
            }
            if (!e.host().connections().isEmpty()) {
                return e.name() + " keeps " + e.host().connections();
            }
        }
        if (sim.hasPending()) {
            return "something still pending at the end";
        }
        return null;
    }

    /**
     * A seeded impaired wire: delay 1 ms plus up to {@code maxDelayNanos}, jitter up to 5 ms, loss up to
     * {@code maxLoss}, duplication and reordering up to 5 %, corruption up to 3 %.
     */
    static LinkProfile impairedWire(SplittableRandom r, long maxDelayNanos, double maxLoss) {
        return LinkProfile.DEFAULT
                .withDelayNanos(1_000_000L + r.nextLong(maxDelayNanos))
                .withJitterNanos(r.nextLong(5_000_000L))
                .withLoss(r.nextDouble() * maxLoss)
                .withDuplicate(r.nextDouble() * 0.05)
                .withReorder(r.nextDouble() * 0.05)
                .withCorrupt(r.nextDouble() * 0.03);
    }

    /** Runs until nothing is in flight (timers may wait); null when it settled. */
    private static String settle(Simulation sim) {
        Simulation.RunResult res = null;
        for (int i = 0; i < 30; i++) {
            res = sim.run();
            if (res.stop() == Simulation.Stop.QUIET || res.stop() == Simulation.Stop.IDLE_TIMERS) {
                return null;
            }
        }
        return "did not settle in 5 hours of simulated time: " + res;
    }

    private static byte[] read(Simulation.Endpoint e, int max) {
        CallResult r = e.read(max);
        // A connection that is gone answers "connection does not exist"; one that is closing and has
        // nothing left answers "connection closing". Neither is lost data.
        return r.data().toArray();
    }

    private static byte[] bytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static List<byte[]> split(SplittableRandom r, byte[] all) {
        List<byte[]> parts = new ArrayList<>();
        int pieces = 1 + r.nextInt(4);
        int at = 0;
        for (int i = 0; i < pieces && at < all.length; i++) {
            int end = i == pieces - 1 ? all.length : at + r.nextInt(all.length - at + 1);
            parts.add(Arrays.copyOfRange(all, at, end));
            at = end;
        }
        parts.removeIf(p -> p.length == 0);
        return parts;
    }

    private static String firstDifference(byte[] want, byte[] got) {
        int n = Math.min(want.length, got.length);
        for (int i = 0; i < n; i++) {
            if (want[i] != got[i]) {
                return ", first difference at byte " + i;
            }
        }
        return "";
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }
}
