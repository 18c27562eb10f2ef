package dev.tcpstep.packetdrill;

import dev.tcpstep.codec.Payload;
import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.TcpFlags;
import dev.tcpstep.codec.TcpOption;
import dev.tcpstep.codec.TcpdumpFormat;
import dev.tcpstep.link.Link;
import dev.tcpstep.packetdrill.Script.Expr;
import dev.tcpstep.packetdrill.Script.OptionSpec;
import dev.tcpstep.packetdrill.Script.PacketSpec;
import dev.tcpstep.packetdrill.Script.Step;
import dev.tcpstep.packetdrill.Script.SyscallStep;
import dev.tcpstep.packetdrill.Script.Timing;
import dev.tcpstep.packetdrill.SystemUnderTest.SyscallError;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a {@link Script} against a {@link SystemUnderTest}: the script is the remote peer.
 * Inbound packets ({@code <}) are built and injected at their time; outbound ones
 * ({@code >}) are awaited and compared field by field; system calls act on the system
 * under test and their results are compared. The first difference fails the script with
 * packetdrill's kind of message: {@code line 12: expected ack 1001, got ack 1}.
 *
 * <h2>Sequence numbers, as packetdrill numbers them</h2>
 * The script's own sequence numbers are used as written (its ISN is what its SYN says).
 * The system under test's are relative to its ISN, learned from its SYN or SYN,ACK: an
 * outbound {@code 1:1001(1000)} means ISN+1..ISN+1001, and an inbound {@code ack 1001}
 * is sent as ISN+1001; SACK blocks in inbound packets likewise. An inbound TS ecr other
 * than 0 is replaced by the last TSval the system under test sent; an outbound TSval is
 * not checked, its ecr is.
 *
 * <h2>Matching</h2>
 * Flags exactly; sequence range and length; ack when '.' is set; window when {@code win}
 * is given; urgent pointer when {@code urg} is given; options when given, as a set of
 * kinds and values ignoring NOP/EOL padding and order ({@code <...>} matches any).
 *
 * <h2>Time</h2>
 * Times are checked within {@code --tolerance_usecs} (default 4000). A relative time
 * counts from the previous line's actual time. Before an inbound packet or a system call
 * runs, anything the system under test sent since the previous line fails the script
 * ("unexpected packet").
 */
public final class Runner {
    /** packetdrill's default tolerance. */
    public static final long DEFAULT_TOLERANCE_MICROS = 4000;
    /** Port the system under test binds (packetdrill's default). */
    public static final int BIND_PORT = 8080;
    /** The script's port when the system under test is the server. */
    public static final int REMOTE_PORT = 40000;
    /** How long a '*' line waits for its packet. */
    private static final long ANY_WAIT_MICROS = 120_000_000;

    private static final Set<String> SYSCALLS = Set.of("socket", "bind", "listen", "accept", "connect", "read", "write",
            "send", "recv", "close", "shutdown", "setsockopt", "getsockopt", "fcntl");
    private static final Set<String> HARMLESS_OPTIONS = Set.of("tolerance_usecs", "bind_port", "connect_port",
            "ip_version", "local_ip", "remote_ip", "gateway_ip", "netmask_ip", "verbose", "non_fatal", "dry_run");
    static final String[] LINUX_STATES = {"", "TCP_ESTABLISHED", "TCP_SYN_SENT", "TCP_SYN_RECV",
            "TCP_FIN_WAIT1", "TCP_FIN_WAIT2", "TCP_TIME_WAIT", "TCP_CLOSE", "TCP_CLOSE_WAIT", "TCP_LAST_ACK",
            "TCP_LISTEN", "TCP_CLOSING"};

    private final Script script;
    private final SystemUnderTest sut;
    private final Link link;
    private final long tolerance;
    private final List<String> notes = new ArrayList<>();
    private final Map<Long, Socket> sockets = new HashMap<>();
    private final int bindPort;
    private final int connectPort;
    private long start;
    private long last;
    private Long sutIsn;
    private int sutPort;
    private int scriptPort;
    private long lastTsVal = -1;
    /** The next line to run, and the verdict once the run is over. */
    private int index;
    private Result result;

    /** One file descriptor of the script. */
    private static final class Socket {
        Object handle;
        boolean listener;
        boolean nonblocking;
        boolean lingerZero;
    }

    /** A line tcpstep cannot carry out: the script is skipped. */
    private static final class Unsupported extends Exception {
        Unsupported(String reason) {
            super(reason);
        }
    }

    /** A difference: the script fails. */
    private static final class Mismatch extends Exception {
        Mismatch(String text) {
            super(text);
        }
    }

    private Runner(Script script, SystemUnderTest sut, Long toleranceOverride) {
        this.script = script;
        this.sut = sut;
        this.link = sut.link();
        long tol = DEFAULT_TOLERANCE_MICROS;
        String t = script.options().get("tolerance_usecs");
        if (t != null && t.matches("\\d+")) {
            tol = Long.parseLong(t);
        }
        this.tolerance = (toleranceOverride != null ? toleranceOverride : tol) * 1000;
        this.bindPort = intOption("bind_port", BIND_PORT);
        this.connectPort = intOption("connect_port", BIND_PORT);
        // Until a listen or connect says otherwise, the script talks to the bind port (a SYN
        // to a closed port is a test of its own).
        this.sutPort = bindPort;
        this.scriptPort = REMOTE_PORT;
    }

    private int intOption(String name, int dflt) {
        String v = script.options().get(name);
        return v != null && v.matches("\\d{1,5}") ? Integer.parseInt(v) : dflt;
    }

    /**
     * Why tcpstep cannot run this script at all (a UDP packet, inline python, poll, an IPv6
     * option...), or null when it can. Checked before anything runs.
     */
    public static String unsupported(Script script) {
        String v = script.options().get("ip_version");
        if (v != null && !v.equals("ipv4")) {
            return "option --ip_version=" + v + ": the runner speaks IPv4 (192.0.2.0/24)";
        }
        for (Step s : script.steps()) {
            if (s instanceof Script.UnsupportedStep u) {
                return "line " + u.line() + ": " + u.reason();
            }
            if (s instanceof SyscallStep c && !SYSCALLS.contains(c.name())) {
                return "line " + c.line() + ": system call " + c.name() + "() is not supported (supported: "
                        + String.join(", ", SYSCALLS.stream().sorted().toList()) + ")";
            }
            if (s instanceof SyscallStep c && c.name().equals("socket")) {
                String args = String.join(",", c.args().stream().map(Expr::text).toList());
                if (args.contains("SOCK_DGRAM") || args.contains("IPPROTO_UDP")) {
                    return "line " + c.line() + ": UDP socket: tcpstep speaks TCP only";
                }
                if (args.contains("AF_INET6") || args.contains("PF_INET6")) {
                    return "line " + c.line() + ": IPv6 socket: the runner speaks IPv4 (192.0.2.0/24)";
                }
            }
        }
        return null;
    }

    /** Runs {@code script} against {@code sut} (which the caller closes), tolerance from the script unless given. */
    public static Result run(Script script, SystemUnderTest sut, Long toleranceMicros) {
        Runner r = start(script, sut, toleranceMicros);
        while (r.result == null) {
            r.step();
        }
        return r.result;
    }

    /**
     * A run to take one line at a time (the REPL's {@code load}): nothing has run yet; each
     * {@link #step()} runs the next line. A script tcpstep cannot run is {@linkplain #result()
     * finished} at once, skipped with the reason.
     */
    public static Runner start(Script script, SystemUnderTest sut, Long toleranceMicros) {
        Runner r = new Runner(script, sut, toleranceMicros);
        String why = unsupported(script);
        if (why != null) {
            r.result = new Result(script.name(), Result.Outcome.SKIPPED, script.name() + ": " + why, List.of());
            return r;
        }
        for (String o : script.options().keySet()) {
            if (!HARMLESS_OPTIONS.contains(o)) {
                r.notes.add("option --" + o + " ignored");
            }
        }
        r.start = r.link.now();
        r.last = r.start;
        if (script.steps().isEmpty()) {
            r.result = new Result(script.name(), Result.Outcome.PASSED, script.name(), r.notes);
        }
        return r;
    }

    /** {@return the line {@link #step()} runs next, or null when the run is over} */
    public Step next() {
        return result != null ? null : script.steps().get(index);
    }

    /** {@return the verdict once the run is over (passed after the last line, or the line that failed), else null} */
    public Result result() {
        return result;
    }

    /**
     * Runs the next line: injects an inbound packet, awaits and compares an outbound one, makes
     * a system call or runs a backtick line.
     *
     * @return the verdict when this line ended the run (it failed, was skipped, or was the last), else null
     */
    public Result step() {
        if (result != null) {
            return result;
        }
        Step step = script.steps().get(index++);
        try {
            switch (step) {
                case Script.PacketStep p when p.inbound() -> inbound(p);
                case Script.PacketStep p -> outbound(p);
                case SyscallStep c -> syscall(c);
                case Script.ShellStep sh -> shell(sh);
                case Script.UnsupportedStep u -> throw new Unsupported(u.reason());
            }
        } catch (Mismatch m) {
            traceNotes();
            result = new Result(script.name(), Result.Outcome.FAILED, script.name() + ":" + step.line() + ": "
                    + m.getMessage(), notes);
        } catch (Unsupported u) {
            result = new Result(script.name(), Result.Outcome.SKIPPED, script.name() + ":" + step.line() + ": "
                    + u.getMessage(), notes);
        } catch (RuntimeException e) {
            result = new Result(script.name(), Result.Outcome.FAILED, script.name() + ":" + step.line()
                    + ": the system under test failed: " + e.getMessage(), notes);
        }
        if (result == null && index == script.steps().size()) {
            result = new Result(script.name(), Result.Outcome.PASSED, script.name(), notes);
        }
        return result;
    }

    /** On a failure: what went over the link (times from the link's start), for the verbose listing. */
    private void traceNotes() {
        for (dev.tcpstep.link.TraceEntry e : link.trace().entries()) {
            if (e instanceof dev.tcpstep.link.TraceEntry.Sent s) {
                notes.add(String.format(java.util.Locale.ROOT, "%.6f %s %s", e.time() / 1e9,
                        s.from().equals("remote") ? "<" : ">", TcpdumpFormat.line(s.segment())));
            }
        }
    }

    // ------------------------------------------------------------------ time

    /** The earliest and latest link time a step may happen at (before tolerance). */
    private long[] window(Timing t) {
        return switch (t.kind()) {
            case ANY -> new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
            case ABSOLUTE -> new long[] {start + t.startMicros() * 1000, start + t.endMicros() * 1000};
            case RELATIVE -> new long[] {last + t.startMicros() * 1000, last + t.endMicros() * 1000};
        };
    }

    private String secs(long linkTime) {
        return String.format(java.util.Locale.ROOT, "%.6f", (linkTime - start) / 1e9);
    }

    /** Waits until {@code t}; anything the system under test sends meanwhile fails the script. */
    private void waitUntil(long t, Step step) throws Mismatch {
        Link.Arrival a = link.awaitFar(Math.max(t, link.now()));
        if (a != null) {
            throw new Mismatch("unexpected packet at " + secs(a.time()) + " s before this line ran: "
                    + relative(a.segment()));
        }
    }

    /** Runs a line at its time: waits for it, checking nothing else came. */
    private long at(Step step) throws Mismatch {
        long[] w = window(step.timing());
        long when = step.timing().kind() == Timing.Kind.ANY ? link.now() : w[0];
        waitUntil(when, step);
        last = Math.max(link.now(), when);
        return last;
    }

    // ------------------------------------------------------------------ packets

    private void inbound(Script.PacketStep p) throws Mismatch, Unsupported {
        at(p);
        if (sutPort == 0) {
            throw new Mismatch("inbound packet before the system under test's SYN told its port");
        }
        link.inject(build(p.packet()));
    }

    private Segment build(PacketSpec p) {
        Segment.Builder b = Segment.builder().addresses(link.nearAddress(), link.farAddress())
                .srcPort(scriptPort).dstPort(sutPort).seq(p.seqStart()).flags(flags(p.flags()))
                .window(p.window() == null ? 65535 : p.window());
        if (p.ack() != null) {
            b.ack((p.ack() + sutOffset()) & 0xFFFF_FFFFL);
        }
        if (p.urgent() != null) {
            b.urgentPointer(p.urgent());
        }
        if (p.options() != null) {
            for (OptionSpec o : p.options()) {
                b.option(option(o, true));
            }
        }
        if (p.length() > 0) {
            b.payload(Payload.copyOf(new byte[p.length()]));
        }
        return b.build();
    }

    private long sutOffset() {
        return sutIsn == null ? 0 : sutIsn;
    }

    private TcpOption option(OptionSpec o, boolean inbound) {
        List<Long> v = o.values();
        return switch (o.kind()) {
            case "nop" -> new TcpOption.Nop();
            case "eol" -> new TcpOption.EndOfList();
            case "mss" -> new TcpOption.Mss(v.getFirst().intValue());
            case "wscale" -> new TcpOption.WindowScale(v.getFirst().intValue());
            case "sackOK" -> new TcpOption.SackPermitted();
            case "TS" -> new TcpOption.Timestamps(v.get(0),
                    inbound && v.get(1) != 0 && lastTsVal >= 0 ? lastTsVal : v.get(1));
            case "sack" -> {
                List<TcpOption.SackBlock> blocks = new ArrayList<>();
                long off = inbound ? sutOffset() : 0;
                for (int i = 0; i + 1 < v.size(); i += 2) {
                    blocks.add(new TcpOption.SackBlock((v.get(i) + off) & 0xFFFF_FFFFL,
                            (v.get(i + 1) + off) & 0xFFFF_FFFFL));
                }
                yield new TcpOption.Sack(blocks);
            }
            default -> throw new IllegalArgumentException("option " + o.kind());
        };
    }

    static TcpFlags flags(String letters) {
        int bits = 0;
        for (char c : letters.toCharArray()) {
            bits |= switch (c) {
                case 'S' -> TcpFlags.SYN;
                case 'F' -> TcpFlags.FIN;
                case 'R' -> TcpFlags.RST;
                case 'P' -> TcpFlags.PSH;
                case '.' -> TcpFlags.ACK;
                case 'E' -> TcpFlags.ECE;
                case 'W' -> TcpFlags.CWR;
                case 'U' -> TcpFlags.URG;
                default -> 0;
            };
        }
        return TcpFlags.of(bits);
    }

    /** The flags in packetdrill's letters, in the order it prints them. */
    static String letters(TcpFlags f) {
        StringBuilder sb = new StringBuilder();
        if (f.syn()) {
            sb.append('S');
        }
        if (f.fin()) {
            sb.append('F');
        }
        if (f.rst()) {
            sb.append('R');
        }
        if (f.psh()) {
            sb.append('P');
        }
        if (f.has(TcpFlags.ECE)) {
            sb.append('E');
        }
        if (f.has(TcpFlags.CWR)) {
            sb.append('W');
        }
        if (f.urg()) {
            sb.append('U');
        }
        if (f.ack()) {
            sb.append('.');
        }
        return sb.toString();
    }

    private void outbound(Script.PacketStep p) throws Mismatch {
        long[] w = window(p.timing());
        long deadline = p.timing().kind() == Timing.Kind.ANY ? link.now() + ANY_WAIT_MICROS * 1000 : w[1] + tolerance;
        Link.Arrival a = link.awaitFar(deadline);
        if (a == null) {
            throw new Mismatch("expected " + p.packet().text() + " by " + secs(deadline) + " s, nothing came");
        }
        Segment s = a.segment();
        long got = a.time();
        PacketSpec e = p.packet();
        TcpFlags want = flags(e.flags());
        if (sutIsn == null && s.flags().syn()) {
            sutIsn = (s.seq() - e.seqStart()) & 0xFFFF_FFFFL;
            if (sutPort == 0) {
                sutPort = s.srcPort();
            }
        }
        if (s.flags().bits() != want.bits()) {
            throw new Mismatch("expected flags " + sorted(e.flags()) + ", got " + letters(s.flags()) + " in "
                    + relative(s));
        }
        long relSeq = (s.seq() - sutOffset()) & 0xFFFF_FFFFL;
        if (relSeq != e.seqStart()) {
            throw new Mismatch("expected seq " + e.seqStart() + ", got seq " + relSeq + " in " + relative(s));
        }
        int len = s.payload().length();
        if (len != e.length()) {
            throw new Mismatch("expected length " + e.length() + ", got length " + len + " in " + relative(s));
        }
        if (e.ack() != null && s.ack() != e.ack()) {
            throw new Mismatch("expected ack " + e.ack() + ", got ack " + s.ack() + " in " + relative(s));
        }
        if (e.window() != null && s.window() != e.window()) {
            throw new Mismatch("expected win " + e.window() + ", got win " + s.window() + " in " + relative(s));
        }
        if (e.urgent() != null && s.urgentPointer() != e.urgent()) {
            throw new Mismatch("expected urg " + e.urgent() + ", got urg " + s.urgentPointer() + " in " + relative(s));
        }
        if (e.options() != null && !e.anyOptions()) {
            List<String> want2 = new ArrayList<>();
            for (OptionSpec o : e.options()) {
                if (!o.kind().equals("nop") && !o.kind().equals("eol")) {
                    want2.add(o.kind().equals("TS") ? "TS ecr " + o.values().get(1) : o.text());
                }
            }
            List<String> have = optionWords(s);
            if (!new java.util.TreeSet<>(want2).equals(new java.util.TreeSet<>(have)) || want2.size() != have.size()) {
                throw new Mismatch("expected options <" + String.join(",", want2) + ">, got <" + String.join(",", have)
                        + "> in " + relative(s));
            }
        }
        TcpOption.Timestamps ts = s.option(TcpOption.Timestamps.class);
        if (ts != null) {
            lastTsVal = ts.value();
        }
        if (p.timing().kind() != Timing.Kind.ANY && (got < w[0] - tolerance || got > w[1] + tolerance)) {
            throw new Mismatch("expected at " + secs(w[0]) + (w[1] != w[0] ? "~" + secs(w[1]) : "") + " s (±"
                    + tolerance / 1000 + " µs), got at " + secs(got) + " s: " + relative(s));
        }
        last = got;
    }

    /** The options of {@code s} as the script compares them: no padding, TS by its ecr. */
    private List<String> optionWords(Segment s) {
        List<String> out = new ArrayList<>();
        for (TcpOption o : s.options()) {
            switch (o) {
                case TcpOption.Nop n -> {
                }
                case TcpOption.EndOfList n -> {
                }
                case TcpOption.Mss m -> out.add("mss " + m.value());
                case TcpOption.WindowScale w -> out.add("wscale " + w.shift());
                case TcpOption.SackPermitted sp -> out.add("sackOK");
                case TcpOption.Timestamps t -> out.add("TS ecr " + t.echoReply());
                case TcpOption.Sack sk -> {
                    StringBuilder sb = new StringBuilder("sack");
                    for (TcpOption.SackBlock b : sk.blocks()) {
                        sb.append(' ').append(b.left()).append(':').append(b.right());
                    }
                    out.add(sb.toString());
                }
                default -> out.add(o.toString());
            }
        }
        return out;
    }

    private static String sorted(String letters) {
        return letters(flags(letters));
    }

    /** A segment of the system under test as the script would write it (relative seq), plus its tcpdump line. */
    private String relative(Segment s) {
        long off = sutIsn != null ? sutIsn : s.flags().syn() ? s.seq() : 0;
        long rel = (s.seq() - off) & 0xFFFF_FFFFL;
        StringBuilder sb = new StringBuilder("> ").append(letters(s.flags())).append(' ').append(rel).append(':')
                .append((rel + s.payload().length()) & 0xFFFF_FFFFL).append('(').append(s.payload().length()).append(')');
        if (s.flags().ack()) {
            sb.append(" ack ").append(s.ack());
        }
        sb.append(" win ").append(s.window());
        List<String> o = optionWords(s);
        if (!o.isEmpty()) {
            sb.append(" <").append(String.join(",", o)).append('>');
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ system calls

    private void syscall(SyscallStep c) throws Mismatch, Unsupported {
        long when = at(c);
        long ret = c.returnMicros() == null ? when + tolerance
                : (c.timing().kind() == Timing.Kind.RELATIVE ? when : start) + c.returnMicros() * 1000 + tolerance;
        long expected = c.result() instanceof Script.Num n ? n.value() : Long.MIN_VALUE;
        try {
            long r = call(c, ret, expected);
            if (expected != Long.MIN_VALUE && r != expected) {
                throw new Mismatch(c.name() + "() returned " + r + ", expected " + expected);
            }
            if (c.errno() != null) {
                throw new Mismatch(c.name() + "() returned " + r + ", expected -1 " + c.errno());
            }
        } catch (SyscallError e) {
            if (c.errno() == null || !c.errno().equals(e.errno())) {
                throw new Mismatch(c.name() + "() returned -1 " + e.getMessage() + ", expected "
                        + c.result().text() + (c.errno() == null ? "" : " " + c.errno()));
            }
        }
    }

    private Socket socket(SyscallStep c, int i) throws Mismatch {
        if (c.args().size() <= i || !(c.args().get(i) instanceof Script.Num n)) {
            throw new Mismatch(c.name() + "(): expected a file descriptor as argument " + (i + 1));
        }
        Socket s = sockets.get(n.value());
        if (s == null) {
            throw new Mismatch(c.name() + "(" + n.value() + ", ...): no such socket (EBADF)");
        }
        return s;
    }

    private Expr arg(SyscallStep c, int i) {
        return c.args().size() > i ? c.args().get(i) : new Script.Ellipsis();
    }

    private long call(SyscallStep c, long deadline, long expected) throws SyscallError, Mismatch, Unsupported {
        switch (c.name()) {
            case "socket" -> {
                long fd = expected == Long.MIN_VALUE ? 3 + sockets.size() : expected;
                sockets.put(fd, new Socket());
                return fd;
            }
            case "bind" -> {
                socket(c, 0);
                return 0;
            }
            case "listen" -> {
                Socket s = socket(c, 0);
                int backlog = arg(c, 1) instanceof Script.Num n ? (int) n.value() : 16;
                s.handle = sut.listen(bindPort, Math.max(1, backlog));
                s.listener = true;
                sutPort = bindPort;
                scriptPort = REMOTE_PORT;
                return 0;
            }
            case "accept" -> {
                Socket l = socket(c, 0);
                if (!l.listener) {
                    throw new SyscallError("EINVAL", "not listening");
                }
                Object h = sut.accept(l.handle, l.nonblocking ? link.now() : deadline);
                if (h == null) {
                    throw new SyscallError("EAGAIN", "no connection established");
                }
                long fd = expected == Long.MIN_VALUE ? 3 + sockets.size() : expected;
                Socket s = new Socket();
                s.handle = h;
                sockets.put(fd, s);
                return fd;
            }
            case "connect" -> {
                Socket s = socket(c, 0);
                if (!s.nonblocking) {
                    throw new Unsupported("blocking connect(): the runner makes one call at a time while the"
                            + " script answers the handshake; set O_NONBLOCK with fcntl and expect -1 EINPROGRESS");
                }
                s.handle = sut.connect(link.nearAddress(), connectPort);
                scriptPort = connectPort;
                sutPort = 0;
                sutIsn = null;
                throw new SyscallError("EINPROGRESS", "Operation now in progress");
            }
            case "write", "send" -> {
                Socket s = socket(c, 0);
                if (!(arg(c, 2) instanceof Script.Num n)) {
                    throw new Mismatch(c.name() + "(): expected a byte count as argument 3");
                }
                return sut.write(s.handle, (int) n.value());
            }
            case "read", "recv" -> {
                Socket s = socket(c, 0);
                if (!(arg(c, 2) instanceof Script.Num n)) {
                    throw new Mismatch(c.name() + "(): expected a byte count as argument 3");
                }
                int want = expected > 0 ? (int) Math.min(expected, n.value()) : (int) n.value();
                return sut.read(s.handle, (int) n.value(), want, s.nonblocking ? link.now() : deadline);
            }
            case "shutdown" -> {
                Socket s = socket(c, 0);
                String how = arg(c, 1).text();
                if (!how.equals("SHUT_WR") && !how.equals("1")) {
                    throw new Unsupported("shutdown(" + how + "): only SHUT_WR maps to RFC 9293's CLOSE");
                }
                sut.shutdownWrite(s.handle);
                return 0;
            }
            case "close" -> {
                Socket s = socket(c, 0);
                if (s.handle != null) {
                    sut.close(s.handle, s.lingerZero);
                }
                sockets.values().remove(s);
                return 0;
            }
            case "setsockopt" -> {
                Socket s = socket(c, 0);
                String opt = arg(c, 2).text();
                switch (opt) {
                    case "SO_REUSEADDR" -> {
                    }
                    case "TCP_NODELAY" -> notes.add("line " + c.line()
                            + ": TCP_NODELAY: tcpstep sends at once anyway (no Nagle); not set on Linux");
                    case "SO_LINGER" -> {
                        if (arg(c, 3) instanceof Script.StructExpr st && st.get("onoff") instanceof Script.Num on
                                && st.get("linger") instanceof Script.Num lg) {
                            s.lingerZero = on.value() != 0 && lg.value() == 0;
                            if (on.value() != 0 && lg.value() != 0) {
                                throw new Unsupported("SO_LINGER with a time: only {onoff=1, linger=0} (abort) maps");
                            }
                        } else {
                            throw new Mismatch("setsockopt(SO_LINGER): expected {onoff=N, linger=N}, got "
                                    + arg(c, 3).text());
                        }
                    }
                    default -> throw new Unsupported("setsockopt " + opt + " has no tcpstep equivalent (supported:"
                            + " SO_REUSEADDR, SO_LINGER {1,0}, TCP_NODELAY)");
                }
                return 0;
            }
            case "getsockopt" -> {
                Socket s = socket(c, 0);
                String opt = arg(c, 2).text();
                Expr val = arg(c, 3);
                switch (opt) {
                    case "SO_ERROR" -> {
                        String err = sut.soError(s.handle);
                        Expr want = val instanceof Script.ListExpr l && !l.items().isEmpty() ? l.items().getFirst()
                                : val;
                        if (!(want instanceof Script.Ellipsis) && !want.text().equals(err)) {
                            throw new Mismatch("getsockopt(SO_ERROR) gave " + err + ", expected " + want.text());
                        }
                    }
                    case "TCP_INFO" -> {
                        if (!(val instanceof Script.StructExpr st)) {
                            throw new Mismatch("getsockopt(TCP_INFO): expected {tcpi_state=...}, got " + val.text());
                        }
                        for (var f : st.fields()) {
                            if (f.getKey().equals("tcpi_state")) {
                                String want = f.getValue() instanceof Script.Num n && n.value() > 0
                                        && n.value() < LINUX_STATES.length ? LINUX_STATES[(int) n.value()]
                                        : f.getValue().text();
                                String have = sut.tcpState(s.handle);
                                if (!want.equals(have)) {
                                    throw new Mismatch("getsockopt(TCP_INFO) gave tcpi_state=" + have + ", expected "
                                            + want);
                                }
                            } else if (!f.getKey().equals("...")) {
                                notes.add("line " + c.line() + ": TCP_INFO field " + f.getKey()
                                        + " not checked (only tcpi_state)");
                            }
                        }
                    }
                    default -> throw new Unsupported("getsockopt " + opt + " has no tcpstep equivalent (supported:"
                            + " SO_ERROR, TCP_INFO's tcpi_state)");
                }
                return 0;
            }
            case "fcntl" -> {
                Socket s = socket(c, 0);
                String cmd = arg(c, 1).text();
                if (cmd.equals("F_SETFL")) {
                    s.nonblocking = arg(c, 2).text().contains("O_NONBLOCK");
                    return 0;
                }
                if (cmd.equals("F_GETFL")) {
                    return expected == Long.MIN_VALUE ? 0 : expected;
                }
                throw new Unsupported("fcntl " + cmd + ": only F_GETFL and F_SETFL (O_NONBLOCK)");
            }
            default -> throw new Unsupported("system call " + c.name());
        }
    }

    // ------------------------------------------------------------------ shell

    private void shell(Script.ShellStep sh) throws Mismatch {
        at(sh);
        String why = sut.shell(sh.command());
        if (why != null) {
            notes.add("line " + sh.line() + ": " + why);
        }
    }

    /** Used by tests: the tcpdump line of a segment. */
    static String tcpdump(Segment s) {
        return TcpdumpFormat.line(s);
    }
}
