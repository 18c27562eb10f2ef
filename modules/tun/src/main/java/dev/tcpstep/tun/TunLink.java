package dev.tcpstep.tun;

import dev.tcpstep.codec.MalformedPacketException;
import dev.tcpstep.codec.Payload;
import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.SegmentCodec;
import dev.tcpstep.link.Link;
import dev.tcpstep.link.Trace;
import dev.tcpstep.statemachine.CallResult;
import dev.tcpstep.statemachine.Connection;
import dev.tcpstep.statemachine.Event;
import dev.tcpstep.statemachine.EventListener;
import dev.tcpstep.statemachine.Host;
import dev.tcpstep.statemachine.IsnSource;
import dev.tcpstep.statemachine.Listener;
import dev.tcpstep.statemachine.Profile;
import dev.tcpstep.statemachine.State;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * A tcpstep {@link Host} whose far side is the real Linux TCP stack: a {@link TunDevice}
 * in a fresh {@link NetNamespace}, driven with monotonic time ({@link System#nanoTime()}).
 *
 * <pre>
 *   tcpstep Host 192.0.2.2 / 2001:db8::2  ==TUN tcpstep0==  Linux 192.0.2.1/24, 2001:db8::1/64
 *   (this process)                                            (namespace tcpstep-xxxxxxxx)
 * </pre>
 *
 * <p>The kernel routes 192.0.2.0/24 and 2001:db8::/64 out of the TUN device, so what it
 * sends to our address arrives here; what we write it receives as if from the wire. Only
 * TCP to our address is handed to the Host; everything else (IPv6 router solicitations,
 * MLD reports) is left out of the trace and only counted ({@link #ignored()}).
 *
 * <h2>Threading and time</h2>
 * Single-threaded and sans-background: nothing happens unless the caller pumps
 * ({@link #pump}, {@link #pumpUntil}, {@link #awaitSegment}, or a blocking
 * {@link LinuxSocket} call, which pumps while it waits). Between pumps the kernel's
 * packets queue in the device (500 packets) and our timers wait: a person stepping in a
 * REPL is never overtaken by our own retransmissions. Every wait is bounded.
 *
 * <h2>Automatic and manual</h2>
 * With {@link #auto(boolean) auto} on (the default) every segment the Host returns is
 * written to the kernel and timers run. With it off, arriving segments still update the
 * Host (so its TCB and advice are right) but its replies are only traced as
 * {@link dev.tcpstep.link.TraceEntry.Suggested} and timers do not run; the person sends with
 * {@link #sendCrafted}. User calls made through this link ({@link #connect},
 * {@link #send}, {@link #close(Connection)}, {@link #call}) always send what they return:
 * they are the person's explicit action.
 *
 * <h2>Clean-up</h2>
 * {@link #close()} stops the kernel-side programs, closes the device and deletes the
 * namespace; a shutdown hook deletes the namespace if the JVM exits first. Use
 * try-with-resources.
 */
public final class TunLink implements AutoCloseable, Link {
    /** Interface name inside the namespace. */
    public static final String DEVICE_NAME = "tcpstep0";
    /** The kernel's IPv4 address (RFC 5737 TEST-NET-1). */
    public static final InetAddress KERNEL_V4 = address("192.0.2.1");
    /** Our endpoint's IPv4 address. */
    public static final InetAddress OURS_V4 = address("192.0.2.2");
    /** The kernel's IPv6 address (RFC 3849 documentation prefix). */
    public static final InetAddress KERNEL_V6 = address("2001:db8::1");
    /** Our endpoint's IPv6 address. */
    public static final InetAddress OURS_V6 = address("2001:db8::2");
    /** The TUN device's MTU (the kernel's default for a new TUN device). */
    public static final int MTU = 1500;
    /** Longest a single poll(2) sleeps, so conditions set by other threads (socket replies) are seen quickly. */
    private static final int MAX_POLL_MILLIS = 10;

    private final NetNamespace ns;
    private final TunDevice tun;
    private final Host host;
    private final InetAddress ours;
    private final InetAddress kernel;
    private final EventListener userListener;
    private final long startNanos;
    private final long startEpochNanos;
    /** Every TCP packet both ways and our endpoint's events, as the simulation records them: the one trace type. */
    private final Trace linkTrace = new Trace();
    /** What the kernel sent that is not TCP for our address (router solicitations, MLD), one line each. */
    private final List<String> ignored = new ArrayList<>();
    /** The kernel's name in the trace ({@code linux}, or the REPL's endpoint name for it). */
    private final String kernelName;
    private final boolean bare;
    private long transmissions;
    private final List<Event> events = new ArrayList<>();
    private final List<Segment> inbox = new ArrayList<>();
    private final List<Long> inboxTimes = new ArrayList<>();
    private final List<LinuxSocket> sockets = new ArrayList<>();
    private final List<Predicate<Segment>> dropFilters = new ArrayList<>();
    private int inboxCursor;
    private boolean auto = true;
    private int nextEphemeral = 49152;
    private boolean closed;

    private TunLink(NetNamespace ns, TunDevice tun, Builder b) {
        this.ns = ns;
        this.tun = tun;
        this.ours = b.ipv6 ? OURS_V6 : OURS_V4;
        this.kernel = b.ipv6 ? KERNEL_V6 : KERNEL_V4;
        this.userListener = b.listener;
        this.bare = b.bare;
        this.kernelName = b.kernelName;
        this.host = new Host(b.name, ours, b.profile, b.isn, this::onEvent);
        this.startNanos = System.nanoTime();
        this.startEpochNanos = System.currentTimeMillis() * 1_000_000L;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An IPv4 link with {@link Profile#rfc9293()}: {@code builder().start()}. */
    public static TunLink start() {
        return builder().start();
    }

    /** Options for {@link TunLink}; {@link #start()} sets everything up. */
    public static final class Builder {
        private boolean ipv6;
        private Profile profile = Profile.rfc9293();
        private IsnSource isn = IsnSource.rfc6528(System.nanoTime());
        private String name = "tcpstep";
        private EventListener listener;
        private boolean bare;
        private String kernelName = "linux";

        private Builder() {
        }

        /** Our endpoint uses 2001:db8::2 and talks to 2001:db8::1 (default: IPv4, 192.0.2.2 to 192.0.2.1). */
        public Builder ipv6(boolean v) { this.ipv6 = v; return this; }

        /** Our endpoint's knobs (default {@link Profile#rfc9293()}). */
        public Builder profile(Profile v) { this.profile = Objects.requireNonNull(v); return this; }

        /** Our ISNs (default RFC 6528 keyed by the start time; {@code IsnSource.fixed(0)} for teaching). */
        public Builder isn(IsnSource v) { this.isn = Objects.requireNonNull(v); return this; }

        /** The endpoint name events carry (default {@code tcpstep}). */
        public Builder name(String v) { this.name = Objects.requireNonNull(v); return this; }

        /**
         * No endpoint of ours answers (default false): what the kernel sends is traced and
         * queued for {@link TunLink#awaitFar} / {@link TunLink#awaitSegment}, never handed to
         * the Host. For a caller that plays the near side itself (a packetdrill script).
         */
        public Builder bare(boolean v) { this.bare = v; return this; }

        /** The kernel's name in the trace (default {@code linux}): the {@code from}/{@code to} of its segments. */
        public Builder kernelName(String v) { this.kernelName = Objects.requireNonNull(v); return this; }

        /** Also receives every event of our endpoint (they are kept in {@link TunLink#events()} anyway). */
        public Builder listener(EventListener v) { this.listener = v; return this; }

        /**
         * Creates the namespace, the TUN device inside it and the addresses; brings the
         * device up.
         *
         * @throws TunUnavailableException not Linux, not root, no /dev/net/tun or no ip command
         * @throws TunException a setup step failed (everything created so far is removed)
         */
        public TunLink start() {
            Availability.check().requireLink();
            NetNamespace ns = NetNamespace.create();
            TunDevice tun = null;
            try {
                tun = TunDevice.open(ns, DEVICE_NAME);
                String dev = tun.name();
                ns.ip("link", "set", "lo", "up");
                ns.ip("addr", "add", "192.0.2.1/24", "dev", dev);
                // nodad: the address is usable at once (no duplicate address detection on a point-to-point TUN).
                ns.ip("-6", "addr", "add", "2001:db8::1/64", "dev", dev, "nodad");
                ns.ip("link", "set", dev, "up");
                return new TunLink(ns, tun, this);
            } catch (RuntimeException e) {
                if (tun != null) {
                    tun.close();
                }
                ns.close();
                throw e;
            }
        }
    }

    // ------------------------------------------------------------------ accessors

    /** Our endpoint. Call it through {@link #call} so that what it returns is sent. */
    public Host host() {
        return host;
    }

    public NetNamespace namespace() {
        return ns;
    }

    public TunDevice device() {
        return tun;
    }

    /** Our address: 192.0.2.2 or 2001:db8::2. */
    public InetAddress ourAddress() {
        return ours;
    }

    /** The kernel's address: 192.0.2.1 or 2001:db8::1. */
    public InetAddress kernelAddress() {
        return kernel;
    }

    /** {@code "4"} or {@code "6"}. */
    public String family() {
        return kernel.getAddress().length == 16 ? "6" : "4";
    }

    /** The wall-clock time (nanoseconds since the epoch) at which {@link #now()} was 0. */
    public long startEpochNanos() {
        return startEpochNanos;
    }

    /**
     * Monotonic time in nanoseconds since the link started: the {@code now} given to the Host,
     * and the time of every trace entry and arrival (one clock, as in the simulation).
     */
    public long now() {
        return System.nanoTime() - startNanos;
    }

    /** The kernel's name in the trace. */
    public String kernelName() {
        return kernelName;
    }

    /**
     * The one trace type ({@link dev.tcpstep.link.TraceEntry}): every TCP packet both ways
     * ({@code Sent} for each, {@code Delivered} for each that reached the other side, {@code Dropped} for one
     * with a bad checksum, {@code Link} LOST for one of ours dropped on purpose),
     * {@code Suggested} for a reply held in manual mode, and our endpoint's events; times are
     * {@link #now()}'s.
     */
    @Override
    public Trace trace() {
        return linkTrace;
    }

    // ------------------------------------------------------------------ Link

    @Override
    public InetAddress nearAddress() {
        return ours;
    }

    @Override
    public InetAddress farAddress() {
        return kernel;
    }

    @Override
    public Arrival awaitFar(long deadline) {
        long wait = deadline - now();
        pumpUntil(() -> inboxCursor < inbox.size(), Duration.ofNanos(Math.max(0, wait)));
        if (inboxCursor >= inbox.size()) {
            // A deadline already past still reads what is queued: a late packet is late, not missing.
            for (byte[] more = tun.read(0); more != null; more = tun.read(0)) {
                incoming(more);
            }
        }
        if (inboxCursor >= inbox.size()) {
            return null;
        }
        int i = inboxCursor++;
        return new Arrival(inboxTimes.get(i), inbox.get(i));
    }

    /** The segments the kernel sent to us so far, in order. */
    public List<Segment> fromKernel() {
        return sentBy(kernelName, false);
    }

    /** The segments we put on the wire to the kernel so far (ours and injected), dropped ones left out. */
    public List<Segment> fromUs() {
        return sentBy(host.name(), false);
    }

    /** Our segments dropped on purpose ({@link #dropNextOutgoing}). */
    public List<Segment> dropped() {
        return sentBy(host.name(), true);
    }

    private List<Segment> sentBy(String who, boolean lost) {
        java.util.Set<Long> dropped = new java.util.HashSet<>();
        for (dev.tcpstep.link.TraceEntry.Link l : linkTrace.of(dev.tcpstep.link.TraceEntry.Link.class)) {
            dropped.add(l.number());
        }
        List<Segment> out = new ArrayList<>();
        for (dev.tcpstep.link.TraceEntry.Sent s : linkTrace.of(dev.tcpstep.link.TraceEntry.Sent.class)) {
            if (s.from().equals(who) && dropped.contains(s.number()) == lost) {
                out.add(s.segment());
            }
        }
        return out;
    }

    /** The TCP packets so far as lines: seconds since the start, sender, the tcpdump line. */
    public List<String> tcpdump() {
        List<String> out = new ArrayList<>();
        for (dev.tcpstep.link.TraceEntry.Sent s : linkTrace.of(dev.tcpstep.link.TraceEntry.Sent.class)) {
            out.add(String.format(java.util.Locale.ROOT, "%.6f %-7s %s", s.time() / 1e9, s.from(),
                    dev.tcpstep.codec.TcpdumpFormat.line(s.segment())));
        }
        return out;
    }

    /** What the kernel sent that was not TCP for our address (not in the trace), one line each. */
    public List<String> ignored() {
        return List.copyOf(ignored);
    }

    /** Every event of our endpoint so far. */
    public List<Event> events() {
        return List.copyOf(events);
    }

    public boolean auto() {
        return auto;
    }

    /** Automatic (replies and timers sent) or manual (replies held, timers stopped); see the class comment. */
    public void auto(boolean on) {
        this.auto = on;
    }

    // ------------------------------------------------------------------ our endpoint's calls

    /**
     * Runs a user call with {@code now} and sends the segments it returns, e.g.
     * {@code link.call(now -> conn.send(now, payload))}.
     */
    public CallResult call(LongFunction<CallResult> call) {
        CallResult r = call.apply(now());
        transmit(r.sent());
        return r;
    }

    /** Active OPEN from the next ephemeral port (49152 up) to the kernel's {@code remotePort}; sends the SYN. */
    public Connection connect(int remotePort) {
        return connect(nextEphemeral++, remotePort);
    }

    /** Active OPEN from {@code localPort}; sends the SYN. Returns at once: pump to see the handshake. */
    public Connection connect(int localPort, int remotePort) {
        CallResult r = call(now -> host.open(now, localPort, kernel, remotePort));
        return r.orThrow();
    }

    /**
     * Passive OPEN on {@code port}.
     *
     * @throws IllegalStateException "error: connection already exists" when the port already listens
     *         (this harness treats it as the caller's mistake; {@code host().listen} returns it as a value)
     */
    public Listener listen(int port) {
        CallResult r = host.listen(port);
        if (!r.ok()) {
            throw new IllegalStateException(r.error().rfcText() + ": port " + port + " already listens");
        }
        linkTrace.add(new dev.tcpstep.link.TraceEntry.Call(now(), host.name(), "listen " + port, "ok"));
        return r.listener();
    }

    /** SEND with PUSH; sends what the endpoint segmentizes now. */
    public CallResult send(Connection c, byte[] data) {
        return call(now -> c.send(now, Payload.copyOf(data)));
    }

    public CallResult send(Connection c, String utf8) {
        return send(c, utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** RECEIVE of everything readable now (possibly nothing); a window update it causes is sent. */
    public byte[] receive(Connection c) {
        if (c.readable() == 0) {
            return new byte[0];
        }
        return call(now -> c.receive(now, (int) Math.min(Integer.MAX_VALUE, c.readable()))).data().toArray();
    }

    /** CLOSE: sends our FIN when the state says so. */
    public CallResult close(Connection c) {
        return call(c::close);
    }

    /** ABORT: sends RST. */
    public CallResult abort(Connection c) {
        return call(c::abort);
    }

    /**
     * Sends a hand-typed segment as our endpoint's own (recorded through
     * {@link Host#sendCrafted}, so the TCB follows) and returns the events explaining it.
     * The drop filters apply.
     */
    public List<Event> sendCrafted(Segment s) {
        List<Event> ev = host.sendCrafted(now(), s);
        transmit(List.of(s));
        return ev;
    }

    /**
     * A segment builder from our address and to the kernel's, for typing segments by hand:
     * {@code link.segment().srcPort(40000).dstPort(80).seq(0).flags(TcpFlags.SYN).window(65535).build()}.
     */
    public Segment.Builder segment() {
        return Segment.builder().addresses(ours, kernel);
    }

    /** Writes a segment to the kernel without telling our endpoint (a spoofed or raw packet). Not filtered. */
    public void inject(Segment s) {
        write(s, "injected");
    }

    /**
     * Drops the next segment our endpoint sends that matches (once), to show recovery by
     * retransmission. Filters are tried in the order added.
     */
    public void dropNextOutgoing(Predicate<Segment> match) {
        dropFilters.add(Objects.requireNonNull(match));
    }

    // ------------------------------------------------------------------ kernel-side programs

    /**
     * Starts a kernel-side socket program ({@code python3}) inside the namespace. It is
     * stopped by {@link #close()}.
     *
     * @throws TunUnavailableException when python3 is missing
     */
    public LinuxSocket linuxSocket() {
        return linuxSockets(1).getFirst();
    }

    /**
     * Starts {@code n} kernel-side programs at once and returns when each has answered (python3
     * can take seconds to start on a loaded machine; starting them together pays that once).
     */
    public List<LinuxSocket> linuxSockets(int n) {
        ensureOpen();
        List<LinuxSocket> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            LinuxSocket s = LinuxSocket.start(this);
            sockets.add(s);
            out.add(s);
        }
        for (LinuxSocket s : out) {
            s.await(s.request("ping"), LinuxSocket.DEFAULT_TIMEOUT);
        }
        return out;
    }

    // ------------------------------------------------------------------ pumping

    /**
     * Processes packets and timers until {@code done} is true or {@code timeout} passes.
     *
     * @return whether {@code done} became true
     */
    public boolean pumpUntil(BooleanSupplier done, Duration timeout) {
        ensureOpen();
        long end = now() + timeout.toNanos();
        while (true) {
            if (done.getAsBoolean()) {
                return true;
            }
            long t = now();
            if (t - end >= 0) {
                return done.getAsBoolean();
            }
            runTimers(t);
            long wake = end;
            if (auto) {
                long d = host.nextDeadline();
                if (d != Connection.NEVER && d - wake < 0) {
                    wake = d;
                }
            }
            long waitNs = Math.max(0, wake - now());
            int ms = (int) Math.min(MAX_POLL_MILLIS, (waitNs + 999_999) / 1_000_000);
            byte[] pkt = tun.read(ms);
            if (pkt != null) {
                incoming(pkt);
                // drain what else is queued without sleeping
                for (byte[] more = tun.read(0); more != null; more = tun.read(0)) {
                    incoming(more);
                }
            }
        }
    }

    /** Processes packets and timers for {@code duration}. */
    public void pump(Duration duration) {
        pumpUntil(() -> false, duration);
    }

    /** Pumps until {@code c} is in {@code state}; returns whether it got there in time. */
    public boolean awaitState(Connection c, State state, Duration timeout) {
        return pumpUntil(() -> c.state() == state, timeout);
    }

    /** Pumps until {@code c} has at least {@code n} readable bytes. */
    public boolean awaitReadable(Connection c, long n, Duration timeout) {
        return pumpUntil(() -> c.readable() >= n, timeout);
    }

    /** Pumps until the listener has an established connection, and accepts it; null on timeout. */
    public Connection awaitAccept(Listener l, Duration timeout) {
        Connection[] got = new Connection[1];
        pumpUntil(() -> (got[0] = l.accept()) != null, timeout);
        return got[0];
    }

    /**
     * The next segment the kernel sent that this method has not returned yet, pumping up to
     * {@code timeout} for one; null when none came. For stepping by hand: send, then await
     * the kernel's answer.
     */
    public Segment awaitSegment(Duration timeout) {
        pumpUntil(() -> inboxCursor < inbox.size(), timeout);
        return inboxCursor < inbox.size() ? inbox.get(inboxCursor++) : null;
    }

    // ------------------------------------------------------------------ capture

    /** Writes every TCP packet of the trace to a pcapng file, with comments saying what each did. */
    public void writePcapng(Path file) throws IOException {
        dev.tcpstep.link.Exports.pcapng(linkTrace, file);
    }

    // ------------------------------------------------------------------ internals

    private void onEvent(Event e) {
        events.add(e);
        linkTrace.add(new dev.tcpstep.link.TraceEntry.Endpoint(e));
        if (userListener != null) {
            userListener.onEvent(e);
        }
    }

    private void runTimers(long t) {
        if (auto && host.nextDeadline() - t <= 0) {
            transmit(host.onTimer(t));
        }
    }

    private void incoming(byte[] pkt) {
        long t = now();
        Segment s;
        try {
            s = SegmentCodec.decode(pkt);
        } catch (MalformedPacketException e) {
            ignored.add(describe(pkt) + ": " + e.getMessage());
            return;
        }
        if (!s.dst().equals(ours)) {
            ignored.add("TCP for " + s.dst().getHostAddress() + ", not our address");
            return;
        }
        record(t, Kind.RECEIVED, s, Boolean.FALSE.equals(s.checksumValid()) ? "bad checksum" : null);
        inbox.add(s);
        inboxTimes.add(t);
        if (bare) {
            return;
        }
        List<Segment> replies = host.onSegment(t, s);
        if (auto) {
            transmit(replies);
        } else {
            for (Segment r : replies) {
                record(now(), Kind.HELD, r, "manual mode: not sent");
            }
        }
    }

    private void transmit(List<Segment> out) {
        for (Segment s : out) {
            Predicate<Segment> hit = null;
            for (Predicate<Segment> f : dropFilters) {
                if (f.test(s)) {
                    hit = f;
                    break;
                }
            }
            if (hit != null) {
                dropFilters.remove(hit);
                record(now(), Kind.DROPPED, s, "dropped on purpose");
            } else {
                write(s, null);
            }
        }
    }

    private void write(Segment s, String note) {
        ensureOpen();
        tun.write(SegmentCodec.encode(s));
        record(now(), Kind.SENT, s, note);
    }

    /** What happened to a packet, for {@link #record}. */
    private enum Kind {
        SENT, RECEIVED, DROPPED, HELD
    }

    private void record(long t, Kind kind, Segment s, String note) {
        String us = host.name();
        switch (kind) {
            case SENT -> {
                // written into the device: the kernel's stack has it (what it makes of it, its replies show)
                long n = ++transmissions;
                linkTrace.add(new dev.tcpstep.link.TraceEntry.Sent(t, n, us, kernelName, s, SegmentCodec.encode(s),
                        note != null, false));
                linkTrace.add(new dev.tcpstep.link.TraceEntry.Delivered(t, n, kernelName, s, List.of(
                        dev.tcpstep.link.Wire.Fate.DELIVERED)));
            }
            case RECEIVED -> {
                long n = ++transmissions;
                linkTrace.add(new dev.tcpstep.link.TraceEntry.Sent(t, n, kernelName, us, s, SegmentCodec.encode(s),
                        false, false));
                if (note != null) {
                    linkTrace.add(new dev.tcpstep.link.TraceEntry.Dropped(t, n, us, note));
                } else {
                    linkTrace.add(new dev.tcpstep.link.TraceEntry.Delivered(t, n, us, s, List.of(
                            dev.tcpstep.link.Wire.Fate.DELIVERED)));
                }
            }
            case DROPPED -> {
                long n = ++transmissions;
                linkTrace.add(new dev.tcpstep.link.TraceEntry.Sent(t, n, us, kernelName, s, SegmentCodec.encode(s),
                        false, false));
                linkTrace.add(new dev.tcpstep.link.TraceEntry.Link(t, n, dev.tcpstep.link.Wire.Fate.LOST, note));
            }
            case HELD -> linkTrace.add(new dev.tcpstep.link.TraceEntry.Suggested(t, us, List.of(s), List.of(note)));
        }
    }

    private static String describe(byte[] pkt) {
        if (pkt.length == 0) {
            return "empty packet";
        }
        int v = (pkt[0] & 0xF0) >> 4;
        if (v == 6 && pkt.length >= 40) {
            int next = pkt[6] & 0xFF;
            return "IPv6 next header " + next + (next == 58 ? " (ICMPv6)" : next == 0 ? " (hop-by-hop, e.g. MLD)" : "")
                    + ", " + pkt.length + " bytes";
        }
        if (v == 4 && pkt.length >= 20) {
            int proto = pkt[9] & 0xFF;
            return "IPv4 protocol " + proto + (proto == 1 ? " (ICMP)" : "") + ", " + pkt.length + " bytes";
        }
        return pkt.length + " bytes: " + HexFormat.of().formatHex(pkt, 0, Math.min(16, pkt.length));
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("TUN link " + ns.name() + " is closed");
        }
    }

    /** True after {@link #close()}. */
    public boolean closed() {
        return closed;
    }

    /** Stops the kernel-side programs, closes the TUN device, deletes the namespace. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException first = null;
        for (LinuxSocket s : sockets) {
            try {
                s.stop();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        try {
            tun.close();
        } catch (RuntimeException e) {
            first = first == null ? e : first;
        }
        ns.close();
        if (first != null) {
            throw first;
        }
    }

    /**
     * RFC 9293 §3.7.1: the MSS to send is the MTU less the fixed IP and TCP headers, so
     * 1460 over IPv4 but 1440 over IPv6 (40-byte IPv6 header, RFC 8200). The profile's MSS
     * is one number for both families; over IPv6 it is lowered to what the device carries
     * (Linux offers 1440 here).
     */
    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public String toString() {
        return "TUN link " + ours.getHostAddress() + " <-> kernel " + kernel.getHostAddress() + " via " + tun.name()
                + " in " + ns.name() + (closed ? " (closed)" : "");
    }
}
