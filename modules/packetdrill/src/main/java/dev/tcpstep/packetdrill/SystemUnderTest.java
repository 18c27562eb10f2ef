package dev.tcpstep.packetdrill;

import dev.tcpstep.link.Link;

import java.net.InetAddress;

/**
 * The local side of a packetdrill run: a TCP reached through a {@link Link} (the script
 * plays the link's near side) plus the socket calls the script makes on it. Handles are
 * opaque: whatever {@link #listen}, {@link #accept} and {@link #connect} return.
 * Failures are {@link SyscallError}s naming the errno a Linux socket would give.
 */
public interface SystemUnderTest extends AutoCloseable {
    /** For verdicts: {@code tcpstep (rfc9293)} or {@code Linux 6.8.0}. */
    String name();

    Link link();

    /** Passive open on the TCP under test's {@code port}. */
    Object listen(int port, int backlog) throws SyscallError;

    /** An established connection from the listener's queue, waiting up to {@code deadline} (link clock); null if none. */
    Object accept(Object listener, long deadline) throws SyscallError;

    /** Starts an active open to {@code remote:port} and returns at once (the handshake is the script's). */
    Object connect(InetAddress remote, int port) throws SyscallError;

    /** Queues {@code n} bytes (zeros) for sending; returns how many were taken. */
    int write(Object connection, int n) throws SyscallError;

    /**
     * Reads up to {@code max} bytes, waiting up to {@code deadline} for {@code want}; returns how many
     * (0 at end of stream); throws EAGAIN when nothing is there.
     */
    int read(Object connection, int max, int want, long deadline) throws SyscallError;

    /** shutdown(SHUT_WR): our FIN, receiving goes on. */
    void shutdownWrite(Object connection) throws SyscallError;

    /** close(2); with {@code abort} (SO_LINGER 0) a RST instead of a FIN. */
    void close(Object handle, boolean abort) throws SyscallError;

    /** The connection's state in Linux's TCP_INFO names ({@code TCP_ESTABLISHED}, {@code TCP_CLOSE_WAIT}, ...). */
    String tcpState(Object connection) throws SyscallError;

    /** SO_ERROR: 0 or an errno name ({@code ECONNREFUSED}, {@code ECONNRESET}, ...). */
    String soError(Object connection) throws SyscallError;

    /**
     * Runs a backtick line. Returns null when it was applied, otherwise why not (the runner
     * reports it). A {@code sysctl} maps to a {@code Profile} knob where one exists.
     */
    String shell(String command);

    /** The {@code #ifdef} symbol of this system: {@code tcpstep} or {@code linux}. */
    String symbol();

    @Override
    void close();

    /** A socket call failing with a Linux errno. */
    final class SyscallError extends Exception {
        private final String errno;

        public SyscallError(String errno, String detail) {
            super(errno + (detail == null ? "" : " (" + detail + ")"));
            this.errno = errno;
        }

        public String errno() {
            return errno;
        }
    }
}
