package dev.tcpstep.repl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one command table: every command the shell knows is a {@link Command} row here. The
 * shell dispatches from it, tab completion and the notebook kernel complete from it
 * ({@link #complete}), {@code help} and the kernel's inspect read it ({@link #help}),
 * notebooks ask a row whether it makes a cell, and the Linux mode whether it works there.
 */
public final class CommandTable {
    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final Map<String, Command> endpointCommands = new LinkedHashMap<>();

    /** Adds a row. */
    public void add(Command c) {
        Map<String, Command> m = c.afterEndpoint() ? endpointCommands : commands;
        if (m.putIfAbsent(c.name(), c) != null) {
            throw new IllegalStateException("command registered twice: " + c.name());
        }
    }

    /** The commands typed on their own, in table order. */
    public Collection<Command> commands() {
        return Collections.unmodifiableCollection(commands.values());
    }

    /** The commands typed after an endpoint name, in table order. */
    public Collection<Command> endpointCommands() {
        return Collections.unmodifiableCollection(endpointCommands.values());
    }

    /** The row named exactly {@code name} (a command typed on its own), or null. */
    public Command find(String name) {
        return commands.get(name.toLowerCase(Locale.ROOT));
    }

    /** The endpoint row named exactly {@code name}, or null. */
    public Command findEndpoint(String name) {
        return endpointCommands.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The row {@code name} names: exact name or unique prefix.
     *
     * @param others more words a mistyped name may have meant (endpoint names), for "did you mean"
     */
    Command resolve(Token name, boolean afterEndpoint, String what, Collection<String> others) throws CommandException {
        Map<String, Command> m = afterEndpoint ? endpointCommands : commands;
        String typed = name.text().toLowerCase(Locale.ROOT);
        Command exact = m.get(typed);
        if (exact != null) {
            return exact;
        }
        List<String> matches = new ArrayList<>();
        for (String n : m.keySet()) {
            if (n.startsWith(typed)) {
                matches.add(n);
            }
        }
        if (matches.size() == 1) {
            return m.get(matches.getFirst());
        }
        if (matches.size() > 1) {
            throw new CommandException("ambiguous " + what + " `" + name.text() + "`: matches "
                    + String.join(", ", matches), name);
        }
        List<String> candidates = new ArrayList<>(m.keySet());
        candidates.addAll(others);
        String hint = Suggest.closest(typed, candidates);
        throw new CommandException("unknown " + what + " `" + name.text() + "`"
                + (hint != null ? "; did you mean `" + hint + "`?" : " (type `help` for the list)"), name);
    }

    /** The row a whole line runs, or null (blank, unknown, or an endpoint name alone). */
    public Command rowOf(Shell shell, List<String> words) {
        if (words.isEmpty()) {
            return null;
        }
        if (shell.session().endpoint(words.getFirst()) != null) {
            return words.size() < 2 ? null : unique(endpointCommands, words.get(1));
        }
        return unique(commands, words.getFirst());
    }

    private static Command unique(Map<String, Command> m, String word) {
        String w = word.toLowerCase(Locale.ROOT);
        Command exact = m.get(w);
        if (exact != null) {
            return exact;
        }
        Command found = null;
        for (Map.Entry<String, Command> e : m.entrySet()) {
            if (e.getKey().startsWith(w)) {
                if (found != null) {
                    return null;
                }
                found = e.getValue();
            }
        }
        return found;
    }

    /**
     * Candidates for the word at {@code index} of a line split into {@code words} (the word
     * being typed is included, possibly empty): command and endpoint names first, then
     * whatever the row's completer offers.
     */
    public List<Command.Candidate> complete(Shell shell, List<String> words, int index) {
        List<Command.Candidate> out = new ArrayList<>();
        List<String> endpoints = shell.session().sim().endpoints().stream().map(e -> e.name()).toList();
        if (index == 0) {
            for (Command c : commands.values()) {
                out.add(new Command.Candidate(c.name(), c.summary(), true));
            }
            for (String e : endpoints) {
                out.add(new Command.Candidate(e, "endpoint: " + e + " " + String.join("|",
                        endpointCommands.keySet()), true));
            }
            return out;
        }
        if (endpoints.contains(words.getFirst())) {
            if (index == 1) {
                for (Command c : endpointCommands.values()) {
                    out.add(new Command.Candidate(c.name(), c.summary(), true));
                }
                return out;
            }
            Command row = unique(endpointCommands, words.get(1));
            return row == null ? out : row.completer().complete(shell, words.subList(1, words.size()), index - 1);
        }
        Command row = unique(commands, words.getFirst());
        return row == null ? out : row.completer().complete(shell, words, index);
    }

    /** Completion for a raw line and cursor (the kernel's complete_request): the candidates for the word at the cursor. */
    public List<Command.Candidate> complete(Shell shell, String line, int cursor) {
        String upTo = line.substring(0, Math.max(0, Math.min(cursor, line.length())));
        List<String> words = new ArrayList<>(List.of(upTo.strip().isEmpty() ? new String[0] : upTo.strip().split("\\s+")));
        if (upTo.isEmpty() || Character.isWhitespace(upTo.charAt(upTo.length() - 1))) {
            words.add("");
        }
        String typed = words.getLast();
        List<Command.Candidate> all = complete(shell, words, words.size() - 1);
        List<Command.Candidate> out = new ArrayList<>();
        for (Command.Candidate c : all) {
            if (c.value().startsWith(typed)) {
                out.add(c);
            }
        }
        return out;
    }

    /** The help of one row: {@code syntax — summary}, then the body's lines indented. */
    public static List<String> help(Command c) {
        List<String> out = new ArrayList<>();
        String syntax = c.syntax().isEmpty() ? c.name() : c.syntax().startsWith("<endpoint>") ? c.syntax()
                : (c.name() + " " + c.syntax()).trim();
        out.add(syntax + " — " + c.summary());
        if (c.body() != null) {
            for (String l : c.body().split("\n")) {
                out.add("  " + l);
            }
        }
        return out;
    }
}
