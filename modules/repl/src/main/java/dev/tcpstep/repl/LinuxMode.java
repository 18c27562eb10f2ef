package dev.tcpstep.repl;

import dev.tcpstep.codec.Payload;
import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.TcpFlags;
import dev.tcpstep.codec.TcpOption;
import dev.tcpstep.statemachine.Connection;
import dev.tcpstep.statemachine.Event;
import dev.tcpstep.statemachine.FourTuple;
import dev.tcpstep.statemachine.IsnSource;
import dev.tcpstep.statemachine.Tcb;
import dev.tcpstep.tun.Availability;
import dev.tcpstep.tun.LinuxSocket;
import dev.tcpstep.tun.LinuxSocketException;
import dev.tcpstep.tun.TraceEntry;
import dev.tcpstep.tun.TunException;
import dev.tcpstep.tun.TunLink;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code new --linux}: the client is tcpstep, the server is the real Linux TCP stack in a
 * throwaway network namespace (through a TUN device). The person steps the client by hand
 * (typed SYN → the kernel's real SYN,ACK appears) and drives the Linux socket with
 * {@code server listen/accept/write/read/close/abort}. Needs Linux and root; the
 * namespace is deleted by {@code new}, {@code quit} or the end of input.
 */
final class LinuxMode implements AutoCloseable {
    private static final int CLIENT_PORT = 49152;
    private static final Map<Long, String> LINUX_STATES = Map.ofEntries(Map.entry(1L, "ESTABLISHED"),
            Map.entry(2L, "SYN-SENT"), Map.entry(3L, "SYN-RECEIVED"), Map.entry(4L, "FIN-WAIT-1"),
            Map.entry(5L, "FIN-WAIT-2"), Map.entry(6L, "TIME-WAIT"), Map.entry(7L, "CLOSED"),
            Map.entry(8L, "CLOSE-WAIT"), Map.entry(9L, "LAST-ACK"), Map.entry(10L, "LISTEN"), Map.entry(11L, "CLOSING"));

    private final TunLink link;
    private LinuxSocket socket;
    private Integer listening;
    private boolean accepted;
    private int printedTrace;
    private int printedEvents;

    private final IsnSource isn;

    private LinuxMode(TunLink link, IsnSource isn) {
        this.link = link;
        this.isn = isn;
    }

    static LinuxMode start(boolean ipv6, long seed, Token at) throws CommandException {
        Availability a = Availability.check();
        if (!a.available()) {
            throw new CommandException("new --linux needs Linux, root, /dev/net/tun, ip and python3: "
                    + a.reason(), at);
        }
        try {
            IsnSource isn = IsnSource.rfc6528(seed);
            TunLink link = TunLink.builder().ipv6(ipv6).name("client").isn(isn).start();
            link.auto(false);
            return new LinuxMode(link, isn);
        } catch (TunException e) {
            throw new CommandException("new --linux: " + e.getMessage(), at);
        }
    }

    String describe() {
        return "new session against Linux: client " + link.ourAddress().getHostAddress() + " is tcpstep (manual), server "
                + link.kernelAddress().getHostAddress() + " is the Linux kernel in network namespace "
                + link.namespace() + "; `server listen` opens a real Linux socket";
    }

    String prompt() {
        return "client " + clientState() + " · server(linux) " + serverState() + " > ";
    }

    private Connection connection() {
        for (Connection c : link.host().connections()) {
            return c;
        }
        return null;
    }

    private String clientState() {
        Connection c = connection();
        return c == null ? "CLOSED" : c.state().rfcName();
    }

    private String serverState() {
        if (socket == null || !socket.alive()) {
            return "CLOSED";
        }
        if (!accepted) {
            return listening != null ? "LISTEN" : "CLOSED";
        }
        try {
            Long st = socket.info().get("state");
            return st == null ? "?" : LINUX_STATES.getOrDefault(st, "state " + st);
        } catch (RuntimeException e) {
            return "CLOSED";
        }
    }

    /** Runs one command in Linux mode; returns false when the command is not one of Linux mode's. */
    boolean execute(Shell shell, List<Token> tokens) throws CommandException {
        Token first = tokens.getFirst();
        String cmd = first.text().toLowerCase(Locale.ROOT);
        List<Token> args = tokens.subList(1, tokens.size());
        try {
            switch (cmd) {
                case "client" -> client(shell, first, args);
                case "server" -> server(shell, first, args);
                case "step" -> pump(shell, args.isEmpty() ? Duration.ofMillis(200) : Numbers.duration(args.getFirst(), "step"));
                case "run" -> pump(shell, Duration.ofSeconds(1));
                case "advance" -> pump(shell, args.isEmpty() ? Duration.ofSeconds(1) : Numbers.duration(args.getFirst(), "duration"));
                case "status" -> {
                    shell.out().println("client " + clientState());
                    shell.out().println("server " + serverState() + " (Linux)");
                }
                case "auto" -> {
                    boolean on = !args.isEmpty() && args.getFirst().text().equalsIgnoreCase("on");
                    link.auto(on);
                    shell.out().println("client " + (on ? "auto" : "manual"));
                }
                case "trace" -> link.packets().forEach(e -> shell.out().println(e.line()));
                case "show" -> show(shell);
                case "export" -> {
                    if (args.size() != 2 || !args.getFirst().text().startsWith("pcap")) {
                        throw new CommandException("with --linux: export pcap FILE", first);
                    }
                    link.writePcapng(Path.of(args.get(1).text()));
                    shell.out().println("wrote " + args.get(1).text());
                }
                default -> {
                    return false;
                }
            }
        } catch (LinuxSocketException e) {
            printNew(shell);
            throw new CommandException("Linux says: " + e.getMessage(), first);
        } catch (TunException | IOException e) {
            throw new CommandException(e.getMessage(), first);
        }
        printNew(shell);
        return true;
    }

    private void client(Shell shell, Token first, List<Token> args) throws CommandException {
        if (args.isEmpty()) {
            throw new CommandException("what should the client do? (send, accept, connect, write, read, close, abort)",
                    first.column() + first.width(), 1);
        }
        Token verb = args.getFirst();
        List<Token> rest = args.subList(1, args.size());
        Connection c = connection();
        switch (verb.text().toLowerCase(Locale.ROOT)) {
            case "send" -> link.sendCrafted(build(SegmentSpec.parse(verb, rest)));
            case "accept" -> {
                List<TraceEntry> held = link.packets().stream().filter(e -> e.kind() == TraceEntry.Kind.HELD).toList();
                if (held.isEmpty()) {
                    throw new CommandException("the client has no held segment to send", verb);
                }
                link.sendCrafted(held.getLast().segment());
            }
            case "connect" -> link.connect(CLIENT_PORT, rest.isEmpty() ? port() : (int) Numbers.parse(rest.getFirst(), "port", 1, 65535));
            case "write" -> {
                need(c, verb);
                Token d = rest.isEmpty() ? verb : rest.getFirst();
                link.send(c, !d.quoted() && d.text().matches("\\d+") ? SegmentSpec.filler(Integer.parseInt(d.text()))
                        : d.text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            case "read" -> {
                need(c, verb);
                byte[] got = link.receive(c);
                shell.out().println("client read " + got.length + " bytes"
                        + (got.length == 0 ? "" : ": " + SimCommands.quote(Payload.copyOf(got))));
            }
            case "close" -> {
                need(c, verb);
                link.close(c);
            }
            case "abort" -> {
                need(c, verb);
                link.abort(c);
            }
            default -> throw new CommandException("with --linux the client can: send, accept, connect, write, read, "
                    + "close, abort", verb);
        }
    }

    private void server(Shell shell, Token first, List<Token> args) throws CommandException {
        if (args.isEmpty()) {
            throw new CommandException("what should Linux do? (listen, accept, write, read, close, abort)",
                    first.column() + first.width(), 1);
        }
        Token verb = args.getFirst();
        List<Token> rest = args.subList(1, args.size());
        String v = verb.text().toLowerCase(Locale.ROOT);
        if (!v.equals("listen") && socket == null) {
            throw new CommandException("the Linux server has no socket yet (expected: server listen [port] first)", verb);
        }
        switch (v) {
            case "listen" -> {
                int port = rest.isEmpty() ? 80 : (int) Numbers.parse(rest.getFirst(), "port", 1, 65535);
                if (socket == null) {
                    socket = link.linuxSocket();
                }
                socket.listen(port);
                listening = port;
                shell.out().println("Linux listens on " + link.kernelAddress().getHostAddress() + " port " + port
                        + " (a python3 socket in the namespace)");
            }
            case "accept" -> {
                socket.accept(Duration.ofSeconds(2));
                accepted = true;
                shell.out().println("Linux accepted the connection");
            }
            case "write" -> {
                Token d = rest.isEmpty() ? verb : rest.getFirst();
                socket.send(d.text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            case "read" -> {
                LinuxSocket.Received r = socket.recv(65536, Duration.ofMillis(500));
                shell.out().println("Linux read " + r.data().length + " bytes"
                        + (r.data().length == 0 ? "" : ": " + SimCommands.quote(Payload.copyOf(r.data())))
                        + (r.eof() ? " (end of stream: our FIN arrived)" : ""));
            }
            case "close" -> socket.close();
            case "abort" -> socket.abort();
            default -> throw new CommandException("with --linux the server can: listen, accept, write, read, close, abort",
                    verb);
        }
    }

    private int port() {
        return listening != null ? listening : 80;
    }

    private static void need(Connection c, Token at) throws CommandException {
        if (c == null) {
            throw new CommandException("the client has no connection (error: connection does not exist)", at);
        }
    }

    /** The segment typed after {@code client send}, with the client's defaults filled in. */
    private Segment build(SegmentSpec spec) {
        Connection c = connection();
        Tcb tcb = c == null ? null : c.tcb();
        FourTuple t = c != null ? c.tuple()
                : new FourTuple(link.ourAddress(), CLIENT_PORT, link.kernelAddress(), port());
        boolean syn = (spec.flags() & TcpFlags.SYN) != 0;
        long seq = spec.seq() != null ? spec.seq()
                : tcb != null && tcb.sndNxt() >= 0 ? (syn ? tcb.iss() : tcb.sndNxt())
                : isn.isn(link.now(), t);
        long ack = spec.ack() != null ? spec.ack()
                : tcb != null && tcb.rcvNxt() >= 0 && (spec.flags() & TcpFlags.ACK) != 0 ? tcb.rcvNxt() : 0;
        int win = spec.window() != null ? spec.window() : tcb != null ? (int) Math.min(0xFFFF, tcb.rcvWnd()) : 65535;
        Segment.Builder b = link.segment().srcPort(t.localPort()).dstPort(t.remotePort()).seq(seq).ack(ack)
                .flags(spec.flags()).window(win);
        if (spec.mss() != null) {
            b.option(new TcpOption.Mss(spec.mss()));
        } else if (syn) {
            b.option(new TcpOption.Mss(link.kernelAddress() instanceof java.net.Inet6Address ? 1440 : 1460));
        }
        if (spec.data() != null) {
            b.payload(Payload.copyOf(spec.data()));
        }
        return b.build();
    }

    private void pump(Shell shell, Duration d) {
        link.pump(d);
        if (socket != null && listening != null && !accepted && connection() != null
                && connection().state() == dev.tcpstep.statemachine.State.ESTABLISHED) {
            // The handshake finished: let the Linux program accept it so its state can be shown.
            try {
                socket.accept(Duration.ofMillis(500));
                accepted = true;
            } catch (RuntimeException e) {
                // not yet
            }
        }
    }

    /** Prints new packets and new client events, merged in time order. */
    private void printNew(Shell shell) {
        record Line(long time, String text) {
        }
        List<Line> lines = new java.util.ArrayList<>();
        List<TraceEntry> trace = link.packets();
        for (int i = printedTrace; i < trace.size(); i++) {
            TraceEntry e = trace.get(i);
            if (e.kind() == TraceEntry.Kind.IGNORED) {
                continue;
            }
            String who = switch (e.kind()) {
                case SENT -> "client sent   ";
                case RECEIVED -> "linux sent    ";
                case HELD -> "client would send (manual; `client accept` sends it): ";
                case DROPPED -> "dropped       ";
                default -> "";
            };
            lines.add(new Line(e.time(), "[" + Session.time(e.time()) + "] " + who + (e.segment() == null ? e.note()
                    : dev.tcpstep.codec.TcpdumpFormat.line(e.segment()))));
        }
        printedTrace = trace.size();
        List<Event> events = link.events();
        for (int i = printedEvents; i < events.size(); i++) {
            Event ev = events.get(i);
            long t = ev.time() - link.startNanos();
            if (ev.transition()) {
                lines.add(new Line(t, "[" + Session.time(t) + "] client " + ev.from().rfcName() + " → "
                        + ev.to().rfcName() + " " + ev.citation()));
            } else if (ev.kind() == Event.Kind.COACH || ev.kind() == Event.Kind.DROP || ev.kind() == Event.Kind.SIGNAL) {
                lines.add(new Line(t, "           client " + ev));
            }
        }
        printedEvents = events.size();
        lines.sort(java.util.Comparator.comparingLong(Line::time));
        lines.forEach(l -> shell.out().println(l.text()));
    }

    private void show(Shell shell) {
        Connection c = connection();
        if (c == null) {
            shell.out().println("client: no TCB (CLOSED)");
        } else {
            Renderers.tcb(c.tcb()).forEach(shell.out()::println);
        }
        if (socket != null && accepted) {
            shell.out().println("Linux TCP_INFO: " + socket.info());
        }
    }

    @Override
    public void close() {
        link.close();
    }
}
