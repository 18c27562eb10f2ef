package dev.tcpstep.bench.statemachine;

import dev.tcpstep.codec.Segment;
import dev.tcpstep.statemachine.CallResult;
import dev.tcpstep.statemachine.Connection;
import dev.tcpstep.statemachine.Host;
import dev.tcpstep.statemachine.IsnSource;
import dev.tcpstep.statemachine.Listener;
import dev.tcpstep.statemachine.Profile;
import dev.tcpstep.statemachine.State;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * N concurrent ESTABLISHED connections between two {@link Host}s (the sans-I/O engine as a
 * library uses it: no simulation, no trace, no event listener), each handshake's segments
 * handed straight across. Not JMH: one measured run. Prints the time to establish them all
 * and the heap in use after a full GC, before and after, per TCB (each pair is two TCBs:
 * the client's and the server's, host tables included).
 *
 * <pre>
 * java -Xmx2g -XX:+UseParallelGC -cp modules/bench/target/benchmarks.jar \
 *   dev.tcpstep.bench.statemachine.ConcurrentHosts 1000000 [rfc9293|modern] [histogram]
 * </pre>
 *
 * <p>The client uses ports 1024..65535 towards as many server ports (80, 81, ...) as it takes;
 * the server accepts each connection as the application would, so its listener holds none.
 * {@code histogram} also prints the top of the live-object class histogram (where the bytes go).
 */
public final class ConcurrentHosts {
    private static final int CLIENT_PORTS = 65_536 - 1024;

    private ConcurrentHosts() {
    }

    public static void main(String[] args) throws UnknownHostException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Profile tcp = args.length > 1 && args[1].equals("modern") ? Profile.modern() : Profile.rfc9293();
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("192.0.2.2");
        long before = usedAfterGc();
        Host client = new Host("client", a, tcp, IsnSource.rfc6528(1), null);
        Host server = new Host("server", b, tcp, IsnSource.rfc6528(2), null);
        int serverPorts = (n + CLIENT_PORTS - 1) / CLIENT_PORTS;
        Listener[] listeners = new Listener[serverPorts];
        for (int p = 0; p < serverPorts; p++) {
            listeners[p] = server.listen(80 + p, 16).listener();
        }
        long now = 0;
        long start = System.nanoTime();
        long cpuStart = cpuNanos();
        for (int i = 0; i < n; i++) {
            int sp = i / CLIENT_PORTS;
            CallResult r = client.open(now, 1024 + i % CLIENT_PORTS, b, 80 + sp);
            exchange(now, client, server, r.sent());
            if (listeners[sp].accept() == null) {
                throw new IllegalStateException("connection " + i + " was not established");
            }
            now += 1_000;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (cpuNanos() - cpuStart) / 1e9;
        long established = client.connections().stream().filter(c -> c.state() == State.ESTABLISHED).count()
                + server.connections().stream().map(Connection::state).filter(s -> s == State.ESTABLISHED).count();
        long with = usedAfterGc();
        System.out.printf(Locale.ROOT, "%d connection pairs (%s): %d TCBs ESTABLISHED in %.2f s wall, %.2f s CPU of "
                        + "the driving thread (%.0f pairs/s wall)%n", n, args.length > 1 ? args[1] : "rfc9293",
                established, seconds, cpu, n / seconds);
        System.out.printf(Locale.ROOT, "heap used after GC: %.1f MiB (%.1f MiB before): %.0f bytes per TCB, "
                        + "host tables included%n", with / 1048576.0, before / 1048576.0,
                (with - before) / (2.0 * n));
        if (args.length > 2 && args[2].equals("histogram")) {
            // where the bytes go, while both hosts are still live
            String h = histogram();
            h.lines().limit(25).forEach(System.out::println);
        }
        if (established != 2L * n || client.connectionCount() + server.connectionCount() != 2L * n) {
            throw new IllegalStateException(established + " established, expected " + 2L * n);
        }
    }

    /** Hands {@code out} (sent by {@code from}) to {@code to}, and each reply back, until nothing answers. */
    private static void exchange(long now, Host from, Host to, List<Segment> out) {
        for (Segment s : out) {
            List<Segment> replies = to.onSegment(now, s);
            if (!replies.isEmpty()) {
                exchange(now, to, from, replies);
            }
        }
    }

    /** The live-object class histogram ({@code jcmd PID GC.class_histogram}) of this JVM. */
    private static String histogram() {
        try {
            return (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (javax.management.JMException e) {
            return "no class histogram: " + e;
        }
    }

    private static long cpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
