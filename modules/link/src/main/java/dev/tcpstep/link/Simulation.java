package dev.tcpstep.link;

import dev.tcpstep.codec.MalformedPacketException;
import dev.tcpstep.codec.Payload;
import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.SegmentCodec;
import dev.tcpstep.link.internal.SplitMix64;
import dev.tcpstep.statemachine.Advice;
import dev.tcpstep.statemachine.CallResult;
import dev.tcpstep.statemachine.Connection;
import dev.tcpstep.statemachine.Event;
import dev.tcpstep.statemachine.FourTuple;
import dev.tcpstep.statemachine.Host;
import dev.tcpstep.statemachine.IsnSource;
import dev.tcpstep.statemachine.Listener;
import dev.tcpstep.statemachine.Profile;
import dev.tcpstep.statemachine.State;
import dev.tcpstep.statemachine.TcpError;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Two TCP hosts, a virtual wire between them that carries real encoded bytes, a virtual
 * clock, and one {@link Trace} of everything that happened.
 *
 * <pre>{@code
 * Simulation sim = Simulation.builder().seed(7)
 *         .link(LinkProfile.DEFAULT.withLoss(0.1))
 *         .build();
 * sim.server().listen();
 * sim.client().connect();
 * sim.runUntilQuiet();
 * sim.client().write("hello");
 * sim.runUntilQuiet();
 * sim.server().read().data();   // "hello"
 * }</pre>
 *
 * <p>Segments an endpoint sends are encoded by the codec (checksums filled), impaired as
 * bytes on the {@link Wire}, and decoded at the far end; a segment whose checksum fails
 * is dropped there and traced, never delivered.
 *
 * <p>An endpoint is <b>auto</b> (it transmits what RFC 9293 says, as a real TCP does) or
 * <b>manual</b> (what it would send is traced as a suggestion; a person sends segments
 * with {@link Endpoint#send(Segment)}). Manual endpoints' timers fire only when time is
 * advanced explicitly with {@link #advance(Duration)}.
 *
 * <p>Deterministic: the same builder settings and the same calls give the same trace,
 * byte for byte. {@link #snapshot()} is a position in the journal of calls, and
 * {@link #restore(Snapshot)} builds a fresh simulation and replays the journal up to it.
 *
 * <p>Memory: by default the trace keeps every entry and the journal every call. For long
 * runs choose a bounded {@link Retention} (the last n entries, a file streamed as the run
 * goes, or counters only) with {@link Builder#retention(Retention)}; the journal is then off
 * unless {@link Builder#undo(boolean)} turns it on. {@link #close()} finishes a streamed file.
 */
public final class Simulation {
    /** Virtual time where every simulation starts. */
    public static final long START = 0;

    /**
     * How one endpoint is set up.
     *
     * @param name    its name in the trace and the shell, e.g. {@code client}
     * @param address its IP address
     * @param port    its default port
     * @param isn     where its initial sequence numbers come from
     */
    public record EndpointSpec(String name, InetAddress address, int port, IsnSource isn) {
        /**
         * Checks that name, address and ISN source are there.
         *
         * @throws NullPointerException if one of them is null
         */
        public EndpointSpec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(isn, "isn");
        }
    }

    /**
     * Everything a simulation is built from (and rebuilt from, on restore).
     *
     * @param seed          the seed of the wire's random numbers
     * @param first         the first endpoint (the client)
     * @param second        the second endpoint (the server)
     * @param firstToSecond the wire from first to second
     * @param secondToFirst the wire from second to first
     * @param tcp           the TCP profile both endpoints run
     */
    public record Config(long seed, EndpointSpec first, EndpointSpec second, LinkProfile firstToSecond,
                         LinkProfile secondToFirst, Profile tcp) {
    }

    /** A position in the journal of calls; restore replays up to it. */
    public static final class Snapshot {
        private final Config config;
        private final Retention retention;
        private final List<Function<Simulation, ?>> journal;
        private final int size;

        /** Shares the journal: it only ever grows, so its first {@code size} calls never change. */
        private Snapshot(Config config, Retention retention, List<Function<Simulation, ?>> journal, int size) {
            this.config = config;
            this.retention = retention;
            this.journal = journal;
            this.size = size;
        }

        /** {@return the configuration the simulation was built from} */
        public Config config() {
            return config;
        }

        /** {@return how many calls the simulation had taken when the snapshot was made} */
        public int size() {
            return size;
        }
    }

    /**
     * A segment in flight on the wire: one copy of transmission {@code number}.
     *
     * @param sent   the segment as sent, for the trusted decode of bytes the wire left alone
     * @param sentAs the bytes as encoded; {@code bytes == sentAs} when the wire did not change this copy
     * @param copies how many copies of the transmission are still in flight (shared by its copies)
     */
    record InFlight(long number, int to, byte[] bytes, List<Wire.Fate> fates, Segment sent, byte[] sentAs,
                    int[] copies) {
    }

    /**
     * What {@link #run} did and why it stopped.
     *
     * @param events how many events were processed
     * @param stop   why it stopped
     */
    public record RunResult(int events, Stop stop) {
    }

    /** Why a run stopped. */
    public enum Stop {
        /** Nothing in flight and no timer armed. */
        QUIET,
        /** Only long idle timers are armed (TIME-WAIT's 2×MSL); {@link #advance} passes them. */
        IDLE_TIMERS,
        /** The event cap was reached. */
        EVENT_CAP,
        /** The simulated-time cap was reached. */
        TIME_CAP
    }

    /**
     * One thing waiting to happen: a segment in flight or an armed timer.
     *
     * @param time when it happens, virtual nanoseconds
     * @param what what happens, as text
     */
    public record Pending(long time, String what) {
    }

    private final Config config;
    private final List<Endpoint> endpoints = new ArrayList<>(2);
    private final Wire[] wires = new Wire[2];
    private final Scheduler<InFlight> inFlight = new Scheduler<>();
    private final Trace trace;
    /** The undo journal: every call, to replay on restore; null when built without undo. */
    private final List<Function<Simulation, ?>> journal;
    private int calls;
    private int depth;
    private long now = START;
    private long transmissions;
    /** Per direction: the ISS of the sequence space in use and the highest end sent (for marking retransmissions). */
    private final Map<FourTuple, long[]> sentUpTo = new HashMap<>();

    private Simulation(Config config, Trace trace, boolean undo) {
        this.config = config;
        this.trace = trace;
        this.journal = undo ? new ArrayList<>() : null;
        SplitMix64 seeds = new SplitMix64(config.seed());
        endpoints.add(new Endpoint(0, config.first()));
        endpoints.add(new Endpoint(1, config.second()));
        wires[0] = new Wire(config.firstToSecond(), seeds.nextLong());
        wires[1] = new Wire(config.secondToFirst(), seeds.nextLong());
    }

    /** {@return a builder with the defaults: client 192.0.2.1:49152, server 192.0.2.2:80, a calm wire, RFC 9293 TCP} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the configuration this simulation was built from} */
    public Config config() {
        return config;
    }

    /** {@return the current virtual time in nanoseconds} */
    public long now() {
        return now;
    }

    /** {@return the trace: everything that happened, in order (as much of it as its {@link Retention} keeps)} */
    public Trace trace() {
        return trace;
    }

    /** {@return true when this simulation keeps the undo journal ({@link #snapshot()} and {@link #restore} work)} */
    public boolean undo() {
        return journal != null;
    }

    /**
     * Ends the trace: a streamed trace writes the transmissions still in flight and its file
     * is renamed into place (until then it is a temporary file beside the target); nothing
     * can happen in the simulation afterwards (a call that would add to the trace throws
     * {@code IllegalStateException}). A no-op for a trace kept in memory, and when called again.
     *
     * @throws IOException if the streamed file cannot be written; the target is then unchanged
     */
    public void close() throws IOException {
        trace.close();
    }

    /** {@return the first endpoint (by default {@code client})} */
    public Endpoint client() {
        return endpoints.get(0);
    }

    /** {@return the second endpoint (by default {@code server})} */
    public Endpoint server() {
        return endpoints.get(1);
    }

    /** {@return both endpoints, first and second} */
    public List<Endpoint> endpoints() {
        return Collections.unmodifiableList(endpoints);
    }

    /**
     * The endpoint with this name, or null.
     *
     * @param name an endpoint's name
     * @return that endpoint, or null
     */
    public Endpoint endpoint(String name) {
        for (Endpoint e : endpoints) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }

    /**
     * The wire that carries segments sent by {@code from}.
     *
     * @param from one of the endpoints
     * @return the wire it sends on
     */
    public Wire wireFrom(Endpoint from) {
        return wires[from.index];
    }

    /**
     * Sets the impairments of the wire leaving {@code from}.
     *
     * @param from    one of the endpoints
     * @param profile the new impairments
     */
    public void link(Endpoint from, LinkProfile profile) {
        int i = from.index;
        journaled(s -> {
            s.wires[i].profile(profile);
            return null;
        });
    }

    /**
     * Aims a one-shot impairment at the {@code n}-th next segment sent by {@code from}.
     *
     * @param from  the sender
     * @param shot  what to do to the segment
     * @param n     which segment: 1 is the next
     * @param delay for {@link Wire.Shot#DELAY}, how long to hold it; null otherwise
     */
    public void aim(Endpoint from, Wire.Shot shot, int n, Duration delay) {
        int i = from.index;
        long d = delay == null ? 0 : delay.toNanos();
        journaled(s -> {
            s.wires[i].aim(shot, n, d);
            return null;
        });
    }

    /**
     * Aims a one-shot impairment at the next segment sent by either endpoint ("drop
     * next"), whichever sends first.
     *
     * @param shot  what to do to the segment
     * @param delay for {@link Wire.Shot#DELAY}, how long to hold it; null otherwise
     */
    public void aimNext(Wire.Shot shot, Duration delay) {
        long d = delay == null ? 0 : delay.toNanos();
        journaled(s -> {
            s.nextShots.add(new Aimed(shot, d));
            return null;
        });
    }

    /**
     * Reseeds both directions of the wire ({@code link seed=N}).
     *
     * @param seed the new seed
     */
    public void reseed(long seed) {
        journaled(s -> {
            SplitMix64 seeds = new SplitMix64(seed);
            for (int i = 0; i < 2; i++) {
                Wire old = s.wires[i];
                s.wires[i] = new Wire(old.profile(), seeds.nextLong());
            }
            return null;
        });
    }

    private record Aimed(Wire.Shot shot, long delayNanos) {
    }

    private final List<Aimed> nextShots = new ArrayList<>();

    // ---------------------------------------------------------------- stepping

    /** {@return true when a segment is in flight or a timer is armed that stepping would fire} */
    public boolean hasPending() {
        return nextTime(false) != Long.MAX_VALUE;
    }

    /**
     * Processes exactly the next event — a segment arriving or an auto endpoint's timer —
     * and returns the trace entries it produced (empty when nothing is pending).
     *
     * @return the trace entries the event produced
     */
    public List<TraceEntry> step() {
        return journaled(s -> s.collecting(() -> s.stepOnce(false)));
    }

    /** Runs {@code r} and returns the trace entries it produced, whatever the trace keeps. */
    private List<TraceEntry> collecting(Runnable r) {
        int mark = trace.openWindow();
        List<TraceEntry> out;
        try {
            r.run();
        } finally {
            out = trace.closeWindow(mark);
        }
        return out;
    }

    private void stepOnce(boolean allTimers) {
        long t = nextTime(allTimers);
        if (t == Long.MAX_VALUE) {
            return;
        }
        Scheduler.Entry<InFlight> head = inFlight.peek();
        if (head != null && head.time() <= t) {
            inFlight.poll();
            now = Math.max(now, head.time());
            deliver(head.event());
        } else {
            now = Math.max(now, t);
            for (Endpoint e : endpoints) {
                if ((allTimers || e.auto) && e.host.nextDeadline() <= now) {
                    e.output(e.host.onTimer(now));
                }
            }
        }
    }

    /**
     * Delivers everything in flight and lets auto endpoints' retransmission, persist and
     * delayed-ACK timers fire until nothing more would happen; stops before long idle
     * timers (TIME-WAIT's 2×MSL), which pass only with {@link #advance}. Gives up after
     * {@code maxEvents} events or {@code maxTime} of simulated time.
     *
     * @param maxEvents the most events to process
     * @param maxTime   the most simulated time to let pass
     * @return how many events ran and why it stopped
     */
    public RunResult run(int maxEvents, Duration maxTime) {
        return journaled(s -> s.runLoop(maxEvents, maxTime.toNanos(), false));
    }

    /**
     * {@link #run(int, Duration)} with caps of 100 000 events and 10 minutes.
     *
     * @return how many events ran and why it stopped
     */
    public RunResult run() {
        return run(100_000, Duration.ofMinutes(10));
    }

    /**
     * Runs every event, long timers included, until nothing at all is pending (both
     * sides closed and TIME-WAIT over), with caps of 10^6 events and one simulated day.
     *
     * @return how many events ran and why it stopped
     */
    public RunResult runUntilQuiet() {
        return journaled(s -> s.runLoop(1_000_000, Duration.ofDays(1).toNanos(), true));
    }

    private RunResult runLoop(int maxEvents, long maxTime, boolean idleToo) {
        long limit = now + maxTime;
        int n = 0;
        while (true) {
            long t = nextTime(false);
            if (t == Long.MAX_VALUE) {
                return new RunResult(n, Stop.QUIET);
            }
            if (!idleToo && onlyIdleTimers(t)) {
                return new RunResult(n, Stop.IDLE_TIMERS);
            }
            if (n >= maxEvents) {
                return new RunResult(n, Stop.EVENT_CAP);
            }
            if (t > limit) {
                return new RunResult(n, Stop.TIME_CAP);
            }
            stepOnce(false);
            n++;
        }
    }

    /**
     * True when nothing is in flight and every armed timer due at {@code t} belongs to a TIME-WAIT
     * connection: each host keeps TIME-WAIT deadlines apart, so this looks at no connection.
     */
    private boolean onlyIdleTimers(long t) {
        Scheduler.Entry<InFlight> head = inFlight.peek();
        if (head != null && head.time() <= t) {
            return false;
        }
        for (Endpoint e : endpoints) {
            if (e.auto && e.host.nextActiveDeadline() <= t) {
                return false;
            }
        }
        return true;
    }

    /**
     * Lets {@code d} of virtual time pass: every event due by then happens — arrivals and
     * all timers of every endpoint, manual ones included — and the clock ends at now + d.
     *
     * @param d how much virtual time passes
     * @return the trace entries produced meanwhile
     */
    public List<TraceEntry> advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("duration " + d + " (expected: >= 0)");
        }
        long nanos = d.toNanos();
        return journaled(s -> s.collecting(() -> {
            long target = s.now + nanos;
            while (s.nextTime(true) <= target) {
                s.stepOnce(true);
            }
            s.now = target;
        }));
    }

    /** The earliest pending event time; timers of manual endpoints count only when {@code allTimers}. */
    private long nextTime(boolean allTimers) {
        long t = Long.MAX_VALUE;
        Scheduler.Entry<InFlight> head = inFlight.peek();
        if (head != null) {
            t = head.time();
        }
        for (Endpoint e : endpoints) {
            if (allTimers || e.auto) {
                t = Math.min(t, e.host.nextDeadline());
            }
        }
        return t;
    }

    /** {@return what is in flight (from whom, arriving when) and which timers are armed, by time} */
    public List<Pending> pending() {
        List<Pending> out = new ArrayList<>();
        for (Scheduler.Entry<InFlight> e : inFlight.pending()) {
            InFlight f = e.event();
            Endpoint to = endpoints.get(f.to());
            Endpoint from = endpoints.get(1 - f.to());
            out.add(new Pending(e.time(), "#" + f.number() + " in flight " + from.name() + " → " + to.name()
                    + (f.fates().contains(Wire.Fate.DELIVERED) ? "" : " " + f.fates())));
        }
        for (Endpoint e : endpoints) {
            for (Connection c : e.host.connections()) {
                long d = c.nextDeadline();
                if (d != Connection.NEVER) {
                    out.add(new Pending(d, "timer of " + e.name() + " (" + c.state().rfcName() + ")"
                            + (e.auto ? "" : ", manual: fires only with advance")));
                }
            }
        }
        out.sort((a, b) -> Long.compare(a.time(), b.time()));
        return out;
    }

    /**
     * This simulation as a {@link Link} driven from {@code near}: the far side is its peer,
     * the TCP under test. {@code near} is switched to manual, so its own TCP only suggests
     * (its TCB follows what is injected, for {@code show}); injected segments go out as built.
     * Waiting runs arrivals and the far side's timers, never the near side's.
     *
     * @param near the endpoint a person or a script drives; switched to manual
     * @return the link, its far side {@code near}'s peer
     * @throws IllegalArgumentException if {@code near} is not an endpoint of this simulation
     */
    public Link link(Endpoint near) {
        if (near.simulation() != this) {
            throw new IllegalArgumentException(near.name() + " is not an endpoint of this simulation");
        }
        near.auto(false);
        return new SimulatedLink(this, near);
    }

    /** Moves the clock to {@code target} (never back) without firing anything. */
    void idleTo(long target) {
        journaled(s -> {
            s.now = Math.max(s.now, target);
            return null;
        });
    }

    /** The time of the next arrival or auto endpoint's timer; {@code Long.MAX_VALUE} when none. */
    long nextAutoTime() {
        return nextTime(false);
    }

    // ---------------------------------------------------------------- the wire

    private void transmit(Endpoint from, Segment seg, boolean crafted) {
        long number = ++transmissions;
        byte[] bytes = SegmentCodec.encode(seg);
        Endpoint to = route(seg);
        FourTuple tuple = FourTuple.ofDeparting(seg);
        long end = (seg.seq() + seg.seqLength()) & 0xFFFF_FFFFL;
        long[] before = sentUpTo.get(tuple);
        if (seg.flags().syn() && before != null && before[0] != seg.seq()) {
            // A SYN with another ISN starts a new sequence space.
            before = null;
        }
        boolean retransmission = seg.seqLength() > 0 && before != null && !after(end, before[1]);
        if (before == null) {
            sentUpTo.put(tuple, new long[] {seg.flags().syn() ? seg.seq() : -1, end});
        } else if (after(end, before[1])) {
            before[1] = end;
        }
        trace.add(new TraceEntry.Sent(now, number, from.name(), to == null ? seg.dst().getHostAddress() : to.name(),
                seg, bytes, crafted, retransmission));
        if (to == null) {
            trace.add(new TraceEntry.Link(now, number, Wire.Fate.LOST,
                    "has no host at " + seg.dst().getHostAddress() + ": nothing receives it"));
            trace.settled(number);
            return;
        }
        if (!nextShots.isEmpty()) {
            Aimed a = nextShots.removeFirst();
            wires[from.index].aim(a.shot(), 1, a.delayNanos());
        }
        Wire.Transmission tx = wires[from.index].transmit(now, bytes);
        if (tx.lost()) {
            trace.add(new TraceEntry.Link(now, number, tx.dropped(), tx.dropReason()));
            trace.settled(number);
            return;
        }
        int[] copies = {tx.arrivals().size()};
        for (Wire.Arrival a : tx.arrivals()) {
            for (Wire.Fate f : a.fates()) {
                String detail = switch (f) {
                    case DUPLICATED -> "duplicated on the link";
                    case CORRUPTED -> "corrupted on the link (one bit flipped)";
                    case REORDERED -> "held back on the link (reordered)";
                    case DELAYED -> "delayed on request";
                    case CE_MARKED -> "marked CE (congestion experienced) on the link instead of dropped";
                    default -> null;
                };
                if (detail != null) {
                    trace.add(new TraceEntry.Link(now, number, f, detail));
                }
            }
            inFlight.schedule(a.time(), new InFlight(number, to.index, a.bytes(), a.fates(), seg, bytes, copies));
        }
    }

    private static boolean after(long a, long b) {
        return (int) (a - b) > 0;
    }

    private Endpoint route(Segment seg) {
        for (Endpoint e : endpoints) {
            if (e.address().equals(seg.dst())) {
                return e;
            }
        }
        return null;
    }

    private void deliver(InFlight f) {
        Endpoint to = endpoints.get(f.to());
        Segment seg = decodeArrival(f, to);
        if (--f.copies()[0] == 0) {
            trace.settled(f.number());
        }
        if (seg == null) {
            return;
        }
        trace.add(new TraceEntry.Delivered(now, f.number(), to.name(), seg, f.fates()));
        if (to.host.connection(FourTuple.ofArriving(seg)) == null) {
            sentUpTo.remove(FourTuple.ofArriving(seg)); // whatever it sends next starts afresh
        }
        to.noteArrival(seg);
        to.output(to.host.onSegment(now, seg));
    }

    /**
     * Decodes an arrival as the receiver's IP and TCP would judge it; returns null, with the
     * drop traced, when it must not be delivered. A copy the wire left alone is the bytes the
     * codec just encoded from {@link InFlight#sent()}: it takes the trusted decode, which skips
     * the re-parse and both checksum verifications (the codec still decodes strictly when the
     * segment forced unusual values, e.g. a typed wrong checksum, which is then dropped here).
     * A copy the wire changed (a flipped bit, a CE mark) is decoded strictly, checksums verified.
     */
    private Segment decodeArrival(InFlight f, Endpoint to) {
        Segment seg;
        try {
            seg = f.bytes() == f.sentAs() ? SegmentCodec.decodeTrusted(f.sent(), f.bytes())
                    : SegmentCodec.decode(f.bytes());
        } catch (MalformedPacketException e) {
            trace.add(new TraceEntry.Dropped(now, f.number(), to.name(), "malformed: " + e.getMessage()));
            return null;
        }
        if (Boolean.FALSE.equals(seg.checksumValid())) {
            // Seed notes: "the data must be corrupt if the output is different".
            trace.add(new TraceEntry.Dropped(now, f.number(), to.name(),
                    "TCP checksum 0x" + String.format("%04x", seg.checksum())
                            + " does not verify: the segment is corrupt and is never delivered"));
            return null;
        }
        if (!to.address().equals(seg.dst())) {
            trace.add(new TraceEntry.Dropped(now, f.number(), to.name(),
                    "destination address changed on the link (now " + seg.dst().getHostAddress() + ")"));
            return null;
        }
        return seg;
    }

    // ---------------------------------------------------------------- journal

    private <T> T journaled(Function<Simulation, T> op) {
        if (depth > 0) {
            return op.apply(this);
        }
        depth++;
        T result;
        try {
            result = op.apply(this);
        } finally {
            depth--;
        }
        if (journal != null) {
            journal.add(op);
        }
        calls++;
        return result;
    }

    /**
     * {@return the current position: restore to it later with {@link #restore(Snapshot)}}
     *
     * @throws IllegalStateException if the simulation keeps no undo journal ({@link Builder#undo(boolean)})
     */
    public Snapshot snapshot() {
        if (journal == null) {
            throw new IllegalStateException("this simulation keeps no undo journal (built with undo(false), or with "
                    + "retention " + trace.retention() + " and no undo(true)), so it has no snapshot to restore; "
                    + "build it with Simulation.builder().undo(true) to snapshot");
        }
        return new Snapshot(config, trace.retention(), journal, journal.size());
    }

    /** {@return how many calls this simulation has taken (what {@link Snapshot#size()} compares with)} */
    public int journalSize() {
        return calls;
    }

    /**
     * A fresh simulation in exactly the state the snapshot was taken in: built from the
     * same configuration, with the same calls replayed (deterministic, so equal).
     *
     * @param snapshot a position taken earlier
     * @return a new simulation at that position
     */
    public static Simulation restore(Snapshot snapshot) {
        Simulation s;
        try {
            s = new Simulation(snapshot.config(), Trace.open(snapshot.retention), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory retentions open no file
        }
        for (int i = 0; i < snapshot.size; i++) {
            s.journaled(snapshot.journal.get(i));
        }
        return s;
    }

    // ---------------------------------------------------------------- endpoints

    /**
     * One host of the simulation and its application: user calls (listen, connect, write,
     * read, close, abort), hand-crafted segments, and the auto/manual switch. Calls act on
     * the endpoint's current connection: the last one it opened, sent a segment on, or
     * accepted.
     */
    public final class Endpoint {
        private final int index;
        private final EndpointSpec spec;
        private final Host host;
        private boolean auto = true;
        private FourTuple focus;
        private Integer listening;
        private List<Segment> suggestion = List.of();

        private Endpoint(int index, EndpointSpec spec) {
            this.index = index;
            this.spec = spec;
            this.host = new Host(spec.name(), spec.address(), config.tcp(), spec.isn(), e -> {
                if (e.transition()) {
                    lastTransitionTo = e.to();
                }
                trace.add(new TraceEntry.Endpoint(e));
            });
        }

        /** {@return this endpoint's name} */
        public String name() {
            return spec.name();
        }

        /** {@return this endpoint's IP address} */
        public InetAddress address() {
            return spec.address();
        }

        /** {@return the port this endpoint uses by default (client 49152, server 80)} */
        public int port() {
            return spec.port();
        }

        /** {@return the statemachine host behind this endpoint (for inspection)} */
        public Host host() {
            return host;
        }

        /** {@return the simulation this endpoint belongs to} */
        public Simulation simulation() {
            return Simulation.this;
        }

        /** {@return the other endpoint} */
        public Endpoint peer() {
            return endpoints.get(1 - index);
        }

        /** {@return true when this endpoint transmits what RFC 9293 says; false when it only suggests it} */
        public boolean auto() {
            return auto;
        }

        /**
         * Auto: transmit what RFC 9293 says. Manual: only suggest it.
         *
         * @param on true for auto, false for manual
         */
        public void auto(boolean on) {
            journaled(s -> {
                s.endpoints.get(index).auto = on;
                return null;
            });
        }

        /** {@return the current connection, or null when it is closed (its TCB deleted) or none was made} */
        public Connection connection() {
            return focus == null ? null : host.connection(focus);
        }

        /**
         * The state people mean when they say "the client is in …": the current connection's
         * state; LISTEN when only listening; CLOSED otherwise.
         *
         * @return that state
         */
        public State state() {
            Connection c = connection();
            if (c != null) {
                return c.state();
            }
            if (listening != null && (focus == null || lastTransitionTo == State.LISTEN)) {
                // Only listening, or the connection went back to LISTEN (RFC 9293 §3.10.7.4: a
                // passive OPEN's connection that is reset in SYN-RECEIVED returns to LISTEN).
                return State.LISTEN;
            }
            return State.CLOSED;
        }

        private State lastTransitionTo;

        /** {@return the port this endpoint listens on, or null} */
        public Integer listening() {
            return listening;
        }

        /** {@return what a manual endpoint's TCP would send now (empty when nothing)} */
        public List<Segment> suggestion() {
            return suggestion;
        }

        /** {@return RFC 9293's advice for the current connection: segments and reasons} */
        public Advice advice() {
            Connection c = connection();
            return c == null ? new Advice(suggestion, List.of()) : c.advice();
        }

        /**
         * Passive OPEN on the default port.
         *
         * @return ok (state LISTEN), or "error: connection already exists" when the port already
         *         listens (nothing changes)
         */
        public CallResult listen() {
            return listen(spec.port());
        }

        /**
         * Passive OPEN on {@code port} (remote socket unspecified).
         *
         * @param port the local port, 0..65535
         * @return ok (state LISTEN), or "error: connection already exists" when the port already
         *         listens (nothing changes)
         * @throws IllegalArgumentException if the port is out of range (a programming error)
         */
        public CallResult listen(int port) {
            return journaled(s -> {
                Endpoint e = s.endpoints.get(index);
                CallResult r = e.host.listen(port);
                if (r.ok()) {
                    e.listening = port;
                }
                s.trace.add(new TraceEntry.Call(s.now, e.name(), "listen " + port, r.toString()));
                return r;
            });
        }

        /**
         * Active OPEN from the default port to the peer's default port.
         *
         * @return what the call did: the SYN sent, or the error
         */
        public CallResult connect() {
            return connect(spec.port(), peer().address(), peer().port());
        }

        /**
         * Active OPEN from {@code localPort} to {@code remote:remotePort}.
         *
         * @param localPort  the local port
         * @param remote     the remote address
         * @param remotePort the remote port
         * @return what the call did: the SYN sent, or "error: connection already exists" when
         *         that 4-tuple is in use (nothing changes)
         * @throws IllegalArgumentException if a port is not 0..65535 (a programming error)
         * @throws NullPointerException     if {@code remote} is null (a programming error)
         */
        public CallResult connect(int localPort, InetAddress remote, int remotePort) {
            return journaled(s -> {
                Endpoint e = s.endpoints.get(index);
                s.sentUpTo.remove(new FourTuple(e.address(), localPort, remote, remotePort));
                CallResult r = e.host.open(s.now, localPort, remote, remotePort);
                if (r.ok()) {
                    e.focus = r.connection().tuple();
                }
                s.trace.add(new TraceEntry.Call(s.now, e.name(), "connect " + remote.getHostAddress() + "." + remotePort,
                        r.toString()));
                e.callOutput(r.sent());
                return r;
            });
        }

        /**
         * SEND on the current connection.
         *
         * @param data the bytes to send
         * @return what the call did: the segments sent, or the error ("connection does not exist"
         *         when there is no connection, "connection closing", "insufficient resources")
         * @throws NullPointerException if {@code data} is null (a programming error)
         */
        public CallResult write(Payload data) {
            Objects.requireNonNull(data, "data");
            return call("write " + data.length() + " bytes", (c, now) -> c.send(now, data),
                    // RFC 9293 §3.10.2 (LISTEN STATE): "If the remote socket was not specified, then return "error:
                    // remote socket unspecified"."
                    e -> CallResult.failed(null, TcpError.REMOTE_SOCKET_UNSPECIFIED, State.LISTEN));
        }

        /**
         * SEND of a string's UTF-8 bytes.
         *
         * @param text the text to send
         * @return what the call did: the segments sent, or the error (as {@link #write(Payload)})
         * @throws NullPointerException if {@code text} is null (a programming error)
         */
        public CallResult write(String text) {
            return write(Payload.ofUtf8(text));
        }

        /**
         * RECEIVE everything on hand.
         *
         * @return ok with the bytes received so far and not yet read in {@link CallResult#data()}
         *         (empty when none), or the RFC error, e.g. "error: connection does not exist" after
         *         a reset or when no connection was made
         */
        public CallResult read() {
            return call("read", (c, now) -> c.receive(now, Integer.MAX_VALUE), Endpoint::receiveListening);
        }

        /**
         * RECEIVE at most {@code max} bytes.
         *
         * @param max the most bytes to read, at least 0
         * @return ok with the bytes received and not yet read, at most {@code max}, in
         *         {@link CallResult#data()} (empty when none), or the RFC error, e.g. "error:
         *         connection does not exist" after a reset or when no connection was made
         * @throws IllegalArgumentException if {@code max} is negative (a programming error)
         */
        public CallResult read(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("max " + max + " bytes (expected: >= 0)");
            }
            return call("read " + max, (c, now) -> c.receive(now, max), Endpoint::receiveListening);
        }

        /**
         * CLOSE the current connection.
         *
         * @return what the call did: the FIN sent, or the error ("connection does not exist" when
         *         there is no connection, "connection closing")
         */
        public CallResult close() {
            // RFC 9293 §3.10.4 (LISTEN STATE): "Any outstanding RECEIVEs are returned with "error: closing"
            // responses. Delete TCB, enter CLOSED state, and return."
            return call("close", Connection::close, Endpoint::stopListening);
        }

        /**
         * ABORT the current connection.
         *
         * @return what the call did: the RST sent, or "error: connection does not exist" when there
         *         is no connection
         */
        public CallResult abort() {
            // RFC 9293 §3.10.5 (LISTEN STATE): "Any outstanding RECEIVEs should be returned with "error: connection
            // reset" responses. Delete TCB, enter CLOSED state, and return."
            return call("abort", Connection::abort, Endpoint::stopListening);
        }

        /**
         * RECEIVE while only listening: nothing to hand out yet, the caller asks again.
         * RFC 9293 §3.10.3 (LISTEN STATE): "Queue for processing after entering ESTABLISHED state."
         */
        private CallResult receiveListening() {
            return new CallResult(null, null, List.of(), null, State.LISTEN);
        }

        /** CLOSE or ABORT while only listening: the passive OPEN's TCB is deleted (§3.10.4, §3.10.5). */
        private CallResult stopListening() {
            Listener l = host.listener(listening);
            if (l != null) {
                l.close();
            }
            listening = null;
            return new CallResult(null, null, List.of(), null, State.CLOSED);
        }

        /**
         * A user call on the current connection: journaled, traced, and what it sends goes out.
         * {@code listening} answers it when there is no connection but a passive OPEN waits.
         */
        private CallResult call(String what, java.util.function.BiFunction<Connection, Long, CallResult> call,
                                Function<Endpoint, CallResult> listening) {
            return journaled(s -> {
                Endpoint e = s.endpoints.get(index);
                Connection c = e.connection();
                CallResult r;
                if (c != null) {
                    r = call.apply(c, s.now);
                } else if (e.state() == State.LISTEN) {
                    r = listening.apply(e);
                } else {
                    // RFC 9293 §3.10.2–§3.10.5 (CLOSED STATE, i.e., TCB does not exist): "Otherwise, return "error:
                    // connection does not exist"." (none was made, or it was reset or closed and its TCB deleted)
                    r = CallResult.failed(null, TcpError.CONNECTION_DOES_NOT_EXIST, State.CLOSED);
                }
                s.trace.add(new TraceEntry.Call(s.now, e.name(), what, r.toString()));
                e.callOutput(r.sent());
                return r;
            });
        }

        /**
         * Sends a hand-crafted segment: the endpoint's TCP records it as its own sending
         * (RFC state changes included) and it goes onto the wire, whatever the mode.
         * Returns the events the endpoint emitted for it (including how it differs from
         * what RFC 9293 would have sent).
         *
         * @param segment the segment, as typed
         * @return the events the endpoint emitted for it
         */
        public List<Event> send(Segment segment) {
            return journaled(s -> {
                Endpoint e = s.endpoints.get(index);
                if (e.host.connection(FourTuple.ofDeparting(segment)) == null) {
                    s.sentUpTo.remove(FourTuple.ofDeparting(segment));
                }
                List<Event> notes = e.host.sendCrafted(s.now, segment, e.suggestion);
                e.focus = FourTuple.ofDeparting(segment);
                e.suggestion = List.of();
                s.transmit(e, segment, true);
                return notes;
            });
        }

        /**
         * Sends what a manual endpoint's TCP suggested (accepting the suggestion).
         *
         * @return the segments sent (empty when there was no suggestion)
         */
        public List<Segment> sendSuggested() {
            return journaled(s -> {
                Endpoint e = s.endpoints.get(index);
                List<Segment> out = e.suggestion;
                e.suggestion = List.of();
                for (Segment seg : out) {
                    s.transmit(e, seg, false);
                }
                return out;
            });
        }

        /**
         * What a user call produced (a SYN for OPEN, data for SEND, a FIN for CLOSE, a RST for
         * ABORT): the application asked for it, so it is sent in either mode.
         */
        private void callOutput(List<Segment> segs) {
            suggestion = List.of();
            for (Segment seg : segs) {
                transmit(this, seg, false);
            }
        }

        /** What the TCP produced on its own (replies, timers): sent when auto, suggested when manual. */
        private void output(List<Segment> segs) {
            if (segs.isEmpty()) {
                return;
            }
            if (auto) {
                for (Segment seg : segs) {
                    transmit(this, seg, false);
                }
            } else {
                suggestion = List.copyOf(segs);
                Connection c = connection();
                trace.add(new TraceEntry.Suggested(now, name(), segs,
                        c == null ? List.of() : c.advice().reasons()));
            }
        }

        private void noteArrival(Segment seg) {
            FourTuple t = FourTuple.ofArriving(seg);
            if (focus == null || host.connection(focus) == null) {
                focus = t;
            }
        }

        @Override
        public String toString() {
            return name() + " " + state().rfcName();
        }
    }

    // ---------------------------------------------------------------- builder

    /** Builds a {@link Simulation}. Defaults: seed 1, client 192.0.2.1:49152, server 192.0.2.2:80, {@link LinkProfile#DEFAULT}. */
    public static final class Builder {
        private long seed = 1;
        private String firstName = "client";
        private String secondName = "server";
        private InetAddress firstAddress = address("192.0.2.1");
        private InetAddress secondAddress = address("192.0.2.2");
        private int firstPort = 49152;
        private int secondPort = 80;
        private IsnSource firstIsn;
        private IsnSource secondIsn;
        private LinkProfile forward = LinkProfile.DEFAULT;
        private LinkProfile backward = LinkProfile.DEFAULT;
        private Profile tcp = Profile.rfc9293();
        private Retention retention = Retention.full();
        private Boolean undo;

        private Builder() {
        }

        /**
         * What the trace keeps (default {@link Retention#full()}, which diagrams, exports after
         * the fact and undo need): the last n entries, a file streamed as the run goes, or only
         * the counters. See {@link Retention}.
         *
         * @param r the retention
         * @return this builder
         * @throws NullPointerException if {@code r} is null
         */
        public Builder retention(Retention r) { retention = Objects.requireNonNull(r, "retention"); return this; }

        /**
         * Keeps the undo journal (every call, replayed by {@link Simulation#restore}) or not.
         * Default: on with full retention, off otherwise. Without it {@link Simulation#snapshot()}
         * throws, and a long run holds no record of its calls.
         *
         * @param on true to keep the journal
         * @return this builder
         */
        public Builder undo(boolean on) { undo = on; return this; }

        /**
         * Sets the seed of the wire's random numbers (and of the default ISNs).
         *
         * @param v the seed
         * @return this builder
         */
        public Builder seed(long v) { seed = v; return this; }

        /**
         * Both directions of the wire.
         *
         * @param p the impairments
         * @return this builder
         */
        public Builder link(LinkProfile p) { forward = p; backward = p; return this; }

        /**
         * The wire from client to server.
         *
         * @param p the impairments
         * @return this builder
         */
        public Builder clientToServer(LinkProfile p) { forward = p; return this; }

        /**
         * The wire from server to client.
         *
         * @param p the impairments
         * @return this builder
         */
        public Builder serverToClient(LinkProfile p) { backward = p; return this; }

        /**
         * The TCP profile both endpoints run (default: {@link Profile#rfc9293()}).
         *
         * @param p the profile
         * @return this builder
         * @throws NullPointerException if {@code p} is null
         */
        public Builder tcp(Profile p) { tcp = Objects.requireNonNull(p); return this; }

        /**
         * Names and places the first endpoint.
         *
         * @param name    its name
         * @param address its address
         * @param port    its default port
         * @return this builder
         */
        public Builder client(String name, InetAddress address, int port) {
            firstName = name;
            firstAddress = address;
            firstPort = port;
            return this;
        }

        /**
         * Names and places the second endpoint.
         *
         * @param name    its name
         * @param address its address
         * @param port    its default port
         * @return this builder
         */
        public Builder server(String name, InetAddress address, int port) {
            secondName = name;
            secondAddress = address;
            secondPort = port;
            return this;
        }

        /**
         * IPv6 documentation addresses: client 2001:db8::1, server 2001:db8::2.
         *
         * @return this builder
         */
        public Builder ipv6() {
            firstAddress = address("2001:db8::1");
            secondAddress = address("2001:db8::2");
            return this;
        }

        /**
         * Fixed ISNs for teaching (the seed notes use client 0, server 5000).
         *
         * @param client the first endpoint's ISN
         * @param server the second endpoint's ISN
         * @return this builder
         */
        public Builder fixedIsns(long client, long server) {
            firstIsn = IsnSource.fixed(client);
            secondIsn = IsnSource.fixed(server);
            return this;
        }

        /**
         * Where each endpoint's initial sequence numbers come from (default: RFC 6528 keyed by the seed).
         *
         * @param client the first endpoint's source
         * @param server the second endpoint's source
         * @return this builder
         */
        public Builder isns(IsnSource client, IsnSource server) {
            firstIsn = client;
            secondIsn = server;
            return this;
        }

        /**
         * Builds the simulation at virtual time 0, nothing sent yet.
         *
         * @return the simulation
         * @throws IllegalArgumentException if the endpoints share a name or an address, or their address families
         *         differ, or undo is asked for with a streamed retention
         * @throws UncheckedIOException if a streamed retention's file cannot be created (nothing is then written)
         */
        public Simulation build() {
            if (firstName.equals(secondName)) {
                throw new IllegalArgumentException("both endpoints are named `" + firstName + "` (expected: two names)");
            }
            if (firstAddress.equals(secondAddress)) {
                throw new IllegalArgumentException("both endpoints have address " + firstAddress.getHostAddress()
                        + " (expected: two addresses)");
            }
            if (firstAddress.getClass() != secondAddress.getClass()) {
                throw new IllegalArgumentException("address families differ: " + firstAddress.getHostAddress()
                        + " and " + secondAddress.getHostAddress());
            }
            // RFC 6528-shaped ISNs keyed by the seed unless fixed ones were asked for.
            IsnSource a = firstIsn != null ? firstIsn : IsnSource.rfc6528(seed);
            IsnSource b = secondIsn != null ? secondIsn : IsnSource.rfc6528(seed + 1);
            Config c = new Config(seed, new EndpointSpec(firstName, firstAddress, firstPort, a),
                    new EndpointSpec(secondName, secondAddress, secondPort, b), forward, backward, tcp);
            boolean journal = undo != null ? undo : retention.mode() == Retention.Mode.FULL;
            if (journal && retention.file() != null) {
                throw new IllegalArgumentException("undo(true) with retention " + retention + " (expected: a retention "
                        + "kept in memory; a restore replays the run into a new simulation, which cannot share the file)");
            }
            try {
                return new Simulation(c, Trace.open(retention), journal);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stream the trace to " + retention.file() + ": " + e.getMessage(), e);
            }
        }

        private static InetAddress address(String literal) {
            try {
                return InetAddress.getByName(literal);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address literal: " + literal, e);
            }
        }
    }
}
