package dev.tcpstep.packetdrill;

import dev.tcpstep.codec.Payload;
import dev.tcpstep.link.Link;
import dev.tcpstep.link.LinkProfile;
import dev.tcpstep.link.Simulation;
import dev.tcpstep.statemachine.CallResult;
import dev.tcpstep.statemachine.Connection;
import dev.tcpstep.statemachine.IsnSource;
import dev.tcpstep.statemachine.Listener;
import dev.tcpstep.statemachine.Profile;
import dev.tcpstep.statemachine.State;
import dev.tcpstep.statemachine.TcpError;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * tcpstep's endpoint as the system under test: a {@link Simulation} whose server
 * ({@code tcpstep}, 192.0.2.1) runs the chosen {@link Profile} automatically and whose
 * client ({@code remote}, 192.0.2.2) is the script, on a wire without delay or loss.
 * Virtual time: a script runs in milliseconds whatever its timers, and the same script
 * gives the same trace every time (fixed seed and ISN source).
 */
public final class TcpstepSystem implements SystemUnderTest {
    /** The TCP under test's address, as the kernel's on the TUN link. */
    public static final String LOCAL = "192.0.2.1";
    /** The script's address. */
    public static final String REMOTE = "192.0.2.2";

    private final Simulation sim;
    private final Link link;
    private final Simulation.Endpoint tcp;
    private final String profileName;
    private final List<String> unmapped = new ArrayList<>();

    private TcpstepSystem(Profile profile, String profileName) {
        this.profileName = profileName;
        this.sim = Simulation.builder().seed(1)
                .client("remote", address(REMOTE), 40000)
                .server("tcpstep", address(LOCAL), 8080)
                .link(LinkProfile.DEFAULT.withDelayNanos(0))
                .tcp(profile)
                .isns(IsnSource.fixed(0), IsnSource.rfc6528(1))
                .build();
        this.link = sim.link(sim.client());
        this.tcp = sim.server();
    }

    /** A system under test with {@code profile} changed by the script's {@code sysctl} lines where they map. */
    public static TcpstepSystem start(Profile profile, String profileName, Script script) {
        Profile.Builder b = profile.toBuilder();
        for (Script.Step s : script.steps()) {
            if (s instanceof Script.ShellStep sh) {
                Sysctl.apply(sh.command(), b);
            }
        }
        return new TcpstepSystem(b.build(), profileName);
    }

    /** The profile names {@code --profile} takes. */
    public static Profile profile(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "rfc9293" -> Profile.rfc9293();
            case "modern" -> Profile.modern();
            default -> null;
        };
    }

    /** The simulation behind the run (its trace is the run's trace). */
    public Simulation simulation() {
        return sim;
    }

    @Override
    public String name() {
        return "tcpstep (" + profileName + ")";
    }

    @Override
    public Link link() {
        return link;
    }

    @Override
    public Object listen(int port, int backlog) throws SyscallError {
        CallResult r = tcp.listen(port);
        if (!r.ok()) {
            throw new SyscallError("EADDRINUSE", "port " + port + " already listening (" + r.error().rfcText() + ")");
        }
        return tcp.host().listener(port);
    }

    @Override
    public Object accept(Object listener, long deadline) throws SyscallError {
        Listener l = (Listener) listener;
        Connection c = l.accept();
        return c;
    }

    @Override
    public Object connect(InetAddress remote, int port) throws SyscallError {
        CallResult r = tcp.connect(49152, remote, port);
        if (!r.ok()) {
            throw new SyscallError(errno(r.error()), r.error().rfcText());
        }
        return r.connection();
    }

    @Override
    public int write(Object connection, int n) throws SyscallError {
        Connection c = (Connection) connection;
        CallResult r = focused(c).write(Payload.copyOf(new byte[n]));
        if (!r.ok()) {
            throw new SyscallError(errno(r.error()), r.error().rfcText());
        }
        return n;
    }

    @Override
    public int read(Object connection, int max, int want, long deadline) throws SyscallError {
        Connection c = (Connection) connection;
        if (c.readable() == 0) {
            if (c.peerClosed()) {
                return 0;
            }
            if (c.error() != null) {
                throw new SyscallError(errno(c.error()), c.error().rfcText());
            }
            throw new SyscallError("EAGAIN", "nothing to read");
        }
        return focused(c).read(max).data().length();
    }

    @Override
    public void shutdownWrite(Object connection) throws SyscallError {
        CallResult r = focused((Connection) connection).close();
        if (!r.ok()) {
            throw new SyscallError(errno(r.error()), r.error().rfcText());
        }
    }

    @Override
    public void close(Object handle, boolean abort) throws SyscallError {
        if (handle instanceof Listener l) {
            l.close();
            return;
        }
        Connection c = (Connection) handle;
        if (c.state() == State.CLOSED) {
            return;
        }
        CallResult r = abort ? focused(c).abort() : focused(c).close();
        if (!r.ok() && r.error() != TcpError.CONNECTION_CLOSING && r.error() != TcpError.CONNECTION_DOES_NOT_EXIST) {
            throw new SyscallError(errno(r.error()), r.error().rfcText());
        }
    }

    @Override
    public String tcpState(Object connection) {
        return linuxName(((Connection) connection).state());
    }

    @Override
    public String soError(Object connection) {
        TcpError e = ((Connection) connection).error();
        return e == null ? "0" : errno(e);
    }

    @Override
    public String shell(String command) {
        return Sysctl.apply(command, null);
    }

    @Override
    public String symbol() {
        return "tcpstep";
    }

    @Override
    public void close() {
        // nothing to release: the simulation is plain memory
    }

    /** Makes {@code c} the endpoint's current connection, so the Simulation's calls act on it. */
    private Simulation.Endpoint focused(Connection c) {
        if (tcp.connection() != c) {
            throw new IllegalStateException("tcpstep runs one connection per script; "
                    + c.tuple() + " is not the current one");
        }
        return tcp;
    }

    static String linuxName(State s) {
        return switch (s) {
            case LISTEN -> "TCP_LISTEN";
            case SYN_SENT -> "TCP_SYN_SENT";
            case SYN_RECEIVED -> "TCP_SYN_RECV";
            case ESTABLISHED -> "TCP_ESTABLISHED";
            case FIN_WAIT_1 -> "TCP_FIN_WAIT1";
            case FIN_WAIT_2 -> "TCP_FIN_WAIT2";
            case CLOSE_WAIT -> "TCP_CLOSE_WAIT";
            case CLOSING -> "TCP_CLOSING";
            case LAST_ACK -> "TCP_LAST_ACK";
            case TIME_WAIT -> "TCP_TIME_WAIT";
            case CLOSED -> "TCP_CLOSE";
        };
    }

    static String errno(TcpError e) {
        return switch (e) {
            case CONNECTION_RESET -> "ECONNRESET";
            case CONNECTION_REFUSED -> "ECONNREFUSED";
            case CONNECTION_DOES_NOT_EXIST, CONNECTION_CLOSING, CLOSING -> "EPIPE";
            case CONNECTION_ALREADY_EXISTS -> "EISCONN";
            case INSUFFICIENT_RESOURCES -> "ENOBUFS";
            case USER_TIMEOUT, RETRANSMISSION_LIMIT -> "ETIMEDOUT";
            default -> "EINVAL";
        };
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
