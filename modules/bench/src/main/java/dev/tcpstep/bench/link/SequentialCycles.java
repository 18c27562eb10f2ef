package dev.tcpstep.bench.link;

import dev.tcpstep.codec.Payload;
import dev.tcpstep.link.LinkProfile;
import dev.tcpstep.link.Retention;
import dev.tcpstep.link.Simulation;
import dev.tcpstep.statemachine.Connection;
import dev.tcpstep.statemachine.Profile;
import dev.tcpstep.statemachine.State;

import java.net.InetAddress;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * N sequential connection cycles (handshake, 1 KiB each way, read, close by both) either in
 * ONE simulation, where every finished cycle leaves its client connection in TIME-WAIT for
 * 2×MSL while the next ones run, or in a FRESH simulation per cycle (the cycle of
 * {@link LinkBenchmark#simulatedFullCycle}). Not JMH: one measured run, after a warm-up run
 * of the same size. Prints cycles per wall-clock second.
 *
 * <pre>
 * java -Xmx2g -cp modules/bench/target/benchmarks.jar dev.tcpstep.bench.link.SequentialCycles one 10000
 * java -Xmx2g -cp modules/bench/target/benchmarks.jar dev.tcpstep.bench.link.SequentialCycles fresh 10000
 * </pre>
 *
 * <p>In {@code one}, the client uses a new port each cycle (49152 + i mod 16,384) and the
 * simulation runs each cycle with {@link Simulation#run()} (which stops before a TIME-WAIT
 * timer; a {@link Simulation#step()} then lets it fire); the clients' TIME-WAITs (2×MSL =
 * 4 min of virtual time) stay live while later cycles run, a few thousand at a time, and
 * {@link Simulation#runUntilQuiet()} lets the last ones expire.
 */
public final class SequentialCycles {
    private static final byte[] KIB = new byte[1024];

    private SequentialCycles() {
    }

    public static void main(String[] args) {
        if (args.length < 2 || args.length > 3 || !(args[0].equals("one") || args[0].equals("fresh"))
                || (args.length == 3 && !(args[2].equals("full") || args[2].equals("counters")))) {
            System.err.println("usage: SequentialCycles one|fresh N [full|counters]");
            System.exit(2);
        }
        boolean one = args[0].equals("one");
        int n = Integer.parseInt(args[1]);
        boolean counters = args.length == 3 && args[2].equals("counters");
        run(one, n, counters); // warm-up
        long start = System.nanoTime();
        long events = run(one, n, counters);
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%s\tcycles=%d\twall_s=%.3f\tcycles_per_s=%.0f\ttrace_entries=%d%n",
                args[0], n, s, n / s, events);
    }

    /** Runs the cycles; returns the trace entries made (so nothing is optimized away). */
    private static long run(boolean one, int n, boolean counters) {
        Profile tcp = Profile.rfc9293().toBuilder().backlog(1024).build();
        if (!one) {
            long entries = 0;
            for (int i = 0; i < n; i++) {
                Simulation sim = builder(tcp, counters).build();
                sim.server().listen();
                cycle(sim, sim.client().port());
                sim.runUntilQuiet();
                entries += sim.trace().size();
            }
            return entries;
        }
        Simulation sim = builder(tcp, counters).build();
        sim.server().listen();
        for (int i = 0; i < n; i++) {
            cycle(sim, 49152 + i % 16_384);
        }
        sim.runUntilQuiet();
        return sim.trace().size();
    }

    /** Counters only and no undo journal when {@code counters}; else the full trace and journal (the default). */
    private static Simulation.Builder builder(Profile tcp, boolean counters) {
        Simulation.Builder b = Simulation.builder().seed(1).link(LinkProfile.DEFAULT).tcp(tcp);
        return counters ? b.retention(Retention.counters()).undo(false) : b;
    }

    private static void cycle(Simulation sim, int port) {
        Simulation.Endpoint client = sim.client();
        Simulation.Endpoint server = sim.server();
        InetAddress to = server.address();
        client.connect(port, to, server.port());
        runUntil(sim, () -> client.state() == State.ESTABLISHED && server.state() == State.ESTABLISHED, port);
        client.write(Payload.wrapOwned(KIB));
        server.write(Payload.wrapOwned(KIB));
        runUntil(sim, () -> readable(client) == 1024 && readable(server) == 1024, port);
        long got = server.read().data().length() + client.read().data().length();
        client.close();
        runUntil(sim, () -> server.state() == State.CLOSE_WAIT, port);
        server.close();
        runUntil(sim, () -> client.state() == State.TIME_WAIT && server.connection() == null, port);
        if (got != 2048) {
            throw new IllegalStateException("delivered " + got + " bytes at port " + port + ", expected 2048");
        }
    }

    private static long readable(Simulation.Endpoint e) {
        Connection c = e.connection();
        return c == null ? -1 : c.readable();
    }

    /**
     * {@link Simulation#run()} until {@code done}: it stops before a TIME-WAIT timer of an earlier
     * cycle, and then one {@link Simulation#step()} lets that timer fire.
     */
    private static void runUntil(Simulation sim, BooleanSupplier done, int port) {
        while (!done.getAsBoolean()) {
            Simulation.Stop stop = sim.run().stop();
            if (done.getAsBoolean()) {
                return;
            }
            if (stop != Simulation.Stop.IDLE_TIMERS || sim.step().isEmpty()) {
                throw new IllegalStateException("cycle at port " + port + " stuck: " + stop);
            }
        }
    }
}
