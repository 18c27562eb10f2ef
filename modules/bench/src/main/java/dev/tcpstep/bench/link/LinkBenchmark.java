package dev.tcpstep.bench.link;

import dev.tcpstep.codec.Payload;
import dev.tcpstep.link.LinkProfile;
import dev.tcpstep.link.Retention;
import dev.tcpstep.link.Simulation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * One full cycle — handshake, 1 KiB each way, close by both sides, TIME-WAIT over —
 * through the whole byte path (encode, impaired-link model, decode, both state machines,
 * the trace), next to the same cycle over a real loopback TCP socket pair on 127.0.0.1.
 * Two settings of the simulation: the full trace with undo (the REPL's) and counters only.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class LinkBenchmark {
    private static final byte[] KIB = new byte[1024];
    private static final LinkProfile WIRE = LinkProfile.DEFAULT;

    private ServerSocket server;
    private Thread acceptor;

    @Setup(Level.Trial)
    public void startEchoServer() throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        acceptor = Thread.ofPlatform().daemon().start(() -> {
            byte[] buf = new byte[1024];
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    s.setTcpNoDelay(true);
                    InputStream in = s.getInputStream();
                    in.readNBytes(buf, 0, 1024);
                    OutputStream out = s.getOutputStream();
                    out.write(buf);
                    out.flush();
                    s.shutdownOutput();
                    while (in.read(buf) >= 0) {
                        // until the client's FIN
                    }
                } catch (IOException e) {
                    // closed at tear-down, or a client gave up
                }
            }
        });
    }

    @TearDown(Level.Trial)
    public void stopEchoServer() throws IOException, InterruptedException {
        server.close();
        acceptor.join(2000);
    }

    /** The REPL's setting: the whole trace and the undo journal kept. */
    @Benchmark
    public long simulatedFullCycle() {
        return cycle(Simulation.builder().seed(1).link(WIRE).fixedIsns(0, 5000).build());
    }

    /** A library user's setting for many runs: the trace keeps only its counters, no undo journal. */
    @Benchmark
    public long simulatedFullCycleCounters() {
        return cycle(Simulation.builder().seed(1).link(WIRE).fixedIsns(0, 5000).retention(Retention.counters()).build());
    }

    private static long cycle(Simulation sim) {
        sim.server().listen();
        sim.client().connect();
        sim.run();
        sim.client().write(Payload.wrapOwned(KIB));
        sim.server().write(Payload.wrapOwned(KIB));
        sim.run();
        long got = sim.server().read().data().length() + sim.client().read().data().length();
        sim.client().close();
        sim.run();
        sim.server().close();
        sim.runUntilQuiet();
        if (got != 2048) {
            throw new IllegalStateException("delivered " + got + " bytes, expected 2048");
        }
        return got + sim.trace().counters().packets();
    }

    @Benchmark
    public long loopbackSocketFullCycle() throws IOException {
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(server.getLocalSocketAddress());
            OutputStream out = s.getOutputStream();
            out.write(KIB);
            out.flush();
            byte[] back = s.getInputStream().readNBytes(1024);
            s.shutdownOutput();
            // Wait for the server's FIN so both sides close fully.
            while (s.getInputStream().read() >= 0) {
                // nothing more is sent
            }
            return back.length;
        }
    }
}
