package dev.tcpstep.bench.codec;

import org.openjdk.jmh.infra.Blackhole;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * A cross-check for {@link CodecBenchmark} on a machine too loaded for wall-clock figures:
 * the same decode methods (the benchmark's own code, same packets), timed by the thread's
 * CPU time, so time spent waiting for a core does not count. Rounds interleave the methods;
 * the median round is printed. GC runs on other threads and is not counted, which favours
 * the side that allocates more (pcap4j).
 *
 * <pre>
 * java -cp modules/bench/target/benchmarks.jar dev.tcpstep.bench.codec.DecodeCpuTime [rounds] [packet...]
 * </pre>
 */
public final class DecodeCpuTime {
    private static final int OPS = 200_000;

    private DecodeCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        String[] packets = args.length > 1 ? Arrays.copyOfRange(args, 1, args.length) : new String[] {"data1500"};
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        for (String packet : packets) {
            CodecBenchmark b = bench(packet);
            String[] names = {"recordDecode", "recordDecodeOwned", "recordDecodeTrusted", "pcap4jDecode"};
            Callable<?>[] ops = {b::recordDecode, b::recordDecodeOwned, b::recordDecodeTrusted, () -> b.pcap4jDecode(bh)};
            double[][] ns = new double[ops.length][rounds];
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            for (int r = -3; r < rounds; r++) { // three warm-up rounds
                for (int k = 0; k < ops.length; k++) {
                    long t0 = mx.getCurrentThreadCpuTime();
                    for (int i = 0; i < OPS; i++) {
                        bh.consume(ops[k].call());
                    }
                    long t = mx.getCurrentThreadCpuTime() - t0;
                    if (r >= 0) {
                        ns[k][r] = (double) t / OPS;
                    }
                }
            }
            double peer = median(ns[ops.length - 1]);
            for (int k = 0; k < ops.length; k++) {
                double m = median(ns[k]);
                System.out.printf("%-10s %-20s %8.1f ns CPU/op (median of %d rounds)  pcap4j/this %.2fx%n",
                        packet, names[k], m, rounds, peer / m);
            }
        }
    }

    private static CodecBenchmark bench(String packet) throws UnknownHostException {
        CodecBenchmark b = new CodecBenchmark();
        b.packet = packet;
        b.setUp();
        return b;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
