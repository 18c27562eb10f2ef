package dev.tcpstep.repl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dispatch loop: reads a line from an {@link Input}, splits it into tokens, finds
 * the command (a unique prefix is enough), runs it, and prints a one-line error with a
 * caret under the bad token when it fails. A failed command changes nothing.
 *
 * <p>Interactive input keeps going after an error; a script (piped stdin or a file)
 * stops at the first failing command with exit code 1, naming its line.
 */
public final class Shell {
    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final Map<String, Command> endpointCommands = new LinkedHashMap<>();
    private final PrintWriter out;
    private final Style style;
    private final Session session;
    private boolean quit;
    private int width = 100;
    private Input input;

    /**
     * One top-level line the shell ran, with everything it printed: what a notebook cell
     * is made of. {@code kind} is null for a line that named no command (blank, comment,
     * or an unknown word).
     */
    public record Executed(String line, Command.Kind kind, String output, boolean failed) {
    }

    private final StringBuilder capture = new StringBuilder();
    private final List<Executed> executed = new ArrayList<>();
    private Command.Kind lastKind;

    public Shell(PrintWriter out, Style style) {
        PrintWriter sink = out;
        this.out = new PrintWriter(new java.io.Writer() {
            @Override
            public void write(char[] buf, int off, int len) {
                sink.write(buf, off, len);
                capture.append(buf, off, len);
            }

            @Override
            public void flush() {
                sink.flush();
            }

            @Override
            public void close() {
                sink.close();
            }
        }, false);
        this.style = style;
        this.session = new Session(this.out, style, Session.Setup.defaults());
        Commands.registerAll(this);
        SimCommands.registerAll(this);
        GraphCommands.registerAll(this);
        dev.tcpstep.repl.notebook.NotebookCommands.registerAll(this);
    }

    public Session session() {
        return session;
    }

    /** Registers a command typed after an endpoint name: {@code client send ...}. */
    public void registerEndpointCommand(Command c) {
        if (endpointCommands.putIfAbsent(c.name(), c) != null) {
            throw new IllegalStateException("endpoint command registered twice: " + c.name());
        }
    }

    public Collection<Command> endpointCommands() {
        return endpointCommands.values();
    }

    /** Terminal width for diagrams (100 when unknown). */
    public int width() {
        return width;
    }

    public void width(int w) {
        this.width = Math.max(40, w);
    }

    private volatile boolean interrupted;

    /** Ctrl-C while a command runs: long commands ({@code run}) check this and stop. */
    public void interrupt() {
        interrupted = true;
    }

    /** True once after {@link #interrupt()}. */
    public boolean takeInterrupt() {
        boolean i = interrupted;
        interrupted = false;
        return i;
    }

    /** The input being read (for commands that ask, like the tour); null outside {@link #run}. */
    public Input input() {
        return input;
    }

    public void register(Command c) {
        if (commands.putIfAbsent(c.name(), c) != null) {
            throw new IllegalStateException("command registered twice: " + c.name());
        }
    }

    public Collection<Command> commands() {
        return commands.values();
    }

    public List<String> commandNames() {
        return new ArrayList<>(commands.keySet());
    }

    public PrintWriter out() {
        return out;
    }

    public Style style() {
        return style;
    }

    public void requestQuit() {
        quit = true;
    }

    public String prompt() {
        return session.prompt();
    }

    /**
     * Runs until the input ends or {@code quit}. Returns the exit code: 0, or 1 when a
     * non-interactive input had a failing command.
     */
    public int run(Input input) {
        this.input = input;
        int lineNumber = 0;
        while (!quit) {
            String prompt = prompt();
            String line = input.readLine(input.interactive() ? style.prompt(prompt) : "");
            if (line == null) {
                break;
            }
            lineNumber++;
            capture.setLength(0);
            lastKind = null;
            boolean failed = false;
            try {
                execute(line);
            } catch (RuntimeException e) {
                // A bug, not bad input: one line, never a stack trace; the session goes on.
                failed = true;
                out.println(style.error("internal error running `" + line.strip() + "`: " + e
                        + " (please report it; the session goes on)"));
                if (!input.interactive()) {
                    out.flush();
                    recordExecuted(line, true);
                    session.endLinux();
                    return 1;
                }
            } catch (CommandException e) {
                failed = true;
                printError(line, e, input.interactive(), lineNumber, prompt);
                if (!input.interactive()) {
                    out.flush();
                    recordExecuted(line, true);
                    session.endLinux();
                    return 1;
                }
            }
            out.flush();
            recordExecuted(line, failed);
        }
        out.flush();
        session.endLinux();
        return 0;
    }

    private void recordExecuted(String line, boolean failed) {
        executed.add(new Executed(line, lastKind, capture.toString(), failed));
        capture.setLength(0);
    }

    /** Every top-level line run so far, with its output (for saving a session). */
    public List<Executed> executed() {
        return java.util.Collections.unmodifiableList(executed);
    }

    /** Runs one line; throws when it fails (and then nothing has changed). */
    public void execute(String line) throws CommandException {
        List<Token> tokens = Tokenizer.tokenize(line);
        if (tokens.isEmpty()) {
            return;
        }
        Token first = tokens.getFirst();
        if (session.linux() != null) {
            String w = first.text().toLowerCase(java.util.Locale.ROOT);
            if (!List.of("new", "help", "version", "quit", "exit", "checksum", "decode").contains(w)) {
                if (!session.linux().execute(this, tokens)) {
                    throw new CommandException("`" + first.text() + "` is not available against Linux (expected: client "
                            + "and server commands, step, run, status, trace, show, export pcap, auto, new, quit)", first);
                }
                return;
            }
        }
        Command c;
        Token name;
        List<Token> args;
        if (session.endpoint(first.text()) != null) {
            if (tokens.size() < 2) {
                throw new CommandException("what should " + first.text() + " do? (expected: "
                        + String.join(", ", endpointCommands.keySet()) + ")", first.column() + first.width(), 1);
            }
            name = tokens.get(1);
            c = resolve(name, endpointCommands, "`" + first.text() + "` command");
            args = tokens.subList(1, tokens.size()); // the handler sees the endpoint as args[0]
            args = new java.util.ArrayList<>(args);
            args.set(0, first);
        } else {
            name = first;
            c = resolve(first);
            args = tokens.subList(1, tokens.size());
        }
        lastKind = c.kind();
        if (c.kind() == Command.Kind.META) {
            try {
                c.handler().run(this, name, args);
            } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
                throw new CommandException(e.getMessage() == null ? e.toString() : e.getMessage(), -1, 1);
            }
            return;
        }
        Session.Undo before = session.mark(line.strip());
        try {
            c.handler().run(this, name, args);
        } catch (CommandException e) {
            session.rollback(before, false);
            throw e;
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            // A rule below the shell said no: the command failed, and nothing has changed.
            session.rollback(before, true);
            throw new CommandException(e.getMessage() == null ? e.toString() : e.getMessage(), -1, 1);
        } finally {
            session.flushTrace();
        }
        session.commit(before);
    }

    /** A command or an endpoint command (`help send`), by exact name or unique prefix. */
    public Command resolveForHelp(Token name) throws CommandException {
        Command e = endpointCommands.get(name.text().toLowerCase(java.util.Locale.ROOT));
        return e != null ? e : resolve(name);
    }

    /** Finds a command by exact name or unique prefix. */
    public Command resolve(Token name) throws CommandException {
        return resolve(name, commands, "command");
    }

    private Command resolve(Token name, Map<String, Command> commands, String what) throws CommandException {
        String typed = name.text().toLowerCase(java.util.Locale.ROOT);
        Command exact = commands.get(typed);
        if (exact != null) {
            return exact;
        }
        List<String> matches = new ArrayList<>();
        for (String n : commands.keySet()) {
            if (n.startsWith(typed)) {
                matches.add(n);
            }
        }
        if (matches.size() == 1) {
            return commands.get(matches.getFirst());
        }
        if (matches.size() > 1) {
            throw new CommandException("ambiguous " + what + " `" + name.text() + "`: matches "
                    + String.join(", ", matches), name);
        }
        List<String> candidates = new ArrayList<>(commands.keySet());
        if (commands == this.commands) {
            session.sim().endpoints().forEach(e -> candidates.add(e.name()));
        }
        String hint = Suggest.closest(typed, candidates);
        throw new CommandException("unknown " + what + " `" + name.text() + "`"
                + (hint != null ? "; did you mean `" + hint + "`?" : " (type `help` for the list)"), name);
    }

    private void printError(String line, CommandException e, boolean interactive, int lineNumber, String prompt) {
        int col = e.column();
        String caret = col < 0 ? "" : " ".repeat(col) + "^".repeat(e.width()) + " ";
        if (interactive) {
            // The line is on screen just above, after the prompt: align under it.
            String pad = col < 0 ? "" : " ".repeat(Style.visibleWidth(prompt));
            out.println(pad + style.error(caret + e.getMessage()));
        } else {
            out.println("line " + lineNumber + ": " + line);
            String lead = " ".repeat(("line " + lineNumber + ": ").length());
            out.println(col < 0 ? lead + style.error(e.getMessage()) : lead + style.error(caret + e.getMessage()));
        }
    }
}
