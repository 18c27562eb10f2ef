package dev.tcpstep.repl;

import dev.tcpstep.codec.AtomicFile;
import dev.tcpstep.link.Simulation;
import dev.tcpstep.packetdrill.Result;
import dev.tcpstep.packetdrill.Runner;
import dev.tcpstep.packetdrill.Script;
import dev.tcpstep.packetdrill.ScriptParser;
import dev.tcpstep.packetdrill.ScriptSyntaxException;
import dev.tcpstep.packetdrill.ScriptWriter;
import dev.tcpstep.packetdrill.TcpstepSystem;
import dev.tcpstep.statemachine.Profile;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static dev.tcpstep.repl.Command.Property.CELL;

/**
 * packetdrill in the shell. {@code load FILE.pkt} makes the session the script's: the script
 * is the endpoint {@code remote}, tcpstep's RFC endpoint (automatic, the chosen profile) is
 * {@code tcpstep}, and the packetdrill module's {@link Runner} runs the script one line at a
 * time with {@code next [N|all]} ({@code run} runs the rest), so every view (diagram, explain,
 * show, status, graph) works between lines. {@code export packetdrill FILE.pkt} writes the
 * session as a script ({@link ScriptWriter}) that real packetdrill runs against a Linux host.
 */
final class PacketdrillCommands {
    /** The {@code #ifdef} symbol a script loaded here sees: the same as the runner's for tcpstep. */
    private static final Set<String> DEFINED = Set.of("tcpstep");

    private PacketdrillCommands() {
    }

    /** A script being stepped: its text (to show lines), its run, and the simulation it runs in. */
    record Loaded(String name, List<String> lines, Runner runner, Simulation sim) {
    }

    static void registerAll(Shell shell) {
        shell.register(Command.named("load").properties(CELL)
                .completer((s, w, i) -> i >= 2 && w.get(i - 1).equals("--profile")
                        ? List.of(Command.Candidate.word("rfc9293"), Command.Candidate.word("modern"))
                        : Command.Completer.fileNames(w.get(i)))
                .run(PacketdrillCommands::load));
        shell.register(Command.named("next").properties(CELL).completer(Command.Completer.words("all"))
                .run(PacketdrillCommands::next));
    }

    // ------------------------------------------------------------------ load

    private static void load(Shell s, Token name, List<Token> a) throws CommandException {
        Token file = null;
        String profileName = "rfc9293";
        for (int i = 0; i < a.size(); i++) {
            Token t = a.get(i);
            if (t.text().equals("--profile")) {
                if (i + 1 >= a.size()) {
                    throw new CommandException("--profile needs a value (expected: rfc9293 or modern)",
                            t.column() + t.width(), 1);
                }
                profileName = a.get(++i).text();
                if (TcpstepSystem.profile(profileName) == null) {
                    throw new CommandException("unknown profile `" + profileName + "` (expected: rfc9293 or modern)",
                            a.get(i));
                }
            } else if (t.text().startsWith("-") || file != null) {
                throw new CommandException("unexpected argument `" + t.text() + "` (expected: load FILE.pkt"
                        + " [--profile rfc9293|modern])", t);
            } else {
                file = t;
            }
        }
        if (file == null) {
            throw new CommandException("missing file (expected: load FILE.pkt, e.g. load "
                    + "modules/packetdrill/scripts/handshake-passive.pkt)", name.column() + name.width(), 1);
        }
        Path path = Path.of(file.text());
        if (!Files.isRegularFile(path)) {
            throw new CommandException("no such file: " + file.text() + " (expected: a packetdrill script)", file);
        }
        String text;
        try {
            text = Files.readString(path);
        } catch (MalformedInputException e) {
            throw new CommandException(file.text() + " is not UTF-8 text (expected: a packetdrill script)", file);
        } catch (IOException e) {
            throw new CommandException("cannot read " + file.text() + ": " + e.getMessage(), file);
        }
        String source = path.getFileName().toString();
        List<String> lines = text.lines().toList();
        Script script;
        try {
            script = ScriptParser.parse(source, text, DEFINED);
        } catch (ScriptSyntaxException e) {
            String at = e.line() >= 1 && e.line() <= lines.size() ? " in `" + lines.get(e.line() - 1).strip() + "`" : "";
            throw new CommandException(e.getMessage() + at, -1, 1);
        }
        String why = Runner.unsupported(script);
        if (why != null) {
            throw new CommandException("cannot step " + source + ": " + why + " (the runner skips it)", file);
        }
        Profile profile = TcpstepSystem.profile(profileName);
        TcpstepSystem system;
        try {
            system = TcpstepSystem.start(profile, profileName, script);
        } catch (IllegalArgumentException e) {
            throw new CommandException("cannot step " + source + ": its sysctl lines give no valid profile: "
                    + e.getMessage(), file);
        }
        Runner runner = Runner.start(script, system, null);
        Simulation sim = system.simulation();
        s.session().adopt(sim);
        s.session().loaded = new Loaded(source, lines, runner, sim);
        Simulation.Endpoint remote = sim.client();
        Simulation.Endpoint tcp = sim.server();
        s.out().println("loaded " + source + ": " + script.steps().size() + " lines to run; the script is `"
                + remote.name() + "` (" + remote.address().getHostAddress() + "), tcpstep's endpoint is `" + tcp.name()
                + "` (" + tcp.address().getHostAddress() + ", profile " + profileName + ", automatic)");
        s.out().println("`next` runs one line (`next 3`, `next all`, `run`: the rest); between lines every command"
                + " works: diagram, explain, show " + tcp.name() + ", status, graph seq");
        printNext(s, s.session().loaded);
    }

    // ------------------------------------------------------------------ next / run

    /** True when a loaded script has lines left to run in the current session ({@code run} then runs them). */
    static boolean stepping(Shell s) {
        Loaded l = s.session().loaded;
        return l != null && l.sim() == s.session().sim() && l.runner().result() == null;
    }

    private static void next(Shell s, Token name, List<Token> a) throws CommandException {
        if (a.size() > 1) {
            throw new CommandException("unexpected argument `" + a.get(1).text() + "` (expected: [N|all])", a.get(1));
        }
        int n = a.isEmpty() ? 1 : a.getFirst().text().equalsIgnoreCase("all") ? Integer.MAX_VALUE
                : (int) Numbers.parse(a.getFirst(), "N", 1, 100_000);
        steps(s, name, n);
    }

    /** {@code run} with a script loaded: the rest of it. */
    static void runRest(Shell s, Token name) throws CommandException {
        steps(s, name, Integer.MAX_VALUE);
    }

    private static void steps(Shell s, Token name, int n) throws CommandException {
        Loaded l = s.session().loaded;
        if (l == null) {
            throw new CommandException("no script loaded (expected: load FILE.pkt first)", name);
        }
        if (l.sim() != s.session().sim()) {
            throw new CommandException("the session changed since `load " + l.name() + "` (new, undo or open); "
                    + "load it again to step it", name);
        }
        if (l.runner().result() != null) {
            throw new CommandException(l.name() + " has finished: " + l.runner().result().line()
                    + " (load it again to run it again)", name);
        }
        s.takeInterrupt();
        for (int i = 0; i < n; i++) {
            Script.Step step = l.runner().next();
            s.out().println(s.style().heading("line " + step.line() + ":") + " " + text(l, step));
            Result r = l.runner().step();
            s.session().flushTrace();
            if (r != null) {
                s.out().println(verdict(s, l, r));
                return;
            }
            if (s.takeInterrupt()) {
                s.out().println("stopped by Ctrl-C; `next` goes on");
                break;
            }
        }
        printNext(s, l);
    }

    private static String text(Loaded l, Script.Step step) {
        return step.line() >= 1 && step.line() <= l.lines().size() ? l.lines().get(step.line() - 1).strip() : "";
    }

    private static void printNext(Shell s, Loaded l) {
        Script.Step step = l.runner().next();
        if (step != null) {
            s.out().println("next: line " + step.line() + ": " + text(l, step));
        } else if (l.runner().result() != null) {
            s.out().println(verdict(s, l, l.runner().result()));
        }
    }

    private static String verdict(Shell s, Loaded l, Result r) {
        return switch (r.outcome()) {
            case PASSED -> s.style().heading("PASS " + l.name()) + ": every line ran as the script expects";
            case FAILED -> s.style().error("FAIL " + r.message());
            case SKIPPED -> s.style().error("SKIP " + r.message());
        };
    }

    // ------------------------------------------------------------------ export packetdrill

    /** {@code export packetdrill [client|server] FILE.pkt}: the session as a script, the endpoint (server) under test. */
    static void export(Shell s, Token kind, List<Token> a) throws CommandException {
        if (a.isEmpty() || a.size() > 2) {
            throw new CommandException("expected: export packetdrill [client|server] FILE.pkt", a.size() > 2
                    ? a.get(2).column() : kind.column() + kind.width(), 1);
        }
        Simulation sim = s.session().sim();
        String local = "server";
        if (a.size() == 2) {
            Simulation.Endpoint e = SimCommands.endpoint(s, a.getFirst());
            local = e.name();
        } else if (sim.endpoint(local) == null) {
            local = sim.server().name();
        }
        Token f = a.getLast();
        Path file = Path.of(f.text());
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new CommandException("no such directory: " + parent, f);
        }
        if (!f.text().toLowerCase(Locale.ROOT).endsWith(".pkt")) {
            throw new CommandException("`" + f.text() + "` (expected: a file name ending in .pkt)", f);
        }
        String title = "A tcpstep session (seed " + s.session().setup().seed() + "), exported with `export packetdrill`";
        String script = ScriptWriter.write(sim.trace().entries(), local, title);
        try {
            AtomicFile.write(file, script);
        } catch (IOException e) {
            throw new CommandException("cannot write " + file + ": " + e.getMessage(), f);
        }
        long lines = script.lines().filter(l -> !l.isBlank() && !l.startsWith("//") && !l.startsWith("--")).count();
        s.out().println("wrote " + file + " (" + lines + " lines; " + local + " is the system under test: run it with"
                + " `bin/tcpstep packetdrill " + file + "`, or packetdrill against a Linux host)");
    }
}
