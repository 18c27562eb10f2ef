package dev.tcpstep.repl;

import dev.tcpstep.codec.IpHeader;
import dev.tcpstep.codec.Payload;
import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.SegmentCodec;
import dev.tcpstep.codec.TcpFlags;
import dev.tcpstep.codec.TcpOption;
import dev.tcpstep.link.Simulation;
import dev.tcpstep.link.TraceEntry;
import dev.tcpstep.statemachine.Connection;
import dev.tcpstep.statemachine.FourTuple;
import dev.tcpstep.statemachine.IsnSource;
import dev.tcpstep.statemachine.Profile;
import dev.tcpstep.statemachine.Tcb;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The live session the shell drives: one {@link Simulation}, how it was made (for
 * {@code new} and undo), and how its trace prints as it happens.
 */
public final class Session {
    /** How the simulation was made: what {@code new} sets. */
    public record Setup(long seed, boolean ipv6, InetAddress clientAddress, int clientPort, InetAddress serverAddress,
                        int serverPort, Long clientIsn, Long serverIsn) {
        public static Setup defaults() {
            try {
                return new Setup(1, false, InetAddress.getByName("192.0.2.1"), 49152,
                        InetAddress.getByName("192.0.2.2"), 80, null, null);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        Simulation build() {
            Simulation.Builder b = Simulation.builder().seed(seed)
                    .client("client", clientAddress, clientPort)
                    .server("server", serverAddress, serverPort)
                    .tcp(Profile.rfc9293());
            IsnSource c = clientIsn == null ? IsnSource.rfc6528(seed) : IsnSource.fixed(clientIsn);
            IsnSource s = serverIsn == null ? IsnSource.rfc6528(seed + 1) : IsnSource.fixed(serverIsn);
            return b.isns(c, s).build();
        }
    }

    private final PrintWriter out;
    private final Style style;
    private Setup setup;
    private Simulation sim;
    /** Samples of each endpoint's congestion state for `graph cwnd`; follows every simulation adopted. */
    private final dev.tcpstep.repl.graph.CongestionSampler sampler = new dev.tcpstep.repl.graph.CongestionSampler();
    private final Deque<Undo> undo = new ArrayDeque<>();
    private int printedUpTo;

    record Undo(String line, Setup setup, Simulation.Snapshot snapshot) {
    }

    public Session(PrintWriter out, Style style, Setup setup) {
        this.out = out;
        this.style = style;
        start(setup);
    }

    /** Starts over with a fresh simulation. */
    public void start(Setup s) {
        this.setup = s;
        this.sim = s.build();
        sampler.follow(sim);
        // Manual is the default: endpoints show what RFC 9293 would send and the person types it.
        for (Simulation.Endpoint e : sim.endpoints()) {
            e.auto(false);
        }
        this.printedUpTo = sim.trace().size();
    }

    public Simulation sim() {
        return sim;
    }

    /** The packetdrill script {@code load} made this session's, or null. */
    PacketdrillCommands.Loaded loaded;

    /** Makes {@code s} the session's simulation ({@code load}: the script's), leaving Linux mode. */
    void adopt(Simulation s) {
        endLinux();
        this.sim = s;
        sampler.follow(sim);
        this.printedUpTo = 0;
    }

    dev.tcpstep.repl.graph.CongestionSampler sampler() {
        return sampler;
    }

    private LinuxMode linux;

    /** The Linux-backed session of {@code new --linux}, or null. */
    LinuxMode linux() {
        return linux;
    }

    void startLinux(LinuxMode mode) {
        endLinux();
        this.linux = mode;
    }

    /** Leaves Linux mode, deleting its network namespace. */
    void endLinux() {
        if (linux != null) {
            linux.close();
            linux = null;
        }
    }

    /** The trace the session's views read: the Linux link's in a Linux session, else the simulation's. */
    public dev.tcpstep.link.Trace trace() {
        return linux != null ? linux.trace() : sim.trace();
    }

    /** The ladder diagram of {@link #trace()}: client on the left, server on the right. */
    Ladder ladder() {
        return linux != null ? Ladder.of(linux.trace(), "client", "server") : Ladder.of(sim);
    }

    public Setup setup() {
        return setup;
    }

    /** The state before a command, to keep for undo if the command changes something. */
    Undo mark(String line) {
        return new Undo(line, setup, sim.snapshot());
    }

    /** Keeps {@code before} for undo when the session changed since it was taken. */
    void commit(Undo before) {
        if (before.setup() != setup || sim.journalSize() != before.snapshot().size()
                || sim.config() != before.snapshot().config()) {
            undo.push(before);
            while (undo.size() > 1000) {
                undo.removeLast();
            }
        }
    }

    /** Puts the session back exactly as {@code before} (a failed command changes nothing). */
    void rollback(Session.Undo before, boolean force) {
        if (force || before.setup() != setup || sim.journalSize() != before.snapshot().size()
                || sim.config() != before.snapshot().config()) {
            setup = before.setup();
            sim = Simulation.restore(before.snapshot());
            sampler.follow(sim);
        }
        printedUpTo = Math.min(printedUpTo, sim.trace().size());
    }

    /** Goes back to the state before the last session command; returns that command, or null. */
    String undo() {
        Undo u = undo.poll();
        if (u == null) {
            return null;
        }
        setup = u.setup();
        sim = Simulation.restore(u.snapshot());
        sampler.follow(sim);
        printedUpTo = sim.trace().size();
        return u.line();
    }

    /** The endpoint named {@code name} (client / server), or null. */
    Simulation.Endpoint endpoint(String name) {
        return sim.endpoint(name);
    }

    /** Prints trace entries added since the last call. */
    void flushTrace() {
        List<TraceEntry> all = sim.trace().entries();
        for (int i = printedUpTo; i < all.size(); i++) {
            String line = render(all.get(i));
            if (line != null) {
                out.println(line);
            }
        }
        printedUpTo = all.size();
    }

    /** Marks everything in the trace as printed (for commands that print their own view). */
    void skipTrace() {
        printedUpTo = sim.trace().size();
    }

    static String time(long nanos) {
        return String.format("%d.%06d", nanos / 1_000_000_000L, (nanos % 1_000_000_000L) / 1000);
    }

    /** One trace entry as the shell prints it, or null for entries it leaves to {@code trace}. */
    String render(TraceEntry e) {
        return Renderers.entry(e, style, width);
    }

    private int width = 100;

    /** The terminal width teaching lines wrap to. */
    void width(int w) {
        this.width = w;
    }

    /**
     * Builds the segment a person typed, filling what they left out with what the endpoint
     * would use: its suggestion when it has one with the same flags, else its TCB (seq =
     * SND.NXT, ack = RCV.NXT, win = RCV.WND), else (no connection) its ISN and default window.
     */
    Segment build(Simulation.Endpoint from, SegmentSpec spec) {
        Simulation.Endpoint to = from.peer();
        Connection c = from.connection();
        FourTuple tuple = c != null ? c.tuple()
                : new FourTuple(from.address(), from.port(), to.address(), portFor(from, to));
        Segment base = null;
        for (Segment s : from.suggestion()) {
            if (s.flags().bits() == spec.flags()) {
                base = s;
            }
        }
        Tcb tcb = c == null ? null : c.tcb();
        boolean syn = (spec.flags() & TcpFlags.SYN) != 0;
        long seq;
        if (spec.seq() != null) {
            seq = spec.seq();
        } else if (base != null) {
            seq = base.seq();
        } else if (tcb != null && tcb.sndNxt() >= 0 && !(syn && tcb.iss() < 0)) {
            seq = syn ? tcb.iss() : tcb.sndNxt();
        } else {
            seq = sim.config().first().name().equals(from.name())
                    ? sim.config().first().isn().isn(sim.now(), tuple)
                    : sim.config().second().isn().isn(sim.now(), tuple);
        }
        long ack = spec.ack() != null ? spec.ack()
                : base != null && base.flags().ack() ? base.ack()
                : tcb != null && tcb.rcvNxt() >= 0 && (spec.flags() & TcpFlags.ACK) != 0 ? tcb.rcvNxt() : 0;
        int window = spec.window() != null ? spec.window()
                : base != null ? base.window()
                : tcb != null ? (int) Math.min(0xFFFF, tcb.rcvWnd()) : Math.min(0xFFFF, sim.config().tcp().receiveWindow());
        Segment.Builder b = Segment.builder()
                .ip(IpHeader.of(tuple.localAddress(), tuple.remoteAddress()))
                .srcPort(tuple.localPort()).dstPort(tuple.remotePort())
                .seq(seq).ack(ack).flags(spec.flags()).window(window);
        boolean typedOptions = spec.mss() != null || spec.wscale() != null || spec.sackOk() || spec.timestamps() != null;
        if (typedOptions) {
            typedOptions(spec, b);
        } else if (base != null) {
            b.options(base.options());
        } else if (syn) {
            // A SYN carries the sender's MSS (RFC 9293 §3.7.1), as the endpoint's own SYN would:
            // 20 bytes less over IPv6, whose header is 20 bytes longer.
            int mss = sim.config().tcp().mss() - (tuple.localAddress() instanceof java.net.Inet6Address ? 20 : 0);
            b.option(new TcpOption.Mss(mss));
        }
        if (spec.data() != null) {
            b.payload(Payload.copyOf(spec.data()));
        }
        if (spec.urgentPointer() != null) {
            b.urgentPointer(spec.urgentPointer());
        }
        if (spec.dataOffsetWords() != null) {
            b.dataOffsetWords(spec.dataOffsetWords());
        }
        Segment s = b.build();
        if (spec.checksum() != null) {
            int right = SegmentCodec.decode(SegmentCodec.encode(s)).checksum();
            int value = spec.checksum().bad() ? right ^ 0x5a5a : spec.checksum().value();
            s = s.toBuilder().checksum(value).build();
        }
        return s;
    }

    /** The options typed after {@code send} (mss, sackOK, TS, wscale), in that order, added to {@code b}. */
    static void typedOptions(SegmentSpec spec, Segment.Builder b) {
        if (spec.mss() != null) {
            b.option(new TcpOption.Mss(spec.mss()));
        }
        if (spec.sackOk()) {
            b.option(new TcpOption.SackPermitted());
        }
        if (spec.timestamps() != null) {
            b.option(new TcpOption.Timestamps(spec.timestamps()[0], spec.timestamps()[1]));
        }
        if (spec.wscale() != null) {
            b.option(new TcpOption.Nop());
            b.option(new TcpOption.WindowScale(spec.wscale()));
        }
    }

    private static int portFor(Simulation.Endpoint from, Simulation.Endpoint to) {
        Integer l = to.listening();
        return l != null ? l : to.port();
    }

    /** {@code client SYN-SENT · server LISTEN > } */
    String prompt() {
        if (linux != null) {
            return linux.prompt();
        }
        StringBuilder sb = new StringBuilder();
        for (Simulation.Endpoint e : sim.endpoints()) {
            if (!sb.isEmpty()) {
                sb.append(" · ");
            }
            sb.append(e.name()).append(' ').append(Renderers.promptState(e));
        }
        return sb.append(" > ").toString();
    }
}
