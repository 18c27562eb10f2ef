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
    private final PrintWriter out;
    private final Style style;
    private boolean quit;
    private String prompt = "tcpstep> ";

    public Shell(PrintWriter out, Style style) {
        this.out = out;
        this.style = style;
        Commands.registerAll(this);
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
        return prompt;
    }

    /**
     * Runs until the input ends or {@code quit}. Returns the exit code: 0, or 1 when a
     * non-interactive input had a failing command.
     */
    public int run(Input input) {
        int lineNumber = 0;
        while (!quit) {
            String line = input.readLine(input.interactive() ? style.prompt(prompt) : "");
            if (line == null) {
                break;
            }
            lineNumber++;
            try {
                execute(line);
            } catch (CommandException e) {
                printError(line, e, input.interactive(), lineNumber);
                if (!input.interactive()) {
                    out.flush();
                    return 1;
                }
            }
            out.flush();
        }
        out.flush();
        return 0;
    }

    /** Runs one line; throws when it fails (and then nothing has changed). */
    public void execute(String line) throws CommandException {
        List<Token> tokens = Tokenizer.tokenize(line);
        if (tokens.isEmpty()) {
            return;
        }
        Token name = tokens.getFirst();
        Command c = resolve(name);
        c.handler().run(this, name, tokens.subList(1, tokens.size()));
    }

    /** Finds a command by exact name or unique prefix. */
    public Command resolve(Token name) throws CommandException {
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
            throw new CommandException("ambiguous command `" + name.text() + "`: matches "
                    + String.join(", ", matches), name);
        }
        String hint = Suggest.closest(typed, commands.keySet());
        throw new CommandException("unknown command `" + name.text() + "`"
                + (hint != null ? "; did you mean `" + hint + "`?" : " (type `help` for the list)"), name);
    }

    private void printError(String line, CommandException e, boolean interactive, int lineNumber) {
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
