package dev.tcpstep.tun;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A named network namespace {@code tcpstep-<owner pid>-<8 hex digits>} created with
 * {@code ip netns add} and always deleted: by {@link #close()}, by a shutdown hook if
 * the JVM exits first, or, when the JVM was killed ({@code kill -9} runs no hook), by the
 * next {@link #create()} on the machine, which {@linkplain #sweepStale() sweeps} every
 * tcpstep namespace whose owner is dead, with the programs left inside it. It starts with only a loopback device (down), so nothing inside
 * it can reach the machine's real interfaces: packets leave it only through the TUN
 * device, which ends in this process.
 *
 * <p>Programs run inside it with {@link #command(String...)} ({@code ip netns exec}).
 */
public final class NetNamespace implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long COMMAND_TIMEOUT_SECONDS = 10;
    /** Every tcpstep namespace's name starts so; the owner's pid follows. */
    static final String PREFIX = "tcpstep-";
    private static final java.util.regex.Pattern OWNED = java.util.regex.Pattern.compile(
            "tcpstep-(\\d{1,10})-[0-9a-f]{8}");

    private final String name;
    private final Thread hook;
    private boolean closed;

    private NetNamespace(String name) {
        this.name = name;
        this.hook = Thread.ofPlatform().unstarted(() -> delete(name));
    }

    /**
     * Creates {@code tcpstep-<random>}.
     *
     * @throws TunUnavailableException when this machine cannot (not Linux, not root, no ip)
     * @throws TunException when {@code ip netns add} fails
     */
    public static NetNamespace create() {
        Availability a = Availability.check();
        if (!a.linux() || !a.root() || !a.ipTool()) {
            a.requireLink();
        }
        sweepStale();
        byte[] r = new byte[4];
        RANDOM.nextBytes(r);
        String name = PREFIX + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(r);
        NetNamespace ns = new NetNamespace(name);
        run(List.of(ip(), "netns", "add", name));
        // Registered right after creation: from here on the namespace is deleted even if
        // the JVM exits without close().
        Runtime.getRuntime().addShutdownHook(ns.hook);
        return ns;
    }

    /**
     * Deletes every tcpstep namespace whose owner (the pid in its name) is no longer a
     * running Java process: a session killed with {@code kill -9}, whose shutdown hook never
     * ran. Programs still inside one (a kernel-side socket program blocked in accept(2)) are
     * killed first; the TUN device inside went with its owner's file descriptor. Namespaces
     * of running processes and names without an owner pid are left alone.
     *
     * @return one line per namespace removed ({@code tcpstep-4242-0a1b2c3d (owner pid 4242 is gone; 1 program
     *         left inside stopped)}); empty when there was nothing to sweep
     */
    public static List<String> sweepStale() {
        List<String> removed = new ArrayList<>();
        Path dir = Path.of("/var/run/netns");
        if (!Files.isDirectory(dir)) {
            return removed;
        }
        List<Path> names;
        try (var s = Files.list(dir)) {
            names = s.toList();
        } catch (IOException e) {
            return removed;
        }
        for (Path p : names) {
            String name = p.getFileName().toString();
            java.util.regex.Matcher m = OWNED.matcher(name);
            if (!m.matches() || ownerAlive(Long.parseLong(m.group(1)))) {
                continue;
            }
            int stopped = 0;
            try {
                for (String pid : run(List.of(ip(), "netns", "pids", name)).split("\\s+")) {
                    if (!pid.isBlank()) {
                        ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
                        stopped++;
                    }
                }
                waitEmpty(name);
                run(List.of(ip(), "netns", "delete", name));
                removed.add(name + " (owner pid " + m.group(1) + " is gone; " + stopped + " program"
                        + (stopped == 1 ? "" : "s") + " left inside stopped)");
            } catch (TunException | NumberFormatException e) {
                // another process swept it first, or it cannot be deleted now; the next start tries again
            }
        }
        return removed;
    }

    /** True when {@code pid} is a running Java process (a reused pid of another program does not count). */
    private static boolean ownerAlive(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(h -> h.info().command().map(c -> c.contains("java")).orElse(true)).orElse(false);
    }

    /** Waits (at most 2 s) until no process is left inside {@code name}, so deleting it frees it at once. */
    private static void waitEmpty(String name) {
        long end = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() - end < 0) {
            if (run(List.of(ip(), "netns", "pids", name)).isBlank()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** {@code tcpstep-<pid>-xxxxxxxx}. */
    public String name() {
        return name;
    }

    /** The bind-mounted namespace file {@code setns(2)} opens: {@code /var/run/netns/<name>}. */
    public Path path() {
        return Path.of("/var/run/netns", name);
    }

    /** A command line that runs {@code argv} inside this namespace ({@code ip netns exec <name> argv...}). */
    public List<String> command(String... argv) {
        List<String> c = new ArrayList<>(argv.length + 4);
        c.add(ip());
        c.add("netns");
        c.add("exec");
        c.add(name);
        c.addAll(List.of(argv));
        return c;
    }

    /**
     * Runs {@code ip -n <name> args...} (configuration inside the namespace) and waits.
     *
     * @return its standard output
     * @throws TunException naming the command line, exit status and stderr when it fails
     */
    public String ip(String... args) {
        List<String> c = new ArrayList<>(args.length + 3);
        c.add(ip());
        c.add("-n");
        c.add(name);
        c.addAll(List.of(args));
        return run(c);
    }

    /** Runs {@code argv} inside the namespace and waits; returns stdout. @throws TunException on failure */
    public String exec(String... argv) {
        return run(command(argv));
    }

    /** Deletes the namespace (idempotent). Processes still inside keep it alive until they exit: stop them first. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it deletes the namespace too
        }
        delete(name);
    }

    public synchronized boolean closed() {
        return closed;
    }

    private static void delete(String name) {
        if (Files.exists(Path.of("/var/run/netns", name))) {
            try {
                run(List.of(ip(), "netns", "delete", name));
            } catch (TunException e) {
                System.err.println("tcpstep-tun: " + e.getMessage());
            }
        }
    }

    static String ip() {
        for (String dir : new String[] {"/usr/sbin", "/sbin", "/usr/bin", "/bin"}) {
            if (Files.isExecutable(Path.of(dir, "ip"))) {
                return dir + "/ip";
            }
        }
        return "ip";
    }

    static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
            p.getOutputStream().close();
            // Both outputs are small; read stdout fully, then stderr.
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new TunException(String.join(" ", command) + ": no exit after " + COMMAND_TIMEOUT_SECONDS
                        + " s", 0);
            }
            if (p.exitValue() != 0) {
                throw new TunException(String.join(" ", command) + ": exit status " + p.exitValue() + ": "
                        + new String(err, StandardCharsets.UTF_8).strip(), 0);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TunException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TunException(String.join(" ", command) + ": interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "netns " + name + (closed ? " (deleted)" : "");
    }
}
