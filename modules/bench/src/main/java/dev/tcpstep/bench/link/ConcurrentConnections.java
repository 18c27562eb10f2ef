package dev.tcpstep.bench.link;

import dev.tcpstep.link.LinkProfile;
import dev.tcpstep.link.Simulation;
import dev.tcpstep.statemachine.Connection;
import dev.tcpstep.statemachine.Profile;
import dev.tcpstep.statemachine.State;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;

/**
 * Heap used by N concurrent established connections in one simulation (not a JMH
 * benchmark: one measurement). Run:
 * {@code java -Xmx4g -cp modules/bench/target/benchmarks.jar dev.tcpstep.bench.link.ConcurrentConnections 100000}
 */
public final class ConcurrentConnections {
    private ConcurrentConnections() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long before = usedAfterGc();
        Profile tcp = Profile.rfc9293().toBuilder().backlog(n + 1).build();
        Simulation sim = Simulation.builder().seed(1).link(LinkProfile.DEFAULT).tcp(tcp).build();
        InetAddress server = sim.server().address();
        int ports = (n + 59_999) / 60_000;
        for (int p = 0; p < ports; p++) {
            sim.server().listen(80 + p);
        }
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sim.client().connect(1024 + i % 60_000, server, 80 + i / 60_000);
            if (i % 1000 == 999) {
                sim.run();
            }
        }
        sim.run();
        long elapsed = System.nanoTime() - start;
        long established = sim.client().host().connections().stream()
                .filter(c -> c.state() == State.ESTABLISHED).count();
        long serverSide = sim.server().host().connections().stream()
                .map(Connection::state).filter(s -> s == State.ESTABLISHED).count();
        int traceEntries = sim.trace().size();
        long with = usedAfterGc();
        System.out.printf("%d connections: %d established at the client, %d at the server, in %.1f s%n", n,
                established, serverSide, elapsed / 1e9);
        System.out.printf("heap used: %.1f MiB with the simulation (%d trace entries), %.1f MiB before; "
                + "%.0f bytes per connection pair (trace included)%n", with / 1048576.0, traceEntries,
                before / 1048576.0, (with - before) / (double) n);
        if (sim.client().host() == null) {
            throw new AssertionError();
        }
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
