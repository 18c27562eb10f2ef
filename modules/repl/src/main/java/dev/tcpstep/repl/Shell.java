package dev.tcpstep.repl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The dispatch loop: reads a line from an {@link Input}, splits it into tokens, finds
 * the command (a unique prefix is enough), runs it, and prints a one-line error with a
 * caret under the bad token when it fails. A failed command changes nothing.
 *
 * <p>Interactive input keeps going after an error; a script (piped stdin or a file)
 * stops at the first failing command with exit code 1, naming its line.
 */
public final class Shell {
    private final CommandTable table = new CommandTable();
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
    public record Executed(String line, Command command, String output, boolean failed) {
    }

    private final StringBuilder capture = new StringBuilder();
    private final List<Executed> executed = new ArrayList<>();
    private Command lastCommand;

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
        PacketdrillCommands.registerAll(this);
        dev.tcpstep.repl.notebook.NotebookCommands.registerAll(this);
    }

    public Session session() {
        return session;
    }

    /** The command table: every command's row (name, syntax, help, completer, properties, handler). */
    public CommandTable table() {
        return table;
    }

    public Collection<Command> endpointCommands() {
        return table.endpointCommands();
    }

    /** Terminal width for diagrams (100 when unknown). */
    public int width() {
        return width;
    }

    public void width(int w) {
        this.width = Math.max(40, w);
        session.width(this.width);
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

    /** Adds a row to the command table. */
    public void register(Command c) {
        table.add(c);
    }

    public Collection<Command> commands() {
        return table.commands();
    }

    public List<String> commandNames() {
        return table.commands().stream().map(Command::name).toList();
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
            lastCommand = null;
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

    /**
     * How much printed text {@link #executed()} keeps: beyond it, the oldest lines keep their
     * text but not their output, so a long session (10^5 commands) stays within a fixed
     * bound. {@code save} replays the lines for their outputs; the kept ones matter only
     * when a replay fails.
     */
    static final int OUTPUT_BUDGET = 4 << 20;
    static final String OUTPUT_DROPPED = "(output not kept: the session printed more than 4 MB after it)\n";
    private long keptOutput;
    private int oldestKept;

    private void recordExecuted(String line, boolean failed) {
        String printed = capture.toString();
        executed.add(new Executed(line, lastCommand, printed, failed));
        capture.setLength(0);
        if (capture.capacity() > 1 << 16) {
            capture.trimToSize(); // one huge output does not keep its buffer
        }
        keptOutput += printed.length();
        while (keptOutput > OUTPUT_BUDGET && oldestKept < executed.size() - 1) {
            Executed e = executed.get(oldestKept);
            keptOutput -= e.output().length();
            if (!e.output().isEmpty()) {
                executed.set(oldestKept, new Executed(e.line(), e.command(), OUTPUT_DROPPED, e.failed()));
            }
            oldestKept++;
        }
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
        dev.tcpstep.link.Simulation.Endpoint endpoint = session.endpoint(first.text());
        Command c;
        Token name;
        List<Token> args;
        if (endpoint != null) {
            if (tokens.size() < 2) {
                throw new CommandException("what should " + first.text() + " do? (expected: "
                        + String.join(", ", table.endpointCommands().stream().map(Command::name).toList()) + ")",
                        first.column() + first.width(), 1);
            }
            name = tokens.get(1);
            c = table.resolve(name, true, "`" + first.text() + "` command", List.of());
            args = tokens.subList(2, tokens.size());
        } else {
            name = first;
            c = resolve(first);
            args = tokens.subList(1, tokens.size());
        }
        if (session.linux() != null) {
            if (!c.has(Command.Property.LINUX)) {
                throw new CommandException("`" + name.text() + "` is not available against Linux (expected: "
                        + linuxCommands() + ")", name);
            }
            lastCommand = c;
            runLinux(c, endpoint, name, args);
            return;
        }
        lastCommand = c;
        if (!c.has(Command.Property.CHANGES_SESSION)) {
            try {
                run(c, endpoint, name, args);
            } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
                throw new CommandException(e.getMessage() == null ? e.toString() : e.getMessage(), -1, 1);
            }
            return;
        }
        Session.Undo before = session.mark(line.strip());
        try {
            run(c, endpoint, name, args);
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

    private void run(Command c, dev.tcpstep.link.Simulation.Endpoint endpoint, Token name, List<Token> args)
            throws CommandException {
        try {
            if (c.afterEndpoint()) {
                c.endpointHandler().run(this, endpoint, name, args);
            } else {
                c.handler().run(this, name, args);
            }
        } finally {
            // a command that runs lines itself (open) is still the one this line ran
            lastCommand = c;
        }
    }

    /**
     * A command in a Linux session: the row's Linux handler, or its own. Nothing is undone
     * on failure (the kernel's side cannot be), and what crossed the link is printed either way.
     */
    private void runLinux(Command c, dev.tcpstep.link.Simulation.Endpoint endpoint, Token name, List<Token> args)
            throws CommandException {
        LinuxMode mode = session.linux();
        try {
            if (c.afterEndpoint()) {
                (c.linuxEndpointHandler() != null ? c.linuxEndpointHandler() : c.endpointHandler())
                        .run(this, endpoint, name, args);
            } else {
                (c.linuxHandler() != null ? c.linuxHandler() : c.handler()).run(this, name, args);
            }
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new CommandException(e.getMessage() == null ? e.toString() : e.getMessage(), -1, 1);
        } finally {
            if (session.linux() == mode && mode != null) {
                mode.printNew(this);
            }
        }
    }

    /** The commands that work against Linux, from the table. */
    String linuxCommands() {
        List<String> names = new ArrayList<>();
        table.endpointCommands().stream().filter(c -> c.has(Command.Property.LINUX))
                .forEach(c -> names.add("client/server " + c.name()));
        table.commands().stream().filter(c -> c.has(Command.Property.LINUX)).forEach(c -> names.add(c.name()));
        return String.join(", ", names);
    }

    /** A command or an endpoint command (`help send`), by exact name or unique prefix. */
    public Command resolveForHelp(Token name) throws CommandException {
        Command e = table.findEndpoint(name.text());
        return e != null ? e : resolve(name);
    }

    /** Finds a command by exact name or unique prefix. */
    public Command resolve(Token name) throws CommandException {
        List<String> endpoints = session.sim().endpoints().stream().map(e -> e.name()).toList();
        return table.resolve(name, false, "command", endpoints);
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
