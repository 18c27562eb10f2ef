package dev.tcpstep.tun.internal;

import dev.tcpstep.tun.TunException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The few libc calls the TUN link needs, bound with FFM (no JNI): open, close, read,
 * write, poll, ioctl, setns, strerror. Every call captures errno and failures throw
 * {@link TunException} naming the call, the argument and the errno.
 *
 * <p>Constants are Linux x86-64/aarch64 values (asm-generic): they are the same on both.
 */
@SuppressWarnings("restricted")
public final class Native {
    private Native() {
    }

    public static final int O_RDONLY = 0;
    public static final int O_RDWR = 2;
    public static final int O_CLOEXEC = 0x80000;
    /** linux/sched.h */
    public static final int CLONE_NEWNET = 0x40000000;
    /** linux/if_tun.h: _IOW('T', 202, int) */
    public static final long TUNSETIFF = 0x400454caL;
    public static final short IFF_TUN = 0x0001;
    public static final short IFF_NO_PI = 0x1000;
    /** struct ifreq: 16-byte name, then a union whose first member is short ifr_flags; 40 bytes. */
    public static final int IFREQ_SIZE = 40;
    public static final int IFNAMSIZ = 16;
    public static final short POLLIN = 0x1;
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPT = Linker.Option.captureCallState("errno");

    private static final MethodHandle OPEN = handle("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), ERRNO_OPT, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), ERRNO_OPT);
    private static final MethodHandle READ = handle("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), ERRNO_OPT);
    private static final MethodHandle WRITE = handle("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), ERRNO_OPT);
    private static final MethodHandle POLL = handle("poll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), ERRNO_OPT);
    private static final MethodHandle IOCTL = handle("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), ERRNO_OPT, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle SETNS = handle("setns",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), ERRNO_OPT);
    private static final MethodHandle STRERROR = handle("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private static MethodHandle handle(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment sym = LIBC.find(name).orElseThrow(() -> new UnsupportedOperationException(
                "libc symbol " + name + " not found (tcpstep-tun needs Linux)"));
        return LINKER.downcallHandle(sym, fd, options);
    }

    /** open(2); returns the fd. */
    public static int open(String path, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            int fd = (int) OPEN.invokeExact(st, a.allocateFrom(path), flags, 0);
            if (fd < 0) {
                throw fail("open(" + path + ")", st);
            }
            return fd;
        } catch (TunException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** close(2); errors are ignored (the fd is gone either way, close(2) NOTES). */
    public static void close(int fd) {
        try (Arena a = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(a.allocate(CAPTURE), fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** setns(2) with CLONE_NEWNET: moves the calling thread into the namespace of {@code nsFd}. */
    public static void setnsNet(int nsFd, String what) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            int r = (int) SETNS.invokeExact(st, nsFd, CLONE_NEWNET);
            if (r < 0) {
                throw fail("setns(" + what + ", CLONE_NEWNET)", st);
            }
        } catch (TunException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * ioctl(fd, TUNSETIFF, &ifreq) with {@code IFF_TUN | IFF_NO_PI}: attaches the fd to a
     * new TUN device called {@code name} in the calling thread's network namespace; returns
     * the name the kernel gave it.
     */
    public static String tunSetIff(int fd, String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        if (n.length >= IFNAMSIZ) {
            throw new IllegalArgumentException("interface name " + name + " (expected: at most 15 bytes)");
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment ifr = a.allocate(IFREQ_SIZE);
            MemorySegment.copy(n, 0, ifr, JAVA_BYTE, 0, n.length);
            ifr.set(JAVA_SHORT, IFNAMSIZ, (short) (IFF_TUN | IFF_NO_PI));
            int r = (int) IOCTL.invokeExact(st, fd, TUNSETIFF, ifr);
            if (r < 0) {
                throw fail("ioctl(/dev/net/tun, TUNSETIFF, " + name + ")", st);
            }
            return ifr.getString(0, StandardCharsets.US_ASCII);
        } catch (TunException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * poll(2) for POLLIN on one fd.
     *
     * @return true when readable, false on timeout or EINTR
     */
    public static boolean pollIn(int fd, int timeoutMillis) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment pfd = a.allocate(8, 4);
            pfd.set(JAVA_INT, 0, fd);
            pfd.set(JAVA_SHORT, 4, POLLIN);
            pfd.set(JAVA_SHORT, 6, (short) 0);
            int r = (int) POLL.invokeExact(st, pfd, 1L, timeoutMillis);
            if (r < 0) {
                if (errno(st) == EINTR) {
                    return false;
                }
                throw fail("poll(tun fd " + fd + ")", st);
            }
            return r > 0;
        } catch (TunException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** read(2) into {@code buf}; returns the byte count, or −1 for EAGAIN/EINTR. */
    public static int read(int fd, MemorySegment buf) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            long r = (long) READ.invokeExact(st, fd, buf, buf.byteSize());
            if (r < 0) {
                int e = errno(st);
                if (e == EAGAIN || e == EINTR) {
                    return -1;
                }
                throw fail("read(tun fd " + fd + ")", st);
            }
            return (int) r;
        } catch (TunException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** write(2) of {@code len} bytes of {@code buf}: a TUN device takes one whole packet per write. */
    public static void write(int fd, MemorySegment buf, long len) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            long r = (long) WRITE.invokeExact(st, fd, buf, len);
            if (r < 0) {
                throw fail("write(tun fd " + fd + ", " + len + " bytes)", st);
            }
            if (r != len) {
                throw new TunException("write(tun fd " + fd + ") wrote " + r + " of " + len + " bytes", 0);
            }
        } catch (TunException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static TunException fail(String call, MemorySegment state) {
        int e = errno(state);
        return new TunException(call + " failed: errno " + e + " (" + strerror(e) + ")", e);
    }

    /** strerror(3) text for an errno. */
    public static String strerror(int errno) {
        try {
            MemorySegment p = (MemorySegment) STRERROR.invokeExact(errno);
            return p.reinterpret(256).getString(0, StandardCharsets.UTF_8);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }
}
