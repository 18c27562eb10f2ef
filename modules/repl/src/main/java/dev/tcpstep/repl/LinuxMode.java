package dev.tcpstep.repl;

import dev.tcpstep.codec.Payload;
import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.TcpFlags;
import dev.tcpstep.codec.TcpOption;
import dev.tcpstep.link.Exports;
import dev.tcpstep.link.Simulation;
import dev.tcpstep.link.Trace;
import dev.tcpstep.link.TraceEntry;
import dev.tcpstep.statemachine.Connection;
import dev.tcpstep.statemachine.FourTuple;
import dev.tcpstep.statemachine.IsnSource;
import dev.tcpstep.statemachine.Tcb;
import dev.tcpstep.tun.Availability;
import dev.tcpstep.tun.LinuxSocket;
import dev.tcpstep.tun.LinuxSocketException;
import dev.tcpstep.tun.NetNamespace;
import dev.tcpstep.tun.TunException;
import dev.tcpstep.tun.TunLink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code new --linux[=server|client]}: one side is tcpstep, stepped by hand; the other is the
 * real Linux TCP stack in a throwaway network namespace, reached through a TUN device
 * ({@link TunLink}) and driven through a real socket (a python3 program inside the namespace).
 * The kernel is the server by default ({@code --linux=client}: a Linux client connects to a
 * tcpstep server). Its commands are rows of the one command table ({@link Command.Builder#linux});
 * the link's trace is the one trace type, so {@code diagram}, {@code explain}, {@code hex},
 * {@code trace} and the exports read it as they read a simulation's. Needs Linux and root; the
 * namespace is deleted by {@code new}, {@code quit} or the end of input, and one left by a
 * killed session is swept when the next Linux session starts.
 */
final class LinuxMode implements AutoCloseable {
    /** The ports the two sides use: the client's, and the server's (listen and connect default). */
    private static final int CLIENT_PORT = 49152;
    private static final int SERVER_PORT = 80;
    /** How long {@code accept} (and a call that needs the accepted connection) waits for the handshake. */
    private static final Duration ACCEPT_WAIT = Duration.ofSeconds(2);
    /** {@code ss}'s state words, in RFC 9293's names. */
    private static final Map<String, String> SS_STATES = Map.ofEntries(Map.entry("ESTAB", "ESTABLISHED"),
            Map.entry("SYN-SENT", "SYN-SENT"), Map.entry("SYN-RECV", "SYN-RECEIVED"),
            Map.entry("FIN-WAIT-1", "FIN-WAIT-1"), Map.entry("FIN-WAIT-2", "FIN-WAIT-2"),
            Map.entry("TIME-WAIT", "TIME-WAIT"), Map.entry("CLOSE-WAIT", "CLOSE-WAIT"),
            Map.entry("LAST-ACK", "LAST-ACK"), Map.entry("CLOSING", "CLOSING"), Map.entry("LISTEN", "LISTEN"));

    private final TunLink link;
    private final IsnSource isn;
    /** The endpoint name of the kernel's side ({@code server} or {@code client}) and of ours. */
    private final String kernelName;
    private final String oursName;
    private LinuxSocket socket;
    private Integer listening;
    private Integer ourListener;
    private int printed;

    private LinuxMode(TunLink link, IsnSource isn, String kernelName) {
        this.link = link;
        this.isn = isn;
        this.kernelName = kernelName;
        this.oursName = kernelName.equals("server") ? "client" : "server";
    }

    /**
     * Starts a Linux session; the kernel is {@code kernelSide} ({@code server} or {@code client}).
     * Namespaces left by a killed session are swept first, and each one is reported.
     */
    static LinuxMode start(boolean ipv6, long seed, String kernelSide, Token at, java.io.PrintWriter out)
            throws CommandException {
        Availability a = Availability.check();
        if (!a.available()) {
            throw new CommandException("new --linux needs Linux, root, /dev/net/tun, ip and python3: "
                    + a.reason(), at);
        }
        try {
            for (String swept : NetNamespace.sweepStale()) {
                out.println("removed a namespace left by a killed session: " + swept);
            }
            IsnSource isn = IsnSource.rfc6528(seed);
            String ours = kernelSide.equals("server") ? "client" : "server";
            TunLink link = TunLink.builder().ipv6(ipv6).name(ours).kernelName(kernelSide).isn(isn).start();
            link.auto(false);
            return new LinuxMode(link, isn, kernelSide);
        } catch (TunException e) {
            throw new CommandException("new --linux: " + e.getMessage(), at);
        }
    }

    String describe() {
        return "new session against Linux: " + oursName + " " + link.ourAddress().getHostAddress()
                + " is tcpstep (manual), " + kernelName + " " + link.kernelAddress().getHostAddress()
                + " is the Linux kernel in network namespace " + link.namespace().name() + "; "
                + (kernelName.equals("server") ? "`server listen` opens a real Linux listener"
                : "`server listen`, then `client connect` makes Linux connect");
    }

    /** The link's trace: the one trace type, read by diagram, explain, hex, trace and the exports. */
    Trace trace() {
        return link.trace();
    }

    String prompt() {
        String ours = oursName + " " + oursState();
        String kernel = kernelName + "(linux) " + kernelState();
        return (kernelName.equals("server") ? ours + " · " + kernel : kernel + " · " + ours) + " > ";
    }

    // ------------------------------------------------------------------ rows of the command table

    private static LinuxMode of(Shell s) {
        return s.session().linux();
    }

    /** {@code client|server send/accept/listen/connect/write/read/close/abort} against Linux. */
    static void endpointCommand(Shell s, Simulation.Endpoint e, Token name, List<Token> args) throws CommandException {
        LinuxMode m = of(s);
        guarded(name, () -> {
            if (e.name().equals(m.kernelName)) {
                m.kernel(s, name, args);
            } else {
                m.ours(s, name, args);
            }
        });
    }

    static void status(Shell s, Token name, List<Token> a) throws CommandException {
        Commands.noArguments(a);
        LinuxMode m = of(s);
        guarded(name, () -> {
            s.out().println("client " + (m.kernelName.equals("client") ? m.kernelState() + " (Linux)" : m.oursState()));
            s.out().println("server " + (m.kernelName.equals("server") ? m.kernelState() + " (Linux)" : m.oursState()));
        });
    }

    /** {@code step [DURATION]}: lets real time pass (200 ms unless given) while packets cross. */
    static void step(Shell s, Token name, List<Token> a) throws CommandException {
        pumpFor(s, name, a, Duration.ofMillis(200));
    }

    static void run(Shell s, Token name, List<Token> a) throws CommandException {
        Commands.noArguments(a);
        pumpFor(s, name, a, Duration.ofSeconds(1));
    }

    static void advance(Shell s, Token name, List<Token> a) throws CommandException {
        if (a.isEmpty()) {
            throw new CommandException("missing duration (expected: e.g. advance 200ms)", name.column() + name.width(), 1);
        }
        pumpFor(s, name, a, null);
    }

    private static void pumpFor(Shell s, Token name, List<Token> a, Duration dflt) throws CommandException {
        if (a.size() > 1) {
            throw new CommandException("unexpected argument `" + a.get(1).text() + "` (expected: [DURATION])", a.get(1));
        }
        Duration d = a.isEmpty() ? dflt : Numbers.duration(a.getFirst(), "duration");
        guarded(name, () -> of(s).link.pump(d));
    }

    static void auto(Shell s, Token name, List<Token> a) throws CommandException {
        LinuxMode m = of(s);
        if (a.isEmpty()) {
            s.out().println(m.oursName + " " + (m.link.auto() ? "auto" : "manual"));
            s.out().println(m.kernelName + " Linux (always answers by itself)");
            return;
        }
        boolean on = SimCommands.onOff(a.getFirst());
        for (Token t : a.subList(1, a.size())) {
            if (!t.text().equals(m.oursName)) {
                throw new CommandException("`" + t.text() + "`: only tcpstep's side switches (expected: " + m.oursName
                        + "; the Linux " + m.kernelName + " always answers by itself)", t);
            }
        }
        m.link.auto(on);
        s.out().println(m.oursName + " " + (on ? "auto: sends what RFC 9293 says by itself"
                : "manual: shows what RFC 9293 would send; you type it (or `" + m.oursName + " accept`)"));
    }

    static void autoFor(Shell s, Simulation.Endpoint e, Token name, List<Token> a) throws CommandException {
        List<Token> words = new java.util.ArrayList<>(a);
        if (!words.isEmpty()) {
            words.add(new Token(e.name(), name.column(), name.width(), false));
        }
        auto(s, name, words);
    }

    static void show(Shell s, Token name, List<Token> a) throws CommandException {
        if (a.size() > 1) {
            throw new CommandException("unexpected argument `" + a.get(1).text() + "` (expected: [client|server])",
                    a.get(1));
        }
        LinuxMode m = of(s);
        String which = a.isEmpty() ? null : a.getFirst().text();
        if (which != null && !which.equals("client") && !which.equals("server")) {
            throw new CommandException("unknown endpoint `" + which + "` (expected: client or server)", a.getFirst());
        }
        guarded(name, () -> {
            for (String e : List.of("client", "server")) {
                if (which == null || which.equals(e)) {
                    if (e.equals(m.oursName)) {
                        m.showOurs(s);
                    } else {
                        m.showKernel(s);
                    }
                }
            }
        });
    }

    static void showFor(Shell s, Simulation.Endpoint e, Token name, List<Token> a) throws CommandException {
        Commands.noArguments(a);
        show(s, name, List.of(new Token(e.name(), name.column(), name.width(), false)));
    }

    static void trace(Shell s, Token name, List<Token> a) throws CommandException {
        Commands.noArguments(a);
        for (TraceEntry e : of(s).link.trace().entries()) {
            s.out().println("[" + Session.time(e.time()) + "] " + e.text());
        }
    }

    static void export(Shell s, Token name, List<Token> a) throws CommandException {
        if (a.size() != 2) {
            throw new CommandException("expected: export pcap|json|svg FILE", a.isEmpty() ? name.column() + name.width()
                    : a.getLast().column() + a.getLast().width(), 1);
        }
        String kind = a.getFirst().text().toLowerCase(Locale.ROOT);
        Path file = Path.of(a.get(1).text());
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new CommandException("no such directory: " + parent, a.get(1));
        }
        LinuxMode m = of(s);
        try {
            switch (kind) {
                case "pcap", "pcapng" -> m.link.writePcapng(file);
                case "json", "jsonl" -> Exports.jsonLines(m.link.trace(), file);
                case "svg" -> dev.tcpstep.codec.AtomicFile.write(file, s.session().ladder().svg());
                default -> throw new CommandException("`export " + a.getFirst().text() + "` against Linux (expected:"
                        + " pcap, json or svg; `export packetdrill` writes a simulated session)", a.getFirst());
            }
        } catch (IOException e) {
            throw new CommandException("cannot write " + file + ": " + e.getMessage(), a.get(1));
        }
        s.out().println("wrote " + file);
    }

    /** Runs {@code body}, turning the kernel side's failures into one-line errors. */
    private static void guarded(Token at, LinuxAction body) throws CommandException {
        try {
            body.run();
        } catch (LinuxSocketException e) {
            throw new CommandException("Linux says: " + e.getMessage().replaceFirst("^Linux socket: ", ""), at);
        } catch (TunException e) {
            throw new CommandException(e.getMessage(), at);
        }
    }

    @FunctionalInterface
    private interface LinuxAction {
        void run() throws CommandException;
    }

    // ------------------------------------------------------------------ tcpstep's side

    private Connection connection() {
        for (Connection c : link.host().connections()) {
            return c;
        }
        return null;
    }

    private String oursState() {
        Connection c = connection();
        if (c != null) {
            return c.state().rfcName();
        }
        return ourListener != null ? "LISTEN" : "CLOSED";
    }

    private int ourPort() {
        return oursName.equals("client") ? CLIENT_PORT : SERVER_PORT;
    }

    private void ours(Shell s, Token verb, List<Token> rest) throws CommandException {
        Connection c = connection();
        switch (verb.text().toLowerCase(Locale.ROOT)) {
            case "send" -> link.sendCrafted(build(SegmentSpec.parse(verb, rest)));
            case "accept" -> {
                Commands.noArguments(rest);
                List<TraceEntry.Suggested> held = link.trace().of(TraceEntry.Suggested.class);
                if (held.isEmpty()) {
                    throw new CommandException(oursName + " has no suggestion to accept (nothing is owed now; `show "
                            + oursName + "` shows its TCB)", verb);
                }
                held.getLast().segments().forEach(link::sendCrafted);
            }
            case "listen" -> {
                int port = port(rest, SERVER_PORT);
                if (link.host().listener(port) != null) {
                    throw new CommandException(oursName + " already listens on port " + port
                            + " (error: connection already exists)", verb);
                }
                link.listen(port);
                ourListener = port;
                s.out().println(oursName + " listens on port " + port + " (LISTEN)");
            }
            case "connect" -> {
                if (c != null) {
                    throw new CommandException(oursName + " already has a connection in " + c.state().rfcName()
                            + " (error: connection already exists)", verb);
                }
                link.connect(ourPort(), port(rest, listening != null ? listening : SERVER_PORT));
            }
            case "write" -> {
                need(c, verb);
                link.send(c, data(verb, rest));
            }
            case "read" -> {
                Commands.noArguments(rest);
                need(c, verb);
                byte[] got = link.receive(c);
                s.out().println(oursName + " read " + got.length + " bytes"
                        + (got.length == 0 ? "" : ": " + SimCommands.quote(Payload.copyOf(got))));
            }
            case "close" -> {
                Commands.noArguments(rest);
                need(c, verb);
                link.close(c);
            }
            case "abort" -> {
                Commands.noArguments(rest);
                need(c, verb);
                link.abort(c);
            }
            default -> throw new CommandException("`" + oursName + " " + verb.text() + "` against Linux (expected: send,"
                    + " accept, listen, connect, write, read, close, abort)", verb);
        }
    }

    private void need(Connection c, Token at) throws CommandException {
        if (c == null) {
            throw new CommandException(oursName + " has no connection (error: connection does not exist)", at);
        }
    }

    /** The segment typed after {@code send}, with our side's defaults filled in. */
    private Segment build(SegmentSpec spec) {
        Connection c = connection();
        Tcb tcb = c == null ? null : c.tcb();
        int kernelPort = kernelName.equals("server") ? (listening != null ? listening : SERVER_PORT) : CLIENT_PORT;
        FourTuple t = c != null ? c.tuple()
                : new FourTuple(link.ourAddress(), ourPort(), link.kernelAddress(), kernelPort);
        boolean syn = (spec.flags() & TcpFlags.SYN) != 0;
        long seq = spec.seq() != null ? spec.seq()
                : tcb != null && tcb.sndNxt() >= 0 && !(syn && tcb.iss() < 0) ? (syn ? tcb.iss() : tcb.sndNxt())
                : isn.isn(link.now(), t);
        long ack = spec.ack() != null ? spec.ack()
                : tcb != null && tcb.rcvNxt() >= 0 && (spec.flags() & TcpFlags.ACK) != 0 ? tcb.rcvNxt() : 0;
        int win = spec.window() != null ? spec.window() : tcb != null ? (int) Math.min(0xFFFF, tcb.rcvWnd()) : 65535;
        Segment.Builder b = link.segment().srcPort(t.localPort()).dstPort(t.remotePort()).seq(seq).ack(ack)
                .flags(spec.flags()).window(win);
        if (spec.mss() == null && syn) {
            // RFC 9293 §3.7.1: the MSS is the MTU less the IP and TCP headers (40 bytes more over IPv6).
            b.option(new TcpOption.Mss(link.kernelAddress() instanceof java.net.Inet6Address ? 1440 : 1460));
        }
        Session.typedOptions(spec, b);
        if (spec.data() != null) {
            b.payload(Payload.copyOf(spec.data()));
        }
        return b.build();
    }

    private void showOurs(Shell s) {
        Connection c = connection();
        s.out().println(s.style().heading(oursName) + " " + link.ourAddress().getHostAddress() + " — tcpstep, "
                + oursState() + ", " + (link.auto() ? "auto" : "manual"));
        if (c == null) {
            s.out().println("  connection: none, no TCB (CLOSED)");
            return;
        }
        Renderers.tcb(c.tcb()).forEach(l -> s.out().println("  " + l));
    }

    // ------------------------------------------------------------------ the kernel's side

    private LinuxSocket socket() {
        if (socket == null) {
            socket = link.linuxSocket();
        }
        return socket;
    }

    /** The kernel's connection with us as {@code ss} reports it, else LISTEN or CLOSED. */
    private String kernelState() {
        String peer = link.ourAddress().getHostAddress();
        String listener = null;
        try {
            for (String line : link.namespace().exec("ss", "-tanH").split("\n")) {
                String[] w = line.strip().split("\\s+");
                if (w.length < 5) {
                    continue;
                }
                if (w[4].startsWith(peer + ":") || w[4].startsWith("[" + peer + "]:")) {
                    return SS_STATES.getOrDefault(w[0], w[0]);
                }
                if (w[0].equals("LISTEN")) {
                    listener = "LISTEN";
                }
            }
        } catch (TunException e) {
            return "?";
        }
        return listener != null ? listener : "CLOSED";
    }

    private void kernel(Shell s, Token verb, List<Token> rest) throws CommandException {
        String v = verb.text().toLowerCase(Locale.ROOT);
        switch (v) {
            case "listen" -> {
                int port = port(rest, SERVER_PORT);
                socket().listen(port);
                listening = port;
                s.out().println("Linux listens on " + link.kernelAddress().getHostAddress() + " port " + port
                        + " (a python3 socket in the namespace)");
            }
            case "connect" -> {
                int port = port(rest, SERVER_PORT);
                int from = kernelName.equals("client") ? CLIENT_PORT : CLIENT_PORT + 1;
                socket().connectStart(port, from);
                s.out().println("Linux connects from port " + from + " to " + link.ourAddress().getHostAddress()
                        + " port " + port + " (non-blocking connect(2): its SYN is on the way)");
            }
            case "accept" -> {
                Commands.noArguments(rest);
                requireSocket(verb);
                if (listening == null) {
                    throw new CommandException("Linux has no listener (expected: " + kernelName + " listen first)", verb);
                }
                int peer = accepted(ACCEPT_WAIT, verb);
                s.out().println("Linux accepted the connection from port " + peer);
            }
            case "write" -> {
                byte[] d = data(verb, rest);
                requireConnection(verb);
                socket.send(d);
                s.out().println("Linux wrote " + d.length + " bytes");
            }
            case "read" -> {
                Commands.noArguments(rest);
                requireConnection(verb);
                LinuxSocket.Received r = socket.recv(65536, Duration.ofMillis(500));
                s.out().println("Linux read " + r.data().length + " bytes"
                        + (r.data().length == 0 ? "" : ": " + SimCommands.quote(Payload.copyOf(r.data())))
                        + (r.eof() ? " (end of stream: the FIN arrived)" : ""));
            }
            case "close" -> {
                Commands.noArguments(rest);
                requireSocket(verb);
                if (listening != null && socket.tryAccept() == null) {
                    socket.closeListener();
                    listening = null;
                    s.out().println("Linux closed its listener (no connection was accepted)");
                } else {
                    socket.close();
                }
            }
            case "abort" -> {
                Commands.noArguments(rest);
                requireConnection(verb);
                socket.abort();
            }
            case "send" -> throw new CommandException("the Linux " + kernelName + " sends its own segments (expected:"
                    + " listen, connect, accept, write, read, close, abort; `" + oursName + " send` types ours)", verb);
            default -> throw new CommandException("`" + kernelName + " " + verb.text() + "` against Linux (expected: "
                    + "listen, connect, accept, write, read, close, abort)", verb);
        }
    }

    private void requireSocket(Token at) throws CommandException {
        if (socket == null) {
            throw new CommandException("the Linux " + kernelName + " has no socket yet (expected: " + kernelName
                    + (kernelName.equals("server") ? " listen" : " connect") + " first)", at);
        }
    }

    /**
     * Makes sure the Linux program has its connection: a listener's is accepted here when the
     * handshake is complete (so {@code server write} right after the final ACK works, as a
     * program blocked in accept(2) would), waiting briefly for it.
     */
    private void requireConnection(Token at) throws CommandException {
        requireSocket(at);
        if (listening != null) {
            accepted(ACCEPT_WAIT, at);
        }
    }

    /** Accepts (or finds accepted) the listener's connection within {@code wait}; its peer port. */
    private int accepted(Duration wait, Token at) throws CommandException {
        Integer[] peer = new Integer[1];
        long end = System.nanoTime() + wait.toNanos();
        while ((peer[0] = socket.tryAccept()) == null && System.nanoTime() - end < 0) {
            link.pump(Duration.ofMillis(20));
        }
        if (peer[0] == null) {
            throw new CommandException("Linux's listener has no connection to accept: the handshake is not complete"
                    + " (the kernel's side: " + kernelState() + "; `" + oursName + " send ACK` finishes it)", at);
        }
        return peer[0];
    }

    private void showKernel(Shell s) {
        String state = kernelState();
        s.out().println(s.style().heading(kernelName) + " " + link.kernelAddress().getHostAddress() + " — Linux, " + state);
        if (socket == null) {
            s.out().println("  no socket program yet");
            return;
        }
        try {
            if (socket.state() != 0) {
                s.out().println("  TCP_INFO " + socket.info());
            } else if (listening != null) {
                s.out().println("  listener on port " + listening + ", no connection accepted by the program yet");
            }
        } catch (LinuxSocketException e) {
            s.out().println("  " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ shared

    private static int port(List<Token> rest, int dflt) throws CommandException {
        if (rest.size() > 1) {
            throw new CommandException("unexpected argument `" + rest.get(1).text() + "` (expected: [port])", rest.get(1));
        }
        return rest.isEmpty() ? dflt : (int) Numbers.parse(rest.getFirst(), "port", 1, 65535);
    }

    /** {@code write "text"} or {@code write 1000} (that many filler bytes). */
    private static byte[] data(Token verb, List<Token> rest) throws CommandException {
        if (rest.size() != 1) {
            throw new CommandException(rest.isEmpty() ? "missing data (expected: write \"text\" or write 1000)"
                    : "unexpected argument `" + rest.get(1).text() + "` (expected: one \"text\" or a byte count)",
                    rest.isEmpty() ? verb.column() + verb.width() : rest.get(1).column(), 1);
        }
        Token d = rest.getFirst();
        if (!d.quoted() && d.text().matches("\\d+")) {
            return SegmentSpec.filler((int) Numbers.parse(d, "byte count", 1, 1 << 20));
        }
        return d.text().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Prints the trace entries added since the last call, as a simulation's print. */
    void printNew(Shell shell) {
        List<TraceEntry> all = link.trace().entries();
        for (int i = printed; i < all.size(); i++) {
            String line = Renderers.entry(all.get(i), shell.style(), shell.width());
            if (line != null) {
                shell.out().println(line);
            }
        }
        printed = all.size();
    }

    /** True when {@code name} is the kernel's endpoint (for explain). */
    boolean isKernel(String name) {
        return kernelName.equals(name);
    }

    @Override
    public void close() {
        link.close();
    }
}
