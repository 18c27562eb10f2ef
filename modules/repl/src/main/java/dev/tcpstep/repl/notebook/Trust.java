package dev.tcpstep.repl.notebook;

import dev.tcpstep.repl.notebook.Notebook.Cell;
import dev.tcpstep.repl.notebook.Notebook.Code;
import dev.tcpstep.repl.notebook.Notebook.Lang;

import java.util.List;
import java.util.Set;

/**
 * What a notebook from someone else may do without the person's consent. Cells that only
 * step the simulation, print or draw are trusted; a cell that runs Java (a Java cell, or a
 * {@code java} line in a command cell) or writes a file ({@link #WRITES_FILES}) is not: it
 * runs only when the person agrees at the terminal or passed {@code --trust}.
 */
final class Trust {
    /**
     * The commands that write files. The one place that says so: when the command table
     * carries a "writes files" property per row, this set gives way to it.
     */
    static final Set<String> WRITES_FILES = Set.of("export", "save");

    /** How a replay treats cells that need consent. */
    enum Policy {
        /** Run them ({@code --trust}). */
        ALL,
        /** Ask the person for each one (a terminal). */
        ASK,
        /** Skip them with a one-line reason (piped input without {@code --trust}). */
        NONE,
        /** Skip them and keep their saved outputs, silently ({@code save} re-running a session). */
        KEEP
    }

    private Trust() {
    }

    /**
     * Why {@code cell} needs consent ("runs Java code", "writes a file (`export svg x.svg`)"),
     * or null when it is trusted.
     */
    static String needsConsent(NotebookSession session, Cell cell) {
        if (!(cell instanceof Code code)) {
            return null;
        }
        if (code.lang() == Lang.JAVA) {
            return code.source().isBlank() ? null : "runs Java code";
        }
        List<String> lines = code.source().lines().toList();
        for (String line : lines) {
            String cmd = session.commandOf(line);
            if ("java".equals(cmd)) {
                return "runs Java code (a `java` line)";
            }
            if (cmd != null && WRITES_FILES.contains(cmd)) {
                return "writes a file (`" + line.strip() + "`)";
            }
        }
        return null;
    }
}
