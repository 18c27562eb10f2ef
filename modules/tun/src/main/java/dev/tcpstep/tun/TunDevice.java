package dev.tcpstep.tun;

import dev.tcpstep.tun.internal.Native;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReference;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * A TUN device ({@code IFF_TUN | IFF_NO_PI}: every read and write is one raw IPv4 or
 * IPv6 packet, no extra header) created inside a {@link NetNamespace}.
 *
 * <h2>How the device ends up in the namespace</h2>
 * {@code TUNSETIFF} creates the device in the network namespace of the calling
 * <em>thread</em>. {@link #open} therefore starts a short-lived platform thread which
 * opens its own namespace ({@code /proc/thread-self/ns/net}) to return to, calls
 * {@code setns(2)} into {@code /var/run/netns/<name>}, opens {@code /dev/net/tun}, issues
 * {@code TUNSETIFF}, and moves back before it ends. The device never exists outside the
 * namespace (moving it in afterwards with {@code ip link set netns} would briefly put it in
 * the host's namespace). The file descriptor then works from any thread.
 *
 * <p>Not thread-safe: one thread reads and writes. The device disappears when the
 * descriptor is closed ({@link #close()}), since it is not made persistent.
 */
public final class TunDevice implements AutoCloseable {
    /** Large enough for any packet a 65535-byte MTU could carry. */
    private static final int BUFFER = 65536;

    private final int fd;
    private final String name;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buf;
    private boolean closed;

    private TunDevice(int fd, String name) {
        this.fd = fd;
        this.name = name;
        this.buf = arena.allocate(BUFFER);
    }

    /**
     * Creates TUN device {@code ifName} (at most 15 bytes) inside {@code ns}. The device is
     * down and has no address: configure it with {@code ns.ip("addr", "add", ...)}.
     *
     * @throws TunException naming the failing call and errno
     */
    public static TunDevice open(NetNamespace ns, String ifName) {
        AtomicReference<Object> result = new AtomicReference<>();
        String target = ns.path().toString();
        Thread t = Thread.ofPlatform().name("tcpstep-tun-setns").unstarted(() -> {
            int home = -1;
            int there = -1;
            int tun = -1;
            try {
                home = Native.open("/proc/thread-self/ns/net", Native.O_RDONLY | Native.O_CLOEXEC);
                there = Native.open(target, Native.O_RDONLY | Native.O_CLOEXEC);
                Native.setnsNet(there, target);
                try {
                    tun = Native.open("/dev/net/tun", Native.O_RDWR | Native.O_CLOEXEC);
                    String given = Native.tunSetIff(tun, ifName);
                    result.set(new TunDevice(tun, given));
                    tun = -1;
                } finally {
                    Native.setnsNet(home, "/proc/thread-self/ns/net (back home)");
                }
            } catch (RuntimeException e) {
                result.set(e);
            } finally {
                if (tun >= 0) {
                    Native.close(tun);
                }
                if (there >= 0) {
                    Native.close(there);
                }
                if (home >= 0) {
                    Native.close(home);
                }
            }
        });
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TunException("interrupted while creating " + ifName + " in " + ns.name(), e);
        }
        Object r = result.get();
        if (r instanceof TunDevice d) {
            return d;
        }
        if (r instanceof RuntimeException e) {
            throw e;
        }
        throw new TunException("creating " + ifName + " in " + ns.name() + " produced nothing", 0);
    }

    /** The interface name the kernel gave the device. */
    public String name() {
        return name;
    }

    /**
     * Waits up to {@code timeoutMillis} (0: do not wait) for one packet.
     *
     * @return the packet's bytes, or null when none arrived in time
     */
    public byte[] read(int timeoutMillis) {
        ensureOpen();
        if (!Native.pollIn(fd, Math.max(0, timeoutMillis))) {
            return null;
        }
        int n = Native.read(fd, buf);
        if (n <= 0) {
            return null;
        }
        return buf.asSlice(0, n).toArray(JAVA_BYTE);
    }

    /** Writes one whole IP packet: the kernel receives it as if it arrived on this interface. */
    public void write(byte[] packet) {
        ensureOpen();
        if (packet.length > BUFFER) {
            throw new IllegalArgumentException("packet of " + packet.length + " bytes (expected: at most " + BUFFER + ")");
        }
        MemorySegment.copy(packet, 0, buf, JAVA_BYTE, 0, packet.length);
        Native.write(fd, buf, packet.length);
    }

    public boolean closed() {
        return closed;
    }

    /** Closes the descriptor; the kernel removes the device. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Native.close(fd);
            arena.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("TUN device " + name + " is closed");
        }
    }

    @Override
    public String toString() {
        return "tun " + name + " (fd " + fd + (closed ? ", closed" : "") + ")";
    }
}
