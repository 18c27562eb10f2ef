package dev.tcpstep.repl.kernel;

import dev.tcpstep.link.Simulation;
import dev.tcpstep.repl.Command;
import dev.tcpstep.repl.CommandException;
import dev.tcpstep.repl.Shell;
import dev.tcpstep.repl.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The kernel's one view of the shell's command table: which words name commands (to tell
 * a command cell from a Java cell), completion of command and endpoint names, and the help
 * text {@code help <command>} prints. Everything here reads the table and
 * {@code help.properties}; nothing keeps a list of its own, so a command added to the
 * shell completes and explains itself in Jupyter too.
 */
final class CommandTable {
    private final Shell shell;

    CommandTable(Shell shell) {
        this.shell = shell;
    }

    /** A command's name and one-line summary. */
    record Entry(String name, String summary) {
    }

    private List<String> endpoints() {
        return shell.session().sim().endpoints().stream().map(Simulation.Endpoint::name).toList();
    }

    /**
     * True when {@code word} is an endpoint's name or starts a command's name (an ambiguous
     * prefix too: the shell then says which commands it matches).
     */
    boolean namesCommand(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        return endpoints().contains(w) || shell.commandNames().stream().anyMatch(n -> n.startsWith(w));
    }

    /**
     * Candidates for the word being typed: {@code words} are the words of the line before
     * it, {@code prefix} its start. The shell's own completion ({@link
     * dev.tcpstep.repl.CommandTable#complete}) answers, so Jupyter offers what Tab offers.
     */
    List<Entry> complete(List<String> words, String prefix) {
        List<String> line = new ArrayList<>(words);
        line.add(prefix);
        String p = prefix.toLowerCase(Locale.ROOT);
        List<Entry> out = new ArrayList<>();
        for (Command.Candidate c : shell.table().complete(shell, line, line.size() - 1)) {
            if (c.value().toLowerCase(Locale.ROOT).startsWith(p)) {
                out.add(new Entry(c.value(), c.description() == null ? "" : c.description()));
            }
        }
        return out;
    }

    /**
     * What {@code help <command>} says about the command {@code words} name ({@code client
     * send ...} names {@code send}), or null when they name none.
     */
    String help(List<String> words) {
        if (words.isEmpty()) {
            return null;
        }
        Command c = null;
        String first = words.getFirst();
        if (endpoints().contains(first.toLowerCase(Locale.ROOT))) {
            if (words.size() < 2) {
                return null;
            }
            String second = words.get(1).toLowerCase(Locale.ROOT);
            c = shell.table().rowOf(shell, List.of(first, second));
        } else {
            try {
                c = shell.resolveForHelp(new Token(first, 0, first.length(), false));
            } catch (CommandException e) {
                return null;
            }
            if (c.name().equals("help") && words.size() > 1) {
                return help(words.subList(1, words.size()));
            }
        }
        if (c == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        dev.tcpstep.repl.CommandTable.help(c).forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }
}
