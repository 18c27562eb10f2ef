package dev.tcpstep.repl;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/tcpstep [options] [VERB args...]}: with no verb, the interactive shell; a
 * verb runs one job and exits. Verbs are a table so later features add rows.
 */
public final class Main {
    /** A command-line verb: arguments after the verb's name in, exit code out. */
    @FunctionalInterface
    interface Verb {
        int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
    }

    record VerbInfo(String usage, String summary, Verb verb) {
    }

    static final Map<String, VerbInfo> VERBS = new LinkedHashMap<>();

    static {
        VERBS.put("shell", new VerbInfo("shell", "the interactive shell (the default)", (a, o, e) -> shell(a, false)));
        VERBS.put("run", new VerbInfo("run SCRIPT", "run shell commands from a file; exit 1 at the first failure",
                Main::runScript));
        VERBS.put("decode", new VerbInfo("decode FILE|--hex HEX [--json]",
                "decode a pcap/pcapng capture or hex bytes, one tcpdump-style line per TCP packet",
                dev.tcpstep.repl.cli.DecodeVerb::run));
        VERBS.put("kernel", new VerbInfo("kernel install [--user]", "set up the Jupyter kernel (Jupyter then runs "
                + "`tcpstep kernel CONNECTION_FILE`)", dev.tcpstep.repl.kernel.KernelVerb::verb));
        VERBS.put("replay", new VerbInfo("replay FILE.ipynb [--update] [--trust]", "re-run a notebook's cells, compare outputs; exit 1 on a difference", dev.tcpstep.repl.notebook.Replay::verb));
        VERBS.put("packetdrill", new VerbInfo(dev.tcpstep.packetdrill.PacketdrillCommand.USAGE,
                "run packetdrill scripts against tcpstep's endpoint (or --linux: the kernel, root); exit 1 if one failed",
                dev.tcpstep.packetdrill.PacketdrillCommand::run));
    }

    private Main() {
    }

    public static void main(String[] argv) {
        recoverTempFiles();
        int code;
        try {
            code = run(List.of(argv), System.out, System.err);
        } catch (Exception e) {
            // Last line of defence: one line, never a stack trace.
            System.err.println("tcpstep: internal error: " + e);
            code = 70;
        }
        System.out.flush();
        System.exit(code);
    }

    /**
     * Journals the temporary files of saves and exports, and removes those a killed run left
     * behind: in {@code $XDG_STATE_HOME/tcpstep/pending} (default {@code ~/.local/state}).
     */
    private static void recoverTempFiles() {
        String state = System.getenv("XDG_STATE_HOME");
        String home = System.getenv("HOME") != null ? System.getenv("HOME") : System.getProperty("user.home");
        Path dir = state != null && !state.isBlank() ? Path.of(state, "tcpstep", "pending")
                : Path.of(home, ".local", "state", "tcpstep", "pending");
        try {
            dev.tcpstep.codec.AtomicFile.recover(dir);
        } catch (IOException | RuntimeException e) {
            // No journal (read-only home): each directory is still swept when tcpstep next writes there.
        }
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        List<String> args = new ArrayList<>(argv);
        boolean noColor = false;
        while (!args.isEmpty() && args.getFirst().startsWith("--")) {
            String opt = args.removeFirst();
            switch (opt) {
                case "--version" -> {
                    out.println(Version.line());
                    return 0;
                }
                case "--help" -> {
                    usage(out);
                    return 0;
                }
                case "--no-color" -> noColor = true;
                default -> {
                    err.println("tcpstep: unknown option `" + opt + "` (expected: --help, --version, --no-color)");
                    return 2;
                }
            }
        }
        if (args.isEmpty()) {
            return shell(args, noColor);
        }
        String name = args.removeFirst();
        VerbInfo v = VERBS.get(name);
        if (v == null) {
            String hint = Suggest.closest(name, VERBS.keySet());
            err.println("tcpstep: unknown command `" + name + "`"
                    + (hint != null ? "; did you mean `" + hint + "`?" : "") + " (see tcpstep --help)");
            return 2;
        }
        return v.verb().run(args, out, err);
    }

    static void usage(PrintStream out) {
        out.println("Usage: tcpstep [--no-color] [COMMAND [ARGS...]]");
        out.println();
        out.println("Step two TCP endpoints through the handshake, data transfer and close,");
        out.println("exactly as RFC 9293 says. With no command: the interactive shell");
        out.println("(type `help` there). Input may be piped: `echo 'checksum 0001f203' | tcpstep`.");
        out.println();
        out.println("Commands:");
        for (var e : VERBS.entrySet()) {
            out.printf("  %-28s %s%n", e.getValue().usage(), e.getValue().summary());
        }
        out.println();
        out.println("Options:");
        out.println("  --help          this text");
        out.println("  --version       print the version and exit");
        out.println("  --no-color      no ANSI colours (also when NO_COLOR is set)");
    }

    /** {@code tcpstep run SCRIPT}: the same output as {@code tcpstep < SCRIPT}. */
    static int runScript(List<String> args, PrintStream out, PrintStream err) throws IOException {
        if (args.size() != 1) {
            err.println("tcpstep run: expected one script file (usage: tcpstep run SCRIPT)");
            return 2;
        }
        Path file = Path.of(args.getFirst());
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            err.println("tcpstep run: cannot read " + file + " (expected: a text file of shell commands)");
            return 2;
        }
        PrintWriter pw = new PrintWriter(out, false, StandardCharsets.UTF_8);
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new Shell(pw, Style.PLAIN).run(Input.of(r));
        } catch (java.nio.charset.MalformedInputException e) {
            pw.flush();
            err.println("tcpstep run: " + file + " is not UTF-8 text");
            return 2;
        }
    }

    static int shell(List<String> args, boolean noColor) throws IOException {
        if (!args.isEmpty()) {
            System.err.println("tcpstep: unexpected argument `" + args.getFirst() + "` for shell");
            return 2;
        }
        boolean tty = System.console() != null && System.console().isTerminal();
        boolean color = tty && !noColor && System.getenv("NO_COLOR") == null;
        if (!tty) {
            // Piped or redirected: plain lines in, plain text out, no prompts.
            PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
            Shell shell = new Shell(out, Style.PLAIN);
            return shell.run(Input.of(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))));
        }
        try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
            PrintWriter out = terminal.writer();
            boolean unicode = System.getProperty("stdout.encoding", "UTF-8").toUpperCase(java.util.Locale.ROOT).contains("UTF");
            Shell shell = new Shell(out, new Style(color, unicode));
            // $HOME first (what shells and tests set), then the JVM's idea of the home directory.
            String home = System.getenv("HOME") != null ? System.getenv("HOME") : System.getProperty("user.home");
            Path history = Path.of(home, ".tcpstep_history");
            shell.width(terminal.getWidth() > 0 ? terminal.getWidth() : 100);
            terminal.handle(Terminal.Signal.INT, sig -> shell.interrupt());
            // notes wrap to the terminal as it is now, also after a resize
            terminal.handle(Terminal.Signal.WINCH, sig -> shell.width(terminal.getWidth() > 0 ? terminal.getWidth() : 100));
            JLineInput input = new JLineInput(terminal, shell, history, true);
            out.println(Version.line().replaceFirst(" \\(.*", "") + " — new here? type `tour`; `help` lists the commands; "
                    + "Ctrl-D leaves.");
            int code = shell.run(input);
            input.reader().getHistory().save();
            return code;
        }
    }
}
