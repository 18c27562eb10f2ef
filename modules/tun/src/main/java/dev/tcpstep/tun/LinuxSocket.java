package dev.tcpstep.tun;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One real Linux TCP socket inside the link's namespace: a small {@code python3} program
 * ({@code kernel_socket.py}, run with {@code ip netns exec}) that holds a listening socket
 * and one connection and obeys one command per line. Get one from
 * {@link TunLink#linuxSocket()}.
 *
 * <p>Every blocking method pumps the {@link TunLink} while it waits (the kernel cannot
 * finish a handshake unless our endpoint answers) and gives up after its timeout with a
 * {@link TunException}. The {@code ...Async} methods return at once; finish them with
 * {@link #await}. Commands are answered in order.
 *
 * <pre>{@code
 * LinuxSocket srv = link.linuxSocket();
 * srv.listen(80);                                    // Linux listens on 192.0.2.1:80
 * Connection c = link.connect(80);                   // our SYN; pumping runs the handshake
 * srv.accept(Duration.ofSeconds(2));
 * srv.send("hello".getBytes());                      // Linux writes; we read with link.receive(c)
 * }</pre>
 */
public final class LinuxSocket {
    /** Default time a blocking call waits. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final String SCRIPT = loadScript();

    private final TunLink link;
    private final Process process;
    private final OutputStream stdin;
    private final ArrayDeque<CompletableFuture<List<String>>> pending = new ArrayDeque<>();
    private final StringBuilder stderr = new StringBuilder();
    private volatile boolean stopped;
    /** False until the program's first reply: python3 can take seconds to start on a loaded machine. */
    private volatile boolean started;
    /** Extra wait for the first reply, on top of the call's own timeout. */
    private static final Duration STARTUP_ALLOWANCE = Duration.ofSeconds(30);

    private LinuxSocket(TunLink link, Process process) {
        this.link = link;
        this.process = process;
        this.stdin = process.getOutputStream();
        Thread.ofPlatform().daemon().name("tcpstep-linux-socket-out").start(this::readReplies);
        Thread.ofPlatform().daemon().name("tcpstep-linux-socket-err").start(this::readErrors);
    }

    /**
     * The system's own interpreter when there is one: a version manager's shim earlier on the
     * PATH (pyenv) can take seconds to start under load, longer than a socket call may wait.
     */
    private static final String PYTHON = java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/python3"))
            ? "/usr/bin/python3" : "python3";

    static LinuxSocket start(TunLink link) {
        Availability a = Availability.check();
        if (!a.python3()) {
            throw new TunUnavailableException(List.of("no python3 on the PATH (the kernel-side socket programs need it)"));
        }
        List<String> cmd = link.namespace().command(PYTHON, "-u", "-c", SCRIPT);
        try {
            Process p = new ProcessBuilder(cmd).start();
            return new LinuxSocket(link, p);
        } catch (IOException e) {
            throw new TunException("cannot start python3 in " + link.namespace().name() + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ blocking commands

    /** Listens on the kernel's address, {@code port}. */
    public void listen(int port) {
        await(listenAsync(port, 0), DEFAULT_TIMEOUT);
    }

    /**
     * Listens with {@code TCP_MAXSEG} set to {@code mss} before listen(2), so Linux
     * advertises that MSS in its SYN,ACK (0: leave the default, MTU − 40 / − 60).
     */
    public void listen(int port, int mss) {
        await(listenAsync(port, mss), DEFAULT_TIMEOUT);
    }

    public CompletableFuture<List<String>> listenAsync(int port, int mss) {
        return request("listen " + link.family() + " " + link.kernelAddress().getHostAddress() + " " + port
                + (mss > 0 ? " " + mss : ""));
    }

    /** accept(2) with a timeout; returns the peer's port. */
    public int accept(Duration timeout) {
        List<String> r = await(acceptAsync(timeout), timeout.plusSeconds(1));
        return Integer.parseInt(r.get(3));
    }

    /**
     * accept(2) without waiting: the peer's port when a connection is accepted (now, or by an
     * earlier accept), null when the listener has none ready. Answers at once, so a slow reply
     * never leaves a connection accepted on the Linux side that this side does not know of.
     */
    public Integer tryAccept() {
        List<String> r = await(request("tryaccept"), DEFAULT_TIMEOUT);
        return r.get(1).equals("accepted") ? Integer.valueOf(Integer.parseInt(r.get(3))) : null;
    }

    /**
     * Starts connect(2) from {@code localPort} to our endpoint's {@code port} and returns as soon
     * as the kernel has sent its SYN: the handshake is whatever our endpoint answers (by hand or
     * automatically). Calls on the connection before it is established fail with Linux's reason.
     */
    public void connectStart(int port, int localPort) {
        await(request("connectnb " + link.family() + " " + link.ourAddress().getHostAddress() + " " + port + " "
                + localPort), DEFAULT_TIMEOUT);
    }

    /** TCP_INFO's {@code tcpi_state} of the connection (1 ESTABLISHED ... 11 CLOSING), 0 when there is none. */
    public int state() {
        return Integer.parseInt(await(request("state"), DEFAULT_TIMEOUT).get(2));
    }

    public CompletableFuture<List<String>> acceptAsync(Duration timeout) {
        return request("accept " + seconds(timeout));
    }

    /** connect(2) to our endpoint's {@code port}; returns Linux's local (ephemeral) port. */
    public int connect(int port, Duration timeout) {
        List<String> r = await(connectAsync(port, timeout), timeout.plusSeconds(1));
        return Integer.parseInt(r.get(2));
    }

    /**
     * Starts connect(2) to our endpoint's {@code port} and returns at once; pump the link
     * (or {@link #await}) to let the handshake happen. A refused connection completes
     * the future with a {@link LinuxSocketException}.
     */
    public CompletableFuture<List<String>> connectAsync(int port, Duration timeout) {
        return request("connect " + link.family() + " " + link.ourAddress().getHostAddress() + " " + port + " "
                + seconds(timeout));
    }

    /** sendall(2) of these bytes (returns once the kernel has buffered them). */
    public void send(byte[] data) {
        await(sendAsync(data), DEFAULT_TIMEOUT);
    }

    public CompletableFuture<List<String>> sendAsync(byte[] data) {
        if (data.length == 0) {
            return CompletableFuture.completedFuture(List.of("ok", "sent", "0"));
        }
        return request("send " + HexFormat.of().formatHex(data));
    }

    /** What a {@link #recv} returned: the bytes, and whether the peer's FIN (EOF) was seen. */
    public record Received(byte[] data, boolean eof) {
        public String utf8() {
            return new String(data, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Received r && r.eof == eof && Arrays.equals(r.data, data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data) * 31 + Boolean.hashCode(eof);
        }

        @Override
        public String toString() {
            return data.length + " bytes" + (eof ? ", EOF" : "");
        }
    }

    /** recv(2) until {@code n} bytes, EOF, or {@code timeout}. */
    public Received recv(int n, Duration timeout) {
        return received(await(recvAsync(n, timeout), timeout.plusSeconds(1)));
    }

    public CompletableFuture<List<String>> recvAsync(int n, Duration timeout) {
        return request("recv " + n + " " + seconds(timeout));
    }

    /** Parses the reply of {@link #recvAsync}. */
    public static Received received(List<String> reply) {
        String hex = reply.get(2);
        byte[] data = hex.equals("-") ? new byte[0] : HexFormat.of().parseHex(hex);
        return new Received(data, reply.get(3).equals("eof"));
    }

    /** shutdown(SHUT_WR): Linux sends its FIN, can still receive. */
    public void shutdown() {
        await(request("shutdown"), DEFAULT_TIMEOUT);
    }

    /** close(2): FIN (or RST if unread data is pending, RFC 2525 §2.17 as Linux does it). */
    public void close() {
        await(request("close"), DEFAULT_TIMEOUT);
    }

    /** SO_LINGER {on, 0} then close(2): Linux aborts the connection with a RST. */
    public void abort() {
        await(request("abort"), DEFAULT_TIMEOUT);
    }

    /** close(2) of the listening socket (the accepted connection stays). */
    public void closeListener() {
        await(request("lclose"), DEFAULT_TIMEOUT);
    }

    /** getsockopt(SO_ERROR) on the connection: the pending errno, 0 when none. */
    public int soError() {
        return Integer.parseInt(await(request("soerror"), DEFAULT_TIMEOUT).get(2));
    }

    /**
     * Linux's {@code TCP_INFO} for the connection: {@code state}, {@code options} (bits:
     * 1 timestamps, 2 SACK, 4 window scale, 8 ECN), {@code snd_wscale}, {@code rcv_wscale},
     * {@code snd_mss}, {@code rcv_mss}, {@code advmss}, {@code rto}, {@code ato} (µs),
     * {@code total_retrans}, ... in the order Linux defines them.
     */
    public Map<String, Long> info() {
        List<String> r = await(request("info"), DEFAULT_TIMEOUT);
        Map<String, Long> m = new LinkedHashMap<>();
        for (String w : r.subList(2, r.size())) {
            int eq = w.indexOf('=');
            m.put(w.substring(0, eq), Long.parseLong(w.substring(eq + 1)));
        }
        return m;
    }

    // ------------------------------------------------------------------ plumbing

    /**
     * Pumps the link until the reply comes, at most {@code timeout}.
     *
     * @return the reply's words ({@code ok}, then the answer)
     * @throws LinuxSocketException when the program reports an error (e.g. ConnectionRefusedError 111)
     * @throws TunException on timeout or when the program died
     */
    public List<String> await(CompletableFuture<List<String>> reply, Duration timeout) {
        link.pumpUntil(reply::isDone, started ? timeout : timeout.plus(STARTUP_ALLOWANCE));
        if (!reply.isDone()) {
            throw new TunException("kernel-side socket: no reply within " + timeout.toMillis() + " ms"
                    + (process.isAlive() ? "" : " (python3 exited: " + stderrText() + ")"), 0);
        }
        try {
            return reply.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new TunException(e.getCause().toString(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TunException("interrupted", e);
        }
    }

    /** Sends one command line; the future completes with its reply (in order). */
    public synchronized CompletableFuture<List<String>> request(String line) {
        CompletableFuture<List<String>> f = new CompletableFuture<>();
        if (stopped || !process.isAlive()) {
            f.completeExceptionally(new TunException("kernel-side socket program is not running: "
                    + stderrText(), 0));
            return f;
        }
        pending.addLast(f);
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
        } catch (IOException e) {
            pending.remove(f);
            f.completeExceptionally(new TunException("writing to python3: " + e.getMessage(), e));
        }
        return f;
    }

    private void readReplies() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                started = true;
                List<String> words = List.of(line.strip().split("\\s+"));
                CompletableFuture<List<String>> f;
                synchronized (this) {
                    f = pending.pollFirst();
                }
                if (f == null) {
                    continue;
                }
                if (words.getFirst().equals("ok")) {
                    f.complete(words);
                } else {
                    String name = words.size() > 1 ? words.get(1) : "?";
                    int errno = words.size() > 2 ? parseInt(words.get(2)) : 0;
                    String text = words.size() > 3 ? String.join(" ", words.subList(3, words.size())) : "";
                    f.completeExceptionally(new LinuxSocketException(name, errno, text));
                }
            }
        } catch (IOException e) {
            // process gone
        }
        synchronized (this) {
            for (CompletableFuture<List<String>> f : pending) {
                f.completeExceptionally(new TunException("python3 exited: " + stderrText(), 0));
            }
            pending.clear();
        }
    }

    private void readErrors() {
        try (InputStream in = process.getErrorStream()) {
            byte[] b = new byte[4096];
            for (int n = in.read(b); n >= 0; n = in.read(b)) {
                synchronized (stderr) {
                    stderr.append(new String(b, 0, n, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            // process gone
        }
    }

    private String stderrText() {
        synchronized (stderr) {
            return stderr.isEmpty() ? "no stderr" : stderr.toString().strip();
        }
    }

    /** Ends the program (quit, then kill after 1 s); its sockets close with it. Called by {@link TunLink#close()}. */
    void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            stdin.write("quit\n".getBytes(StandardCharsets.US_ASCII));
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.3f", d.toNanos() / 1e9);
    }

    private static String loadScript() {
        try (InputStream in = LinuxSocket.class.getResourceAsStream("internal/kernel_socket.py")) {
            if (in == null) {
                throw new IllegalStateException("resource dev/tcpstep/tun/internal/kernel_socket.py missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "Linux socket (python3 pid " + process.pid() + (process.isAlive() ? "" : ", exited") + ")";
    }
}
