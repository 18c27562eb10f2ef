package dev.tcpstep.repl;

import dev.tcpstep.checksum.ChecksumWork;
import dev.tcpstep.checksum.PseudoHeader;
import dev.tcpstep.codec.Decoded;
import dev.tcpstep.codec.FieldView;
import dev.tcpstep.codec.HexDump;
import dev.tcpstep.codec.MalformedPacketException;
import dev.tcpstep.codec.Payload;
import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.SegmentCodec;
import dev.tcpstep.codec.TcpdumpFormat;
import dev.tcpstep.link.Exports;
import dev.tcpstep.link.LinkProfile;
import dev.tcpstep.link.Simulation;
import dev.tcpstep.link.TraceEntry;
import dev.tcpstep.link.Wire;
import dev.tcpstep.statemachine.CallResult;
import dev.tcpstep.statemachine.Connection;
import dev.tcpstep.statemachine.Event;
import dev.tcpstep.statemachine.Tcb;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.tcpstep.repl.Command.Property.CELL;
import static dev.tcpstep.repl.Command.Property.CHANGES_SESSION;
import static dev.tcpstep.repl.Command.Property.LINUX;

/** The commands that drive and inspect the simulation. Help text: {@code help.properties}. */
final class SimCommands {
    private SimCommands() {
    }

    static void registerAll(Shell shell) {
        // Typed after an endpoint name: `client send SYN seq=0`; the shell hands over the endpoint.
        // Against Linux (`new --linux`) the same rows run LinuxMode's handlers: one table, one dispatcher.
        shell.register(Command.named("send").properties(CELL, CHANGES_SESSION).linuxFor(LinuxMode::endpointCommand)
                .completer(SimCommands::segmentWords).runFor(SimCommands::send));
        shell.register(Command.named("accept").properties(CELL, CHANGES_SESSION).linuxFor(LinuxMode::endpointCommand)
                .runFor(SimCommands::accept));
        shell.register(Command.named("listen").properties(CELL, CHANGES_SESSION).linuxFor(LinuxMode::endpointCommand)
                .runFor(SimCommands::listen));
        shell.register(Command.named("connect").properties(CELL, CHANGES_SESSION).linuxFor(LinuxMode::endpointCommand)
                .runFor(SimCommands::connect));
        shell.register(Command.named("write").properties(CELL, CHANGES_SESSION).linuxFor(LinuxMode::endpointCommand)
                .runFor(SimCommands::write));
        shell.register(Command.named("read").properties(CELL, CHANGES_SESSION).linuxFor(LinuxMode::endpointCommand)
                .runFor(SimCommands::read));
        shell.register(Command.named("close").properties(CELL, CHANGES_SESSION).linuxFor(LinuxMode::endpointCommand)
                .runFor((s, e, n, a) -> call(s, e, n, a, "close")));
        shell.register(Command.named("abort").properties(CELL, CHANGES_SESSION).linuxFor(LinuxMode::endpointCommand)
                .runFor((s, e, n, a) -> call(s, e, n, a, "abort")));
        shell.register(Command.named("auto").properties(CELL, CHANGES_SESSION).completer(Command.Completer.words("on", "off"))
                .linuxFor(LinuxMode::autoFor).runFor((s, e, n, a) -> auto(s, a, e)));
        shell.register(Command.named("show").properties(CELL).linuxFor(LinuxMode::showFor).runFor((s, e, n, a) -> {
            Commands.noArguments(a);
            show(s, e);
        }));

        Command.Completer endpoints = (s, w, i) -> endpointNames(s);
        Command.Completer nextThenEndpoint = (s, w, i) -> i == 1 ? List.of(Command.Candidate.word("next"))
                : endpointNames(s);
        shell.register(Command.named("status").properties(CELL).linux(LinuxMode::status).run(SimCommands::status));
        shell.register(Command.named("step").properties(CELL, CHANGES_SESSION).linux(LinuxMode::step)
                .run(SimCommands::step));
        shell.register(Command.named("run").properties(CELL, CHANGES_SESSION).linux(LinuxMode::run)
                .run(SimCommands::run));
        shell.register(Command.named("advance").properties(CELL, CHANGES_SESSION).linux(LinuxMode::advance)
                .run(SimCommands::advance));
        shell.register(Command.named("pending").properties(CELL).run(SimCommands::pending));
        shell.register(Command.named("undo").properties(CELL).run(SimCommands::undo));
        shell.register(Command.named("auto").properties(CELL, CHANGES_SESSION).linux(LinuxMode::auto)
                .completer((s, w, i) -> i == 1 ? List.of(Command.Candidate.word("on"), Command.Candidate.word("off"))
                        : endpointNames(s))
                .run((s, n, a) -> auto(s, a, null)));
        shell.register(Command.named("show").properties(CELL).linux(LinuxMode::show).completer(endpoints)
                .run(SimCommands::showCommand));
        shell.register(Command.named("trace").properties(CELL).linux(LinuxMode::trace).run(SimCommands::trace));
        // These read the session's trace, a simulation's or the Linux link's alike.
        shell.register(Command.named("explain").properties(CELL, LINUX).completer(SimCommands::segmentNumbers)
                .run(SimCommands::explain));
        shell.register(Command.named("hex").properties(CELL, LINUX).completer(SimCommands::segmentNumbers)
                .run(SimCommands::hex));
        shell.register(Command.named("fields").properties(CELL, LINUX).completer(SimCommands::segmentNumbers)
                .run(SimCommands::fields));
        shell.register(Command.named("decode").properties(CELL, LINUX).run(SimCommands::decode));
        shell.register(Command.named("link").properties(CELL, CHANGES_SESSION).completer(SimCommands::linkWords)
                .run(SimCommands::link));
        shell.register(Command.named("drop").properties(CELL, CHANGES_SESSION).completer(nextThenEndpoint)
                .run((s, n, a) -> aim(s, n, a, Wire.Shot.DROP)));
        shell.register(Command.named("corrupt").properties(CELL, CHANGES_SESSION).completer(nextThenEndpoint)
                .run((s, n, a) -> aim(s, n, a, Wire.Shot.CORRUPT)));
        shell.register(Command.named("duplicate").properties(CELL, CHANGES_SESSION).completer(nextThenEndpoint)
                .run((s, n, a) -> aim(s, n, a, Wire.Shot.DUPLICATE)));
        shell.register(Command.named("delay").properties(CELL, CHANGES_SESSION).completer(nextThenEndpoint)
                .run((s, n, a) -> aim(s, n, a, Wire.Shot.DELAY)));
        shell.register(Command.named("diagram").properties(CELL, LINUX).completer(Command.Completer.words("--ascii"))
                .run(SimCommands::diagram));
        shell.register(Command.named("export").linux(LinuxMode::export)
                .completer((s, w, i) -> i == 1 ? List.of(Command.Candidate.word("pcap"), Command.Candidate.word("json"),
                        Command.Candidate.word("svg"), Command.Candidate.word("packetdrill"))
                        : Command.Completer.fileNames(w.get(i)))
                .run(SimCommands::export));
        shell.register(Command.named("new").properties(CELL, LINUX, CHANGES_SESSION)
                .completer(Command.Completer.words("--ipv6", "--seed", "--isn", "--client", "--server", "--linux",
                        "--linux=server", "--linux=client"))
                .run(SimCommands::newSession));
        shell.register(Command.named("tour").properties(CELL, CHANGES_SESSION).run((s, n, a) -> {
            Commands.noArguments(a);
            Tour.run(s);
        }));
    }

    // ------------------------------------------------------------------ completers

    private static final List<String> FLAG_WORDS = List.of("SYN", "SYN,ACK", "ACK", SegmentSpec.DATA_WORD, "PSH,ACK",
            "FIN,ACK", "FIN", "RST", "RST,ACK");

    private static List<Command.Candidate> endpointNames(Shell s) {
        return s.session().sim().endpoints().stream().map(e -> Command.Candidate.word(e.name())).toList();
    }

    /** After {@code send}: the flags first, then the keys. */
    private static List<Command.Candidate> segmentWords(Shell s, List<String> words, int index) {
        if (index == 1) {
            return FLAG_WORDS.stream().map(Command.Candidate::word).toList();
        }
        return SegmentSpec.KEYS.stream().map(k -> k.endsWith("=") ? Command.Candidate.partial(k)
                : Command.Candidate.word(k)).toList();
    }

    /** {@code #n} for every segment sent, described the way {@code send} takes it. */
    static List<Command.Candidate> segmentNumbers(Shell s, List<String> words, int index) {
        List<Command.Candidate> out = new ArrayList<>();
        for (TraceEntry.Sent sent : s.session().trace().of(TraceEntry.Sent.class)) {
            out.add(new Command.Candidate("#" + sent.number(), Renderers.typed(sent.segment()), true));
        }
        return out;
    }

    private static List<Command.Candidate> linkWords(Shell s, List<String> words, int index) {
        List<Command.Candidate> out = new ArrayList<>();
        List.of("client→server", "server→client", "both").forEach(k -> out.add(Command.Candidate.word(k)));
        List.of("delay=", "jitter=", "loss=", "dup=", "reorder=", "corrupt=", "mtu=", "rate=", "seed=")
                .forEach(k -> out.add(Command.Candidate.partial(k)));
        return out;
    }

    // ------------------------------------------------------------------ endpoints

    static Simulation.Endpoint endpoint(Shell s, Token t) throws CommandException {
        Simulation.Endpoint e = s.session().endpoint(t.text());
        if (e == null) {
            List<String> names = s.session().sim().endpoints().stream().map(Simulation.Endpoint::name).toList();
            String hint = Suggest.closest(t.text(), names);
            throw new CommandException("unknown endpoint `" + t.text() + "`" + (hint != null ? "; did you mean `"
                    + hint + "`?" : " (expected: " + String.join(" or ", names) + ")"), t);
        }
        return e;
    }

    private static void send(Shell s, Simulation.Endpoint e, Token name, List<Token> a) throws CommandException {
        SegmentSpec spec = SegmentSpec.parse(name, a);
        Segment seg = s.session().build(e, spec);
        e.send(seg);
    }

    private static void accept(Shell s, Simulation.Endpoint e, Token name, List<Token> a) throws CommandException {
        Commands.noArguments(a);
        if (e.suggestion().isEmpty()) {
            throw new CommandException(e.name() + " has no suggestion to accept (RFC 9293 says nothing is owed now; "
                    + "`show " + e.name() + "` shows its TCB)", name);
        }
        e.sendSuggested();
    }

    private static void listen(Shell s, Simulation.Endpoint e, Token name, List<Token> rest) throws CommandException {
        if (rest.size() > 1) {
            throw new CommandException("unexpected argument `" + rest.get(1).text() + "` (expected: [port])", rest.get(1));
        }
        int port = rest.isEmpty() ? e.port() : (int) Numbers.parse(rest.getFirst(), "port", 0, 65535);
        if (e.host().listener(port) != null) {
            throw new CommandException(e.name() + " already listens on port " + port
                    + " (error: connection already exists)", rest.isEmpty() ? name : rest.getFirst());
        }
        e.listen(port);
        s.out().println(e.name() + " listens on port " + port + " (LISTEN)");
    }

    private static void connect(Shell s, Simulation.Endpoint e, Token name, List<Token> rest) throws CommandException {
        if (rest.size() > 1) {
            throw new CommandException("unexpected argument `" + rest.get(1).text() + "` (expected: [port])", rest.get(1));
        }
        Simulation.Endpoint peer = e.peer();
        int port = rest.isEmpty() ? (peer.listening() != null ? peer.listening() : peer.port())
                : (int) Numbers.parse(rest.getFirst(), "port", 0, 65535);
        Connection c = e.connection();
        if (c != null) {
            throw new CommandException(e.name() + " already has a connection in " + c.state().rfcName()
                    + " (error: connection already exists)", name);
        }
        report(s, e, e.connect(e.port(), peer.address(), port));
    }

    private static void write(Shell s, Simulation.Endpoint e, Token name, List<Token> rest) throws CommandException {
        if (rest.size() != 1) {
            throw new CommandException(rest.isEmpty() ? "missing data (expected: write \"text\" or write 1000)"
                    : "unexpected argument `" + rest.get(1).text() + "` (expected: one \"text\" or a byte count)",
                    rest.isEmpty() ? name.column() + name.width() : rest.get(1).column(), 1);
        }
        Token d = rest.getFirst();
        requireConnection(e, name);
        Connection c = e.connection();
        // RFC 9293 §3.10.2: "If there is insufficient space to remember this buffer, simply return "error:
        // insufficient resources"." The room is the send buffer less what is queued or unacknowledged.
        long room = c.profile().sendBuffer() - c.unacknowledged();
        boolean count = !d.quoted() && d.text().matches("\\d+");
        long n = count ? Numbers.parse(d, "byte count", 1, Long.MAX_VALUE)
                : d.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (n > room) {
            throw new CommandException((count ? "byte count " : "data of ") + n + " bytes does not fit: the send buffer"
                    + " holds " + c.profile().sendBuffer() + " bytes and " + c.unacknowledged() + " are queued or"
                    + " unacknowledged (expected: 1.." + room + "; SEND would answer \"error: insufficient resources\")",
                    d);
        }
        Payload data = count ? Payload.copyOf(SegmentSpec.filler((int) n)) : Payload.ofUtf8(d.text());
        report(s, e, e.write(data));
    }

    private static void read(Shell s, Simulation.Endpoint e, Token name, List<Token> a) throws CommandException {
        Commands.noArguments(a);
        requireConnection(e, name);
        CallResult r = e.read();
        report(s, e, r); // e.g. "error: connection closing" once the peer's FIN came and nothing is left
        s.session().flushTrace();
        Payload p = r.data();
        s.out().println(e.name() + " read " + p.length() + " bytes" + (p.isEmpty() ? "" : ": " + quote(p)));
    }

    static String quote(Payload p) {
        String text = p.utf8();
        boolean printable = text.chars().allMatch(c -> c >= 0x20 && c != 0x7f || c == '\n' || c == '\t');
        if (!printable) {
            return HexDump.plain(p.toArray()).strip();
        }
        String shown = text.length() > 200 ? text.substring(0, 200) + "…" : text;
        return "\"" + shown.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static void call(Shell s, Simulation.Endpoint e, Token name, List<Token> a, String call)
            throws CommandException {
        Commands.noArguments(a);
        requireConnection(e, name);
        report(s, e, call.equals("close") ? e.close() : e.abort());
    }

    private static void requireConnection(Simulation.Endpoint e, Token at) throws CommandException {
        if (e.connection() == null) {
            throw new CommandException(e.name() + " has no connection (error: connection does not exist; "
                    + "try `" + e.name() + (e.listening() == null ? " connect`)" : "` after the peer connects)"), at);
        }
    }

    private static void report(Shell s, Simulation.Endpoint e, CallResult r) throws CommandException {
        if (!r.ok()) {
            throw new CommandException(e.name() + ": " + r.error().rfcText() + " (state " + r.state().rfcName() + ")",
                    -1, 1);
        }
    }

    // ------------------------------------------------------------------ stepping

    private static void status(Shell s, Token name, List<Token> a) throws CommandException {
        Commands.noArguments(a);
        for (Simulation.Endpoint e : s.session().sim().endpoints()) {
            s.out().println(e.name() + " " + Renderers.state(e));
        }
    }

    private static void step(Shell s, Token name, List<Token> a) throws CommandException {
        if (a.size() > 1) {
            throw new CommandException("unexpected argument `" + a.get(1).text() + "` (expected: [n])", a.get(1));
        }
        int n = a.isEmpty() ? 1 : (int) Numbers.parse(a.getFirst(), "n", 1, 100_000);
        Simulation sim = s.session().sim();
        if (!sim.hasPending()) {
            s.out().println(nothingPending(sim));
            return;
        }
        for (int i = 0; i < n && sim.hasPending(); i++) {
            sim.step();
            s.session().flushTrace();
        }
    }

    private static String nothingPending(Simulation sim) {
        boolean manualTimers = sim.endpoints().stream().anyMatch(e -> !e.auto() && e.host().nextDeadline() != Connection.NEVER);
        return "nothing pending: no segment in flight" + (manualTimers
                ? "; manual endpoints' timers fire only with `advance`" : ", no timer armed");
    }

    private static void run(Shell s, Token name, List<Token> a) throws CommandException {
        Commands.noArguments(a);
        if (PacketdrillCommands.stepping(s)) {
            PacketdrillCommands.runRest(s, name);
            return;
        }
        Simulation sim = s.session().sim();
        // In slices, so Ctrl-C can stop a long run between them.
        s.takeInterrupt();
        long until = sim.now() + Duration.ofMinutes(10).toNanos();
        int events = 0;
        Simulation.RunResult r;
        do {
            r = sim.run(1000, Duration.ofNanos(Math.max(0, until - sim.now())));
            events += r.events();
            s.session().flushTrace();
            s.out().flush();
            if (s.takeInterrupt()) {
                s.out().println("run stopped by Ctrl-C after " + events + " events; `run` goes on");
                return;
            }
        } while (r.stop() == Simulation.Stop.EVENT_CAP && events < 100_000);
        switch (r.stop()) {
            case QUIET -> {
                if (events == 0) {
                    s.out().println(nothingPending(sim));
                }
            }
            case IDLE_TIMERS -> s.out().println("(only TIME-WAIT's 2×MSL timer is left: `advance 4m` lets it expire)");
            case EVENT_CAP -> s.out().println("run stopped after " + events + " events (cap); `run` again to go on");
            case TIME_CAP -> s.out().println("run stopped after 10 minutes of simulated time (cap); `run` again to go on");
        }
    }

    private static void advance(Shell s, Token name, List<Token> a) throws CommandException {
        if (a.size() != 1) {
            throw new CommandException(a.isEmpty() ? "missing duration (expected: e.g. advance 200ms, advance 4m)"
                    : "unexpected argument `" + a.get(1).text() + "`", a.isEmpty() ? name.column() + name.width()
                    : a.get(1).column(), 1);
        }
        Duration d = Numbers.duration(a.getFirst(), "duration");
        s.session().sim().advance(d);
        s.session().flushTrace();
        s.out().println("[" + Session.time(s.session().sim().now()) + "] " + d.toMillis() + " ms passed");
    }

    private static void pending(Shell s, Token name, List<Token> a) throws CommandException {
        Commands.noArguments(a);
        Simulation sim = s.session().sim();
        List<Simulation.Pending> p = sim.pending();
        if (p.isEmpty()) {
            s.out().println("nothing pending: no segment in flight, no timer armed");
        }
        for (Simulation.Pending x : p) {
            s.out().println("[" + Session.time(x.time()) + "] " + x.what());
        }
    }

    private static void undo(Shell s, Token name, List<Token> a) throws CommandException {
        Commands.noArguments(a);
        String line = s.session().undo();
        if (line == null) {
            throw new CommandException("nothing to undo", name);
        }
        s.out().println("undone: " + line);
    }

    private static void auto(Shell s, List<Token> a, Simulation.Endpoint endpoint) throws CommandException {
        if (a.isEmpty()) {
            for (Simulation.Endpoint e : s.session().sim().endpoints()) {
                s.out().println(e.name() + " " + (e.auto() ? "auto" : "manual"));
            }
            return;
        }
        boolean on = onOff(a.getFirst());
        List<Simulation.Endpoint> which = new ArrayList<>();
        if (endpoint != null) {
            which.add(endpoint);
        }
        for (Token t : a.subList(1, a.size())) {
            which.add(endpoint(s, t));
        }
        if (which.isEmpty()) {
            which.addAll(s.session().sim().endpoints());
        }
        for (Simulation.Endpoint e : which) {
            e.auto(on);
            s.out().println(e.name() + " " + (on ? "auto: sends what RFC 9293 says by itself"
                    : "manual: shows what RFC 9293 would send; you type it (or `" + e.name() + " accept`)"));
        }
    }

    /** {@code on}/{@code auto} or {@code off}/{@code manual}. */
    static boolean onOff(Token mode) throws CommandException {
        return switch (mode.text().toLowerCase(Locale.ROOT)) {
            case "on", "auto" -> true;
            case "off", "manual" -> false;
            default -> throw new CommandException("`" + mode.text() + "` (expected: on or off)", mode);
        };
    }

    // ------------------------------------------------------------------ looking

    private static void showCommand(Shell s, Token name, List<Token> a) throws CommandException {
        if (a.size() > 1) {
            throw new CommandException("unexpected argument `" + a.get(1).text() + "` (expected: [endpoint])", a.get(1));
        }
        if (a.isEmpty()) {
            for (Simulation.Endpoint e : s.session().sim().endpoints()) {
                show(s, e);
            }
        } else {
            show(s, endpoint(s, a.getFirst()));
        }
    }

    private static void show(Shell s, Simulation.Endpoint e) {
        PrintWriter out = s.out();
        Connection c = e.connection();
        List<String> head = Renderers.wrap(e.name() + " " + e.address().getHostAddress() + " — "
                + Renderers.state(e) + ", " + (e.auto() ? "auto" : "manual"), s.width(), "", "  ");
        out.println(s.style().heading(e.name()) + head.getFirst().substring(e.name().length()));
        head.subList(1, head.size()).forEach(out::println);
        if (c == null) {
            Renderers.wrap("connection: none, no TCB (CLOSED)" + (e.listening() != null ? "; listener: LISTEN on port "
                    + e.listening() + ", a SYN to it makes a new connection" : ""), s.width(), "  ", "    ")
                    .forEach(out::println);
            return;
        }
        if (e.listening() != null) {
            Renderers.wrap("listener LISTEN on port " + e.listening() + " (apart from this connection)", s.width(), "  ",
                    "    ").forEach(out::println);
        }
        Tcb t = c.tcb();
        for (String line : Renderers.tcb(t)) {
            out.println("  " + line);
        }
        out.println("  RTO      " + (t.rto() / 1_000_000) + " ms" + (t.srtt() >= 0 ? ", SRTT " + t.srtt() / 1_000_000
                + " ms, RTTVAR " + t.rttvar() / 1_000_000 + " ms" : "") + (t.retransmissions() > 0
                ? ", " + t.retransmissions() + " retransmissions" : ""));
        Renderers.wrap(Renderers.congestion(c.congestion()), s.width(), "  ", "           ").forEach(out::println);
        out.println("  queues   " + t.unsent() + " bytes unsent, " + t.readable() + " bytes to read");
        long d = c.nextDeadline();
        out.println("  timer    " + (d == Connection.NEVER ? "none armed" : "next at " + Session.time(d)));
        if (!e.suggestion().isEmpty()) {
            for (Segment seg : e.suggestion()) {
                out.println("  would send: " + e.name() + " send " + Renderers.typed(seg));
            }
        }
    }

    private static void trace(Shell s, Token name, List<Token> a) throws CommandException {
        Commands.noArguments(a);
        for (TraceEntry e : s.session().sim().trace().entries()) {
            s.out().println("[" + Session.time(e.time()) + "] " + e.text());
        }
    }

    /** {@code #n} → the segment sent as transmission n. */
    static TraceEntry.Sent segmentRef(Shell s, Token t) throws CommandException {
        String text = t.text();
        if (!text.startsWith("#")) {
            throw new CommandException("`" + text + "` (expected: a segment number like #3; `trace` lists them)", t);
        }
        long n = Numbers.parse(new Token(text.substring(1), t.column() + 1, Math.max(1, t.width() - 1), false),
                "segment number", 1, Long.MAX_VALUE);
        TraceEntry.Sent sent = s.session().trace().sent(n);
        if (sent == null) {
            long last = s.session().trace().of(TraceEntry.Sent.class).size();
            throw new CommandException("no segment #" + n + " (expected: " + (last == 0 ? "none sent yet"
                    : "#1..#" + last) + ")", t);
        }
        return sent;
    }

    private static TraceEntry.Sent oneRef(Shell s, Token name, List<Token> a) throws CommandException {
        if (a.size() != 1) {
            throw new CommandException(a.isEmpty() ? "missing segment (expected: #n, e.g. " + name.text() + " #1)"
                    : "unexpected argument `" + a.get(1).text() + "`", a.isEmpty() ? name.column() + name.width()
                    : a.get(1).column(), 1);
        }
        return segmentRef(s, a.getFirst());
    }

    private static void hex(Shell s, Token name, List<Token> a) throws CommandException {
        TraceEntry.Sent sent = oneRef(s, name, a);
        s.out().println("#" + sent.number() + " " + sent.from() + " → " + sent.to() + ", " + sent.bytes().length
                + " bytes as sent");
        s.out().print(HexDump.annotated(sent.bytes()));
    }

    private static void fields(Shell s, Token name, List<Token> a) throws CommandException {
        TraceEntry.Sent sent = oneRef(s, name, a);
        s.out().print(FieldView.render(SegmentCodec.decodeLenient(sent.bytes())));
    }

    /** {@code checksum #n}: the TCP checksum of a segment worked through, pseudo-header included. */
    static void checksumOf(Shell s, Token ref) throws CommandException {
        TraceEntry.Sent sent = segmentRef(s, ref);
        // the codec says where the TCP segment starts and what its checksum field holds; the sum is worked over
        // the segment as encoded with that field zero
        Segment onWire = SegmentCodec.decodeLenient(sent.bytes()).segment();
        if (onWire == null || onWire.checksum() == null) {
            throw new CommandException("#" + sent.number() + " does not decode as TCP (expected: a segment with a TCP"
                    + " header; `fields " + ref.text() + "` shows why)", ref);
        }
        int field = onWire.checksum();
        byte[] zeroed = SegmentCodec.encode(onWire.toBuilder().checksum(0).build());
        int ipLen = SegmentCodec.ipHeaderLength(onWire.ip());
        byte[] tcp = java.util.Arrays.copyOfRange(zeroed, ipLen, zeroed.length);
        byte[] pseudo = PseudoHeader.bytes(onWire.src().getAddress(), onWire.dst().getAddress(), tcp.length);
        int hl = SegmentCodec.tcpHeaderLength(onWire);
        ChecksumWork w = ChecksumWork.builder().add("pseudo-header", pseudo)
                .add("tcp header", tcp, 0, Math.min(hl, tcp.length))
                .add("payload", tcp, Math.min(hl, tcp.length), tcp.length - Math.min(hl, tcp.length)).build();
        s.out().println("#" + sent.number() + ": checksum over the pseudo-header (RFC 9293 §3.1), the TCP header"
                + " with its checksum field as zero, and the payload");
        for (String line : w.render()) {
            s.out().println(line);
        }
        s.out().println(String.format("%-14s %04x (%s)", "in the header:", field,
                field == w.checksum() ? "matches: the receiver's sum will fold to ffff" : "DIFFERS: the receiver drops it"));
    }

    private static void decode(Shell s, Token name, List<Token> a) throws CommandException {
        if (a.isEmpty()) {
            throw new CommandException("missing bytes (expected: decode HEX, an IPv4 or IPv6 packet)",
                    name.column() + name.width(), 1);
        }
        byte[] bytes = Commands.parseHex(a);
        Decoded d;
        try {
            d = SegmentCodec.decodeLenient(bytes);
            if (d.segment() == null) {
                SegmentCodec.decode(bytes);
            }
        } catch (MalformedPacketException e) {
            throw new CommandException("cannot decode: " + e.getMessage(), a.getFirst());
        }
        s.out().println(TcpdumpFormat.line(d.segment()));
        s.out().print(FieldView.render(d));
    }

    private static void explain(Shell s, Token name, List<Token> a) throws CommandException {
        if (a.size() > 1) {
            throw new CommandException("unexpected argument `" + a.get(1).text() + "` (expected: [#n])", a.get(1));
        }
        List<TraceEntry> all = s.session().trace().entries();
        long number;
        if (a.isEmpty()) {
            List<TraceEntry.Delivered> d = s.session().trace().of(TraceEntry.Delivered.class);
            List<TraceEntry.Dropped> x = s.session().trace().of(TraceEntry.Dropped.class);
            if (d.isEmpty() && x.isEmpty()) {
                throw new CommandException("nothing has arrived yet (expected: explain after a `step`)", name);
            }
            long last = -1;
            for (TraceEntry e : all) {
                if (e instanceof TraceEntry.Delivered dd) {
                    last = dd.number();
                } else if (e instanceof TraceEntry.Dropped dr) {
                    last = dr.number();
                }
            }
            number = last;
        } else {
            number = segmentRef(s, a.getFirst()).number();
        }
        TraceEntry.Sent sent = s.session().trace().sent(number);
        s.out().println("#" + number + " " + sent.from() + " → " + sent.to() + ": " + TcpdumpFormat.line(sent.segment()));
        boolean found = false;
        for (int i = 0; i < all.size(); i++) {
            TraceEntry e = all.get(i);
            if (e instanceof TraceEntry.Link l && l.number() == number) {
                s.out().println("  on the link: " + l.detail());
                found = true;
            }
            if (e instanceof TraceEntry.Dropped d && d.number() == number) {
                s.out().println("  " + d.to() + " never saw it: " + d.reason());
                found = true;
            }
            if (e instanceof TraceEntry.Delivered d && d.number() == number) {
                found = true;
                s.out().println("  arrived at " + d.to() + " at " + Session.time(d.time()) + ":");
                if (s.session().linux() != null && s.session().linux().isKernel(d.to())) {
                    s.out().println("    the Linux kernel took it; its reasoning is not traced, only its replies"
                            + " (the segments it sends next)");
                }
                for (int j = i + 1; j < all.size(); j++) {
                    TraceEntry f = all.get(j);
                    if (f instanceof TraceEntry.Delivered || f instanceof TraceEntry.Dropped
                            || f instanceof TraceEntry.Call || f.time() != d.time()) {
                        break;
                    }
                    if (f instanceof TraceEntry.Endpoint ep && ep.event().endpoint().equals(d.to())) {
                        Event ev = ep.event();
                        s.out().println("    " + ev);
                    } else if (f instanceof TraceEntry.Sent r && r.from().equals(d.to())) {
                        s.out().println("    so it sent #" + r.number() + ": " + Renderers.typed(r.segment()));
                    } else if (f instanceof TraceEntry.Suggested sg && sg.endpoint().equals(d.to())) {
                        for (Segment seg : sg.segments()) {
                            s.out().println("    RFC 9293 has it send (manual, not sent yet): " + Renderers.typed(seg));
                        }
                    }
                }
            }
        }
        if (!found) {
            s.out().println("  still in flight");
        }
    }

    // ------------------------------------------------------------------ the link

    private static void link(Shell s, Token name, List<Token> a) throws CommandException {
        Simulation sim = s.session().sim();
        if (a.isEmpty()) {
            for (Simulation.Endpoint e : sim.endpoints()) {
                LinkProfile p = sim.wireFrom(e).profile();
                s.out().println(e.name() + "→" + e.peer().name() + ": " + describe(p));
            }
            return;
        }
        List<Simulation.Endpoint> from = new ArrayList<>(sim.endpoints());
        int i = 0;
        String dir = a.getFirst().text().toLowerCase(Locale.ROOT).replace("->", "→");
        if (!dir.contains("=")) {
            from.clear();
            if (dir.equals("both")) {
                from.addAll(sim.endpoints());
            } else {
                for (Simulation.Endpoint e : sim.endpoints()) {
                    if (dir.equals(e.name() + "→" + e.peer().name()) || dir.equals(e.name())) {
                        from.add(e);
                    }
                }
                if (from.isEmpty()) {
                    throw new CommandException("unknown direction `" + a.getFirst().text()
                            + "` (expected: client→server, server→client or both; -> works too)", a.getFirst());
                }
            }
            i = 1;
        }
        LinkProfile[] next = new LinkProfile[2];
        for (Simulation.Endpoint e : sim.endpoints()) {
            next[sim.endpoints().indexOf(e)] = sim.wireFrom(e).profile();
        }
        Long seed = null;
        for (Token t : a.subList(i, a.size())) {
            int eq = t.text().indexOf('=');
            if (eq < 0) {
                throw new CommandException("`" + t.text() + "` (expected: key=value, e.g. loss=10%)", t);
            }
            String key = t.text().substring(0, eq).toLowerCase(Locale.ROOT);
            Token v = new Token(t.text().substring(eq + 1), t.column() + eq + 1, Math.max(1, t.width() - eq - 1), false);
            if (key.equals("seed")) {
                seed = Numbers.parse(v, "seed", Long.MIN_VALUE, Long.MAX_VALUE);
                continue;
            }
            for (Simulation.Endpoint e : from) {
                int k = sim.endpoints().indexOf(e);
                LinkProfile p = next[k];
                try {
                    next[k] = switch (key) {
                        case "delay" -> p.withDelayNanos(Numbers.duration(v, "delay").toNanos());
                        case "jitter" -> p.withJitterNanos(Numbers.duration(v, "jitter").toNanos());
                        case "loss" -> p.withLoss(Numbers.probability(v, "loss"));
                        case "dup", "duplicate" -> p.withDuplicate(Numbers.probability(v, "dup"));
                        case "reorder" -> p.withReorder(Numbers.probability(v, "reorder"));
                        case "corrupt" -> p.withCorrupt(Numbers.probability(v, "corrupt"));
                        case "mtu" -> p.withMtu((int) Numbers.parse(v, "mtu", 68, 65535));
                        case "rate", "bandwidth" -> p.withBitsPerSecond(rate(v));
                        default -> {
                            String hint = Suggest.closest(key, List.of("delay", "jitter", "loss", "dup", "reorder",
                                    "corrupt", "mtu", "rate", "seed"));
                            throw new CommandException("unknown link setting `" + key + "`" + (hint != null
                                    ? "; did you mean `" + hint + "`?"
                                    : " (expected: delay jitter loss dup reorder corrupt mtu rate seed)"), t);
                        }
                    };
                } catch (IllegalArgumentException bad) {
                    throw new CommandException(bad.getMessage(), v);
                }
            }
        }
        for (Simulation.Endpoint e : from) {
            sim.link(e, next[sim.endpoints().indexOf(e)]);
        }
        if (seed != null) {
            sim.reseed(seed);
        }
        for (Simulation.Endpoint e : sim.endpoints()) {
            s.out().println(e.name() + "→" + e.peer().name() + ": " + describe(sim.wireFrom(e).profile()));
        }
    }

    private static long rate(Token v) throws CommandException {
        String t = v.text().toLowerCase(Locale.ROOT).replace("bps", "").replace("bit", "");
        long scale = 1;
        if (t.endsWith("k")) {
            scale = 1_000;
        } else if (t.endsWith("m")) {
            scale = 1_000_000;
        } else if (t.endsWith("g")) {
            scale = 1_000_000_000;
        }
        String n = scale == 1 ? t : t.substring(0, t.length() - 1);
        try {
            long r = Math.round(Double.parseDouble(n) * scale);
            if (r >= 0) {
                return r;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new CommandException("rate `" + v.text() + "` (expected: bits per second like 10m, 512k, 0 for unlimited)", v);
    }

    static String describe(LinkProfile p) {
        return "delay=" + ms(p.delayNanos()) + " jitter=" + ms(p.jitterNanos()) + " loss=" + pct(p.loss())
                + " dup=" + pct(p.duplicate()) + " reorder=" + pct(p.reorder()) + " corrupt=" + pct(p.corrupt())
                + " mtu=" + p.mtu() + " rate=" + (p.bitsPerSecond() == 0 ? "unlimited" : p.bitsPerSecond() + "bps");
    }

    private static String ms(long nanos) {
        return nanos % 1_000_000 == 0 ? nanos / 1_000_000 + "ms" : nanos / 1000 + "us";
    }

    private static String pct(double p) {
        double v = p * 100;
        return (v == Math.rint(v) ? String.valueOf((long) v) : String.format("%.2f", v)) + "%";
    }

    private static void aim(Shell s, Token name, List<Token> a, Wire.Shot shot) throws CommandException {
        String verb = name.text().toLowerCase(Locale.ROOT);
        if (a.isEmpty() || !a.getFirst().text().equalsIgnoreCase("next")) {
            throw new CommandException("expected: " + verb + " next [client|server]" + (shot == Wire.Shot.DELAY
                    ? " DURATION" : ""), a.isEmpty() ? name.column() + name.width() : a.getFirst().column(),
                    a.isEmpty() ? 1 : a.getFirst().width());
        }
        List<Token> rest = new ArrayList<>(a.subList(1, a.size()));
        Duration delay = null;
        if (shot == Wire.Shot.DELAY) {
            if (rest.isEmpty()) {
                throw new CommandException("missing duration (expected: delay next [client|server] 200ms)",
                        a.getLast().column() + a.getLast().width(), 1);
            }
            delay = Numbers.duration(rest.removeLast(), "delay");
        }
        if (rest.size() > 1) {
            throw new CommandException("unexpected argument `" + rest.get(1).text() + "`", rest.get(1));
        }
        Simulation sim = s.session().sim();
        if (rest.isEmpty()) {
            sim.aimNext(shot, delay);
            s.out().println("the next segment either endpoint sends will be " + done(shot, delay));
        } else {
            Simulation.Endpoint e = endpoint(s, rest.getFirst());
            sim.aim(e, shot, 1, delay);
            s.out().println("the next segment " + e.name() + " sends will be " + done(shot, delay));
        }
    }

    private static String done(Wire.Shot shot, Duration d) {
        return switch (shot) {
            case DROP -> "dropped on the link";
            case CORRUPT -> "corrupted on the link (one bit flipped)";
            case DUPLICATE -> "duplicated on the link";
            case DELAY -> "delayed by " + d.toMillis() + " ms";
        };
    }

    // ------------------------------------------------------------------ pictures and files

    private static void diagram(Shell s, Token name, List<Token> a) throws CommandException {
        boolean ascii = false;
        for (Token t : a) {
            if (t.text().equals("--ascii")) {
                ascii = true;
            } else {
                throw new CommandException("unexpected argument `" + t.text() + "` (expected: [--ascii])", t);
            }
        }
        Ladder ladder = s.session().ladder();
        for (String line : ladder.text(s.width(), ascii || !s.style().unicode())) {
            s.out().println(line);
        }
    }

    private static void export(Shell s, Token name, List<Token> a) throws CommandException {
        if (!a.isEmpty() && a.getFirst().text().equalsIgnoreCase("graph")) {
            GraphCommands.export(s, a.getFirst(), a.subList(1, a.size()));
            return;
        }
        if (!a.isEmpty() && a.getFirst().text().equalsIgnoreCase("packetdrill")) {
            PacketdrillCommands.export(s, a.getFirst(), a.subList(1, a.size()));
            return;
        }
        if (a.size() != 2) {
            throw new CommandException("expected: export pcap|json|svg|packetdrill FILE", a.isEmpty()
                    ? name.column() + name.width() : a.getLast().column() + a.getLast().width(), 1);
        }
        String kind = a.getFirst().text().toLowerCase(Locale.ROOT);
        Path file = Path.of(a.get(1).text());
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new CommandException("no such directory: " + parent, a.get(1));
        }
        try {
            switch (kind) {
                case "pcap", "pcapng" -> Exports.pcapng(s.session().sim().trace(), file);
                case "json", "jsonl" -> Exports.jsonLines(s.session().sim().trace(), file);
                case "svg" -> dev.tcpstep.codec.AtomicFile.write(file, Ladder.of(s.session().sim()).svg());
                default -> throw new CommandException("unknown export `" + a.getFirst().text()
                        + "` (expected: pcap, json, svg or packetdrill)", a.getFirst());
            }
        } catch (IOException e) {
            throw new CommandException("cannot write " + file + ": " + e.getMessage(), a.get(1));
        }
        s.out().println("wrote " + file + (kind.startsWith("pcap") ? " (pcapng: one packet per transmission, "
                + "comments say what each did)" : ""));
    }

    // ------------------------------------------------------------------ new

    private static void newSession(Shell s, Token name, List<Token> a) throws CommandException {
        Session.Setup d = Session.Setup.defaults();
        long seed = d.seed();
        boolean ipv6 = false;
        InetAddress ca = null;
        InetAddress sa = null;
        int cp = d.clientPort();
        int sp = d.serverPort();
        Long ci = null;
        Long si = null;
        Token linux = null;
        for (int i = 0; i < a.size(); i++) {
            Token t = a.get(i);
            String opt = t.text();
            Token v = i + 1 < a.size() ? a.get(i + 1) : null;
            switch (opt) {
                case "--ipv6" -> ipv6 = true;
                case "--linux", "--linux=server", "--linux=client" -> linux = t;
                case "--seed" -> {
                    seed = Numbers.parse(need(t, v), "seed", Long.MIN_VALUE, Long.MAX_VALUE);
                    i++;
                }
                case "--isn" -> {
                    Token val = need(t, v);
                    i++;
                    if (!val.text().equalsIgnoreCase("random") && !val.text().equalsIgnoreCase("rfc6528")) {
                        String[] parts = val.text().split(",", -1);
                        if (parts.length != 2) {
                            throw new CommandException("--isn `" + val.text()
                                    + "` (expected: CLIENT,SERVER like 0,5000, or rfc6528)", val);
                        }
                        ci = Numbers.parse(new Token(parts[0], val.column(), Math.max(1, parts[0].length()), false),
                                "client ISN", 0, 0xFFFF_FFFFL);
                        si = Numbers.parse(new Token(parts[1], val.column() + parts[0].length() + 1,
                                Math.max(1, parts[1].length()), false), "server ISN", 0, 0xFFFF_FFFFL);
                    }
                }
                case "--client", "--server" -> {
                    Token val = need(t, v);
                    i++;
                    Object[] ap = addressPort(val);
                    if (opt.equals("--client")) {
                        ca = (InetAddress) ap[0];
                        cp = ap[1] == null ? cp : (Integer) ap[1];
                    } else {
                        sa = (InetAddress) ap[0];
                        sp = ap[1] == null ? sp : (Integer) ap[1];
                    }
                }
                default -> throw new CommandException("unknown option `" + opt
                        + "` (expected: --ipv6 --seed N --isn C,S --client ADDR[:PORT] --server ADDR[:PORT]"
                        + " --linux[=server|client])", t);
            }
        }
        try {
            if (ca == null) {
                ca = ipv6 ? InetAddress.getByName("2001:db8::1") : d.clientAddress();
            }
            if (sa == null) {
                sa = ipv6 ? InetAddress.getByName("2001:db8::2") : d.serverAddress();
            }
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        if (ca.getClass() != sa.getClass()) {
            throw new CommandException("client " + ca.getHostAddress() + " and server " + sa.getHostAddress()
                    + " are different IP versions (expected: both IPv4 or both IPv6)", name);
        }
        if (ca.equals(sa)) {
            throw new CommandException("client and server both have address " + ca.getHostAddress()
                    + " (expected: two addresses)", name);
        }
        Session.Setup setup = new Session.Setup(seed, ca instanceof java.net.Inet6Address, ca, cp, sa, sp, ci, si);
        if (linux != null) {
            LinuxMode mode = LinuxMode.start(ipv6, seed, linux.text().endsWith("=client") ? "client" : "server", linux,
                    s.out());
            // a fresh simulation underneath gives the endpoint names (client, server) the shell resolves
            s.session().start(setup);
            s.session().startLinux(mode);
            s.out().println(mode.describe());
            return;
        }
        s.session().endLinux();
        s.session().start(setup);
        s.out().println("new session: client " + ca.getHostAddress() + "." + cp + ", server " + sa.getHostAddress()
                + "." + sp + ", ISNs " + (ci == null ? "RFC 6528 (seed " + seed + ")" : ci + " and " + si)
                + ", both endpoints manual");
    }

    private static Token need(Token opt, Token v) throws CommandException {
        if (v == null) {
            throw new CommandException(opt.text() + " needs a value", opt.column() + opt.width(), 1);
        }
        return v;
    }

    /** {@code 192.0.2.9}, {@code 192.0.2.9:8080}, {@code [2001:db8::9]:8080}, {@code 2001:db8::9}. */
    private static Object[] addressPort(Token t) throws CommandException {
        String text = t.text();
        String host = text;
        Integer port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new CommandException("`" + text + "` (expected: [IPv6]:port)", t);
            }
            host = text.substring(1, close);
            if (close + 1 < text.length()) {
                port = portAfter(t, close + 1);
            }
        } else if (text.chars().filter(c -> c == ':').count() == 1) {
            int colon = text.indexOf(':');
            host = text.substring(0, colon);
            port = portAfter(t, colon);
        }
        if (!host.matches("[0-9a-fA-F.:]+")) {
            throw new CommandException("`" + host + "` is not an IP address literal (expected: e.g. 192.0.2.9 or "
                    + "2001:db8::9)", t);
        }
        try {
            // A literal only: getByName would look up a name made of hex digits (`cafe`) in the DNS.
            return new Object[] {InetAddress.ofLiteral(host), port};
        } catch (IllegalArgumentException e) {
            throw new CommandException("`" + host + "` is not an IP address literal (expected: e.g. 192.0.2.9 or "
                    + "2001:db8::9)", t);
        }
    }

    private static int portAfter(Token t, int colon) throws CommandException {
        String p = t.text().substring(colon + 1);
        return (int) Numbers.parse(new Token(p, t.column() + colon + 1, Math.max(1, p.length()), false), "port", 1, 65535);
    }
}
