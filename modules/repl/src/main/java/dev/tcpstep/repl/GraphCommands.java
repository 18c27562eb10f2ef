package dev.tcpstep.repl;

import dev.tcpstep.codec.AtomicFile;
import dev.tcpstep.link.Simulation;
import dev.tcpstep.link.TraceEntry;
import dev.tcpstep.repl.graph.CwndGraph;
import dev.tcpstep.repl.graph.SeqGraph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static dev.tcpstep.repl.Command.Property.CELL;

/**
 * {@code graph seq|cwnd [ENDPOINT] [--ascii]} and {@code export graph seq|cwnd [ENDPOINT] FILE.svg}:
 * the time-sequence graph and the congestion-window plot of one sender. Help text:
 * {@code help.properties}.
 */
public final class GraphCommands {
    /** Rows of the plot area in the terminal. */
    static final int HEIGHT = 18;

    private GraphCommands() {
    }

    static void registerAll(Shell shell) {
        shell.register(Command.named("graph").properties(CELL)
                .completer(Command.Completer.words("seq", "cwnd", "client", "server", "--ascii", "--from", "--to"))
                .run(GraphCommands::graph));
    }

    /** What a graph command asks for: which graph, whose, the time window (-1: all) and the tokens left over. */
    private record Spec(boolean seq, Simulation.Endpoint sender, long from, long to, List<Token> rest) {
    }

    private static Spec spec(Shell s, Token name, List<Token> a) throws CommandException {
        if (a.isEmpty()) {
            throw new CommandException("missing graph (expected: seq or cwnd)", name.column() + name.width(), 1);
        }
        Token kind = a.getFirst();
        boolean seq = switch (kind.text().toLowerCase(Locale.ROOT)) {
            case "seq", "sequence", "tsg" -> true;
            case "cwnd", "congestion" -> false;
            default -> throw new CommandException("unknown graph `" + kind.text() + "` (expected: seq or cwnd)", kind);
        };
        List<Token> rest = a.subList(1, a.size());
        Simulation sim = s.session().sim();
        Simulation.Endpoint sender;
        if (!rest.isEmpty() && sim.endpoint(rest.getFirst().text()) != null) {
            sender = sim.endpoint(rest.getFirst().text());
            rest = rest.subList(1, rest.size());
        } else {
            sender = busiestSender(sim);
        }
        long from = -1;
        long to = -1;
        List<Token> left = new java.util.ArrayList<>();
        for (int i = 0; i < rest.size(); i++) {
            Token t = rest.get(i);
            if (t.text().equals("--from") || t.text().equals("--to")) {
                if (i + 1 >= rest.size()) {
                    throw new CommandException("missing time after " + t.text() + " (expected: e.g. 1.5s or 200ms)",
                            t.column() + t.width(), 1);
                }
                long v = Numbers.duration(rest.get(++i), t.text().substring(2) + " time").toNanos();
                if (t.text().equals("--from")) {
                    from = v;
                } else {
                    to = v;
                }
            } else {
                left.add(t);
            }
        }
        if (from >= 0 || to >= 0) {
            long f = Math.max(0, from);
            long e = to >= 0 ? to : Math.max(sim.now(), f + 1);
            if (e <= f) {
                throw new CommandException("--to " + Duration.ofNanos(e).toMillis() + " ms is not after --from "
                        + Duration.ofNanos(f).toMillis() + " ms (expected: a later time)", rest.getLast());
            }
            from = f;
            to = e;
        }
        return new Spec(seq, sender, from, to, left);
    }

    /** The endpoint that sent more sequence space, the client on a tie: the one a graph is usually wanted of. */
    private static Simulation.Endpoint busiestSender(Simulation sim) {
        long client = 0;
        long server = 0;
        for (TraceEntry e : sim.trace().entries()) {
            if (e instanceof TraceEntry.Sent s) {
                if (s.from().equals(sim.client().name())) {
                    client += s.segment().seqLength();
                } else {
                    server += s.segment().seqLength();
                }
            }
        }
        return server > client ? sim.server() : sim.client();
    }

    private static void graph(Shell s, Token name, List<Token> a) throws CommandException {
        Spec spec = spec(s, name, a);
        boolean ascii = !s.style().unicode();
        for (Token t : spec.rest()) {
            if (t.text().equals("--ascii")) {
                ascii = true;
            } else {
                throw new CommandException("unexpected argument `" + t.text() + "` (expected: [client|server] [--from T] [--to T] [--ascii])",
                        t);
            }
        }
        List<String> lines = spec.seq() ? seq(s, spec).text(s.width(), HEIGHT, ascii)
                : cwnd(s, spec).text(s.width(), HEIGHT, ascii);
        for (String l : lines) {
            s.out().println(l);
        }
    }

    private static SeqGraph seq(Shell s, Spec spec) throws CommandException {
        Simulation.Endpoint sender = spec.sender();
        SeqGraph g = SeqGraph.of(s.session().sim().trace().entries(), sender.name());
        if (!g.isEmpty() && spec.from() >= 0) {
            g = g.between(spec.from(), spec.to());
        }
        if (g.isEmpty()) {
            throw new CommandException(sender.name() + " has sent nothing that takes sequence space"
                    + (spec.from() >= 0 ? " in that time window" : " yet (try `" + sender.peer().name()
                    + "` or send data first)"), -1, 1);
        }
        return g;
    }

    private static CwndGraph cwnd(Shell s, Spec spec) throws CommandException {
        Simulation.Endpoint sender = spec.sender();
        Simulation sim = s.session().sim();
        CwndGraph g = CwndGraph.of(sender.name(), s.session().sampler().samples(sim, sender.name()),
                sim.trace().entries(), sim.now());
        if (!g.isEmpty() && spec.from() >= 0) {
            g = g.between(spec.from(), spec.to());
        }
        if (g.isEmpty()) {
            throw new CommandException(sender.name() + " has no congestion window to show"
                    + (spec.from() >= 0 ? " in that time window" : " yet (connect first)"), -1, 1);
        }
        return g;
    }

    /** {@code export graph seq|cwnd [ENDPOINT] FILE.svg}; {@code a} starts after {@code graph}. */
    static void export(Shell s, Token name, List<Token> a) throws CommandException {
        Spec spec = spec(s, name, a);
        if (spec.rest().size() != 1) {
            throw new CommandException("expected: export graph seq|cwnd [client|server] [--from T] [--to T] FILE.svg",
                    spec.rest().isEmpty() ? a.getLast().column() + a.getLast().width() : spec.rest().get(1).column(),
                    1);
        }
        Token fileToken = spec.rest().getFirst();
        Path file = Path.of(fileToken.text());
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new CommandException("no such directory: " + parent, fileToken);
        }
        String svg = spec.seq() ? seq(s, spec).svg() : cwnd(s, spec).svg();
        try {
            AtomicFile.write(file, svg);
        } catch (IOException e) {
            throw new CommandException("cannot write " + file + ": " + e.getMessage(), fileToken);
        }
        s.out().println("wrote " + file);
    }

    /**
     * The SVG of a {@code graph ...} line that just ran (for a notebook's picture output), or
     * null when the line is not a graph command that can be drawn now.
     */
    public static String svgOf(Shell s, String line) {
        try {
            List<Token> t = Tokenizer.tokenize(line);
            if (t.isEmpty() || !s.resolve(t.getFirst()).name().equals("graph")) {
                return null;
            }
            Spec spec = spec(s, t.getFirst(), t.subList(1, t.size()));
            return spec.seq() ? seq(s, spec).svg() : cwnd(s, spec).svg();
        } catch (CommandException e) {
            return null;
        }
    }
}
