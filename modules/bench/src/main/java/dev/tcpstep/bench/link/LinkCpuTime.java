package dev.tcpstep.bench.link;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * A cross-check for {@link LinkBenchmark} on a machine too loaded for wall-clock figures:
 * the benchmark's own simulated cycle (full trace with undo, and counters only), timed by
 * the thread's CPU time, so time spent waiting for a core does not count. A CPU-bound
 * thread on a saturated machine gets a small share of a core, while a loopback socket
 * cycle mostly sleeps and is woken at once, so wall-clock ratios there compare scheduling,
 * not work. The peer's CPU time is taken from outside: {@code /usr/bin/time} around
 * {@code tcp_bench cycles 5 cliclose} (user + sys of both of its processes over its cycles).
 *
 * <pre>
 * java -XX:+UseSerialGC -cp modules/bench/target/benchmarks.jar dev.tcpstep.bench.link.LinkCpuTime [rounds]
 * </pre>
 */
public final class LinkCpuTime {
    private static final int CYCLES = 20_000;

    private LinkCpuTime() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        LinkBenchmark b = new LinkBenchmark();
        String[] names = {"simulatedFullCycle", "simulatedFullCycleCounters"};
        double[][] ns = new double[2][rounds];
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int r = -3; r < rounds; r++) { // three warm-up rounds
            for (int k = 0; k < 2; k++) {
                long t0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < CYCLES; i++) {
                    sink += k == 0 ? b.simulatedFullCycle() : b.simulatedFullCycleCounters();
                }
                long t = mx.getCurrentThreadCpuTime() - t0;
                if (r >= 0) {
                    ns[k][r] = (double) t / CYCLES;
                }
            }
        }
        for (int k = 0; k < 2; k++) {
            double m = median(ns[k]);
            System.out.printf("%-28s %9.0f ns CPU/cycle (median of %d rounds of %d)  %,.0f cycles per CPU second%n",
                    names[k], m, rounds, CYCLES, 1e9 / m);
        }
        if (sink == 42) {
            System.out.println();
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
