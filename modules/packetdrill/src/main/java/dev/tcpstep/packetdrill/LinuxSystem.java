package dev.tcpstep.packetdrill;

import dev.tcpstep.link.Link;
import dev.tcpstep.statemachine.IsnSource;
import dev.tcpstep.tun.Availability;
import dev.tcpstep.tun.LinuxSocket;
import dev.tcpstep.tun.LinuxSocketException;
import dev.tcpstep.tun.TunException;
import dev.tcpstep.tun.TunLink;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Linux kernel as the system under test: a {@link TunLink} in {@linkplain
 * TunLink.Builder#bare(boolean) bare} mode (no endpoint of ours answers; the script is the
 * near side at 192.0.2.2) and kernel-side sockets ({@link LinuxSocket}) at 192.0.2.1 in
 * a fresh network namespace, deleted on {@link #close()}. Needs root; backtick lines run
 * in the namespace ({@code sysctl net.ipv4.*} is per namespace).
 */
public final class LinuxSystem implements SystemUnderTest {
    private final TunLink link;
    private final String kernel;

    /** A connection handle: the kernel-side program holding it, and its connect in progress. */
    private record Conn(LinuxSocket socket, CompletableFuture<List<String>> connecting) {
    }

    /** Kernel-side programs started ahead, so a timed call does not wait for python3 to start. */
    private final java.util.ArrayDeque<LinuxSocket> spares = new java.util.ArrayDeque<>();

    private LinuxSystem(TunLink link) {
        this.link = link;
        this.kernel = kernelRelease();
    }

    /** A ready kernel-side program (the one started ahead, and another started for next time). */
    private LinuxSocket socket() {
        return spares.isEmpty() ? link.linuxSocket() : spares.poll();
    }

    /** Why this machine cannot run the Linux system under test, or null when it can. */
    public static String unavailable() {
        Availability a = Availability.check();
        return a.available() ? null : a.reason();
    }

    /** Starts the namespace, the TUN device and the bare link. */
    public static LinuxSystem start() {
        LinuxSystem l = new LinuxSystem(TunLink.builder().bare(true).isn(IsnSource.fixed(0)).name("remote").start());
        try {
            // Three programs: a listener, its connection and one more cover the scripts people write.
            l.spares.addAll(l.link.linuxSockets(3));
        } catch (RuntimeException e) {
            l.close();
            throw e;
        }
        return l;
    }

    @Override
    public String name() {
        return "Linux " + kernel;
    }

    @Override
    public Link link() {
        return link;
    }

    @Override
    public Object listen(int port, int backlog) throws SyscallError {
        LinuxSocket s = socket();
        try {
            s.listen(port);
        } catch (LinuxSocketException e) {
            throw error(e);
        }
        return s;
    }

    @Override
    public Object accept(Object listener, long deadline) throws SyscallError {
        LinuxSocket s = (LinuxSocket) listener;
        long wait = Math.max(Duration.ofMillis(20).toNanos(), deadline - link.now());
        try {
            s.accept(Duration.ofNanos(wait));
        } catch (LinuxSocketException e) {
            return null; // timed out: nothing established
        }
        return new Conn(s, null);
    }

    @Override
    public Object connect(InetAddress remote, int port) throws SyscallError {
        LinuxSocket s = socket();
        Conn c = new Conn(s, s.connectAsync(port, Duration.ofSeconds(30)));
        return c;
    }

    @Override
    public int write(Object connection, int n) throws SyscallError {
        try {
            ((Conn) connection).socket().send(new byte[n]);
        } catch (LinuxSocketException e) {
            throw error(e);
        }
        return n;
    }

    @Override
    public int read(Object connection, int max, int want, long deadline) throws SyscallError {
        long wait = Math.max(Duration.ofMillis(20).toNanos(), deadline - link.now());
        try {
            LinuxSocket.Received r = ((Conn) connection).socket().recv(Math.max(1, want), Duration.ofNanos(wait));
            if (r.data().length == 0 && !r.eof()) {
                throw new SyscallError("EAGAIN", "nothing to read");
            }
            return r.data().length;
        } catch (LinuxSocketException e) {
            throw error(e);
        }
    }

    @Override
    public void shutdownWrite(Object connection) throws SyscallError {
        try {
            ((Conn) connection).socket().shutdown();
        } catch (LinuxSocketException e) {
            throw error(e);
        }
    }

    @Override
    public void close(Object handle, boolean abort) throws SyscallError {
        try {
            if (handle instanceof LinuxSocket l) {
                l.closeListener();
            } else if (abort) {
                ((Conn) handle).socket().abort();
            } else {
                ((Conn) handle).socket().close();
            }
        } catch (LinuxSocketException e) {
            throw error(e);
        }
    }

    @Override
    public String tcpState(Object connection) throws SyscallError {
        try {
            long st = ((Conn) connection).socket().info().get("state");
            return st > 0 && st < Runner.LINUX_STATES.length ? Runner.LINUX_STATES[(int) st] : String.valueOf(st);
        } catch (LinuxSocketException e) {
            throw error(e);
        }
    }

    @Override
    public String soError(Object connection) throws SyscallError {
        Conn c = (Conn) connection;
        if (c.connecting() != null && c.connecting().isCompletedExceptionally()) {
            try {
                c.connecting().join();
            } catch (RuntimeException e) {
                if (e.getCause() instanceof LinuxSocketException le) {
                    return errnoName(le.errno());
                }
            }
        }
        try {
            int e = c.socket().soError();
            return e == 0 ? "0" : errnoName(e);
        } catch (LinuxSocketException e) {
            throw error(e);
        }
    }

    @Override
    public String shell(String command) {
        List<String> cmd = link.namespace().command("sh", "-c", command);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "`" + command + "` did not finish within 10 s";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.exitValue() == 0 ? null : "`" + command + "` exited " + p.exitValue() + ": " + out;
        } catch (IOException e) {
            return "`" + command + "`: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Override
    public String symbol() {
        return "linux";
    }

    @Override
    public void close() {
        try {
            link.close();
        } catch (TunException e) {
            // the namespace is deleted by the shutdown hook if this failed
        }
    }

    private static SyscallError error(LinuxSocketException e) {
        return new SyscallError(errnoName(e.errno()), e.getMessage());
    }

    static String errnoName(int errno) {
        return switch (errno) {
            case 11 -> "EAGAIN";
            case 32 -> "EPIPE";
            case 104 -> "ECONNRESET";
            case 110 -> "ETIMEDOUT";
            case 111 -> "ECONNREFUSED";
            case 115 -> "EINPROGRESS";
            default -> "errno " + errno;
        };
    }

    private static String kernelRelease() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return System.getProperty("os.version");
        }
    }
}
