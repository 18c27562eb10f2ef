package dev.tcpstep.repl;

import dev.tcpstep.codec.AtomicFile;
import dev.tcpstep.link.Simulation;
import dev.tcpstep.link.TraceEntry;
import dev.tcpstep.repl.graph.CwndGraph;
import dev.tcpstep.repl.graph.SeqGraph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static dev.tcpstep.repl.Command.Kind.META;

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
        shell.register(new Command("graph", META, GraphCommands::graph));
    }

    /** What a graph command asks for: which graph, whose, and the tokens left over. */
    private record Spec(boolean seq, Simulation.Endpoint sender, List<Token> rest) {
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
        return new Spec(seq, sender, rest);
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
                throw new CommandException("unexpected argument `" + t.text() + "` (expected: [client|server] [--ascii])",
                        t);
            }
        }
        List<String> lines = spec.seq() ? seq(s, spec.sender()).text(s.width(), HEIGHT, ascii)
                : cwnd(s, spec.sender(), name).text(s.width(), HEIGHT, ascii);
        for (String l : lines) {
            s.out().println(l);
        }
    }

    private static SeqGraph seq(Shell s, Simulation.Endpoint sender) throws CommandException {
        SeqGraph g = SeqGraph.of(s.session().sim().trace().entries(), sender.name());
        if (g.isEmpty()) {
            throw new CommandException(sender.name() + " has sent nothing that takes sequence space yet "
                    + "(try `" + sender.peer().name() + "` or send data first)", -1, 1);
        }
        return g;
    }

    private static CwndGraph cwnd(Shell s, Simulation.Endpoint sender, Token at) throws CommandException {
        Simulation sim = s.session().sim();
        CwndGraph g = CwndGraph.of(sender.name(), s.session().sampler().samples(sim, sender.name()),
                sim.trace().entries(), sim.now());
        if (g.isEmpty()) {
            throw new CommandException(sender.name() + " has no connection with a congestion window yet "
                    + "(connect first)", -1, 1);
        }
        return g;
    }

    /** {@code export graph seq|cwnd [ENDPOINT] FILE.svg}; {@code a} starts after {@code graph}. */
    static void export(Shell s, Token name, List<Token> a) throws CommandException {
        Spec spec = spec(s, name, a);
        if (spec.rest().size() != 1) {
            throw new CommandException("expected: export graph seq|cwnd [client|server] FILE.svg",
                    spec.rest().isEmpty() ? a.getLast().column() + a.getLast().width() : spec.rest().get(1).column(),
                    1);
        }
        Token fileToken = spec.rest().getFirst();
        Path file = Path.of(fileToken.text());
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new CommandException("no such directory: " + parent, fileToken);
        }
        String svg = spec.seq() ? seq(s, spec.sender()).svg() : cwnd(s, spec.sender(), name).svg();
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
            return spec.seq() ? seq(s, spec.sender()).svg() : cwnd(s, spec.sender(), t.getFirst()).svg();
        } catch (CommandException e) {
            return null;
        }
    }
}
