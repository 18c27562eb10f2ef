package dev.tcpstep.bench.checksum;

import dev.tcpstep.checksum.ChecksumKernel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Checksum throughput. Each benchmark op sums one buffer of {@code size} bytes; GB/s is
 * size / (ns per op). {@code naive} is the byte-pair loop a textbook writes, the peer in
 * the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ChecksumBenchmark {
    @Param({"20", "64", "1500", "65536"})
    public int size;

    private byte[] data;
    private ChecksumKernel scalar;
    private ChecksumKernel vector;

    @Setup(Level.Trial)
    public void setUp() {
        data = new byte[size];
        new SplittableRandom(size).nextBytes(data);
        scalar = ChecksumKernel.scalar();
        vector = ChecksumKernel.vector().orElseThrow(
                () -> new IllegalStateException("run with --add-modules jdk.incubator.vector"));
    }

    @Benchmark
    public int naive() {
        byte[] b = data;
        int len = b.length;
        long s = 0;
        for (int i = 0; i + 1 < len; i += 2) {
            s += (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
        }
        if ((len & 1) != 0) {
            s += (b[len - 1] & 0xFF) << 8;
        }
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }

    @Benchmark
    public int scalar() {
        return scalar.sum(data, 0, data.length);
    }

    @Benchmark
    public int vector() {
        return vector.sum(data, 0, data.length);
    }
}
