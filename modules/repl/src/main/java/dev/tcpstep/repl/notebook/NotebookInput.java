package dev.tcpstep.repl.notebook;

import dev.tcpstep.repl.Input;
import dev.tcpstep.repl.notebook.Notebook.Cell;
import dev.tcpstep.repl.notebook.Notebook.Code;
import dev.tcpstep.repl.notebook.Notebook.Lang;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A notebook's cells as lines for the shell's dispatch loop, so replaying a notebook
 * takes exactly the path typed input takes. A command cell gives its lines; a Java cell
 * gives {@code java}, its lines and a lone {@code .} (the shell's multi-line Java form).
 * Markdown and skipped cells give no lines but are recorded in their place.
 *
 * <p>After the last cell it answers as {@code after} does (the person's own input when a
 * notebook is opened in a live shell), so commands that read more lines later
 * ({@code java}, {@code tour}) still read from the person.
 *
 * <p>A cell that needs consent ({@link Trust#needsConsent}) runs only as the
 * {@link Trust.Policy} says; a cell not run keeps the outputs it was saved with and is
 * listed in {@link #skipped()}.
 */
final class NotebookInput implements Input {
    private final NotebookSession session;
    private final List<Cell> cells;
    private final Input after;
    private final PrintWriter echo;
    private int cell = -1;
    private int groupStart;
    private List<String> lines = List.of();
    private int next;
    private boolean done;
    private String last;
    private String lastCommand;
    private int lastIndex = -1;
    private Trust.Policy policy;
    private final String trustHint;
    private boolean running = true;
    private final List<Skip> skipped = new ArrayList<>();

    /** A cell not run for want of consent: its 1-based number and why it needed consent. */
    record Skip(int cell, String why) {
    }

    /**
     * {@code echo}: where to show each line as if typed (null: silent); {@code policy}: what
     * to do with cells that need consent; {@code trustHint}: how to run them after all
     * (ends the line that says a cell was skipped).
     */
    NotebookInput(NotebookSession session, List<Cell> cells, Input after, PrintWriter echo, Trust.Policy policy,
                  String trustHint) {
        this.session = session;
        this.cells = cells;
        this.after = after;
        this.echo = echo;
        this.policy = policy;
        this.trustHint = trustHint;
    }

    /** The cells not run because they needed consent, in order. */
    List<Skip> skipped() {
        return List.copyOf(skipped);
    }

    /** 1-based number of the cell being run (0 before the first). */
    int cellNumber() {
        return cell + 1;
    }

    /** The raw text of the line served last (for {@code java <snippet>}, which needs quotes kept). */
    String lastLine() {
        return last;
    }

    boolean finished() {
        return done;
    }

    /** Records the cell that was running when the loop stopped early (a command failed). */
    void closeGroup() {
        if (!done && cell >= 0 && cell < cells.size()) {
            session.group(new NotebookSession.Group(cells.get(cell), groupStart, session.current(), true));
            done = true;
        }
    }

    @Override
    public String readLine(String prompt) {
        if (done) {
            return after == null ? null : after.readLine(prompt);
        }
        attachDiagram();
        while (next >= lines.size()) {
            if (cell >= 0) {
                session.group(new NotebookSession.Group(cells.get(cell), groupStart, session.current(), running));
            }
            cell++;
            if (cell >= cells.size()) {
                done = true;
                return null;
            }
            groupStart = session.current();
            lines = linesOf(cells.get(cell));
            next = 0;
            running = consent(cells.get(cell));
            if (!running) {
                lines = List.of();
            }
        }
        String line = lines.get(next++);
        last = line;
        if (next == 1 || !(cells.get(cell) instanceof Code c && c.lang() == Lang.JAVA)) {
            lastCommand = line;
            lastIndex = session.current();
        }
        if (echo != null) {
            boolean javaLine = next > 1 && cells.get(cell) instanceof Code c && c.lang() == Lang.JAVA;
            String shown = (javaLine ? "java> " : "tcpstep> ") + line;
            echo.println(session.shell.style().command(shown));
            echo.flush();
            if (javaLine) {
                // Read by the running `java` command, so printed into its output: not the cell's.
                session.echoed(session.current(), shown + "\n");
            }
        }
        return line;
    }

    /** Whether cell {@code c} may run; says why not when it may not (unless the policy keeps quiet). */
    private boolean consent(Cell c) {
        String why = Trust.needsConsent(session, c);
        if (why == null || policy == Trust.Policy.ALL) {
            return true;
        }
        int number = cell + 1;
        if (policy == Trust.Policy.ASK && after != null && after.interactive() && echo != null) {
            show(c);
            String answer = after.readLine("cell " + number + " " + why + ". Run it? [y]es, [n]o, [a]ll: ");
            String a = answer == null ? "" : answer.strip().toLowerCase(java.util.Locale.ROOT);
            if (a.equals("a") || a.equals("all")) {
                policy = Trust.Policy.ALL;
                return true;
            }
            if (a.equals("y") || a.equals("yes")) {
                return true;
            }
        } else if (policy != Trust.Policy.KEEP && echo != null) {
            show(c);
        }
        skipped.add(new Skip(number, why));
        if (policy != Trust.Policy.KEEP && echo != null) {
            echo.println(session.shell.style().error(skipLine(number, why, trustHint)));
            echo.flush();
        }
        return false;
    }

    /** The one line that says a cell was not run. */
    static String skipLine(int number, String why, String trustHint) {
        return "skipped cell " + number + ": it " + why + " (untrusted; " + trustHint + ")";
    }

    /** Shows a cell's lines as they would be typed, without running them. */
    private void show(Cell c) {
        boolean java = c instanceof Code code && code.lang() == Lang.JAVA;
        List<String> l = linesOf(c);
        for (int i = 0; i < l.size(); i++) {
            echo.println(session.shell.style().command((java && i > 0 ? "java> " : "tcpstep> ") + l.get(i)));
        }
    }

    /** After a {@code diagram} line ran (and before anything else), the same picture as SVG. */
    private void attachDiagram() {
        if (lastCommand == null || lastIndex < 0 || lastIndex >= session.current()) {
            return;
        }
        if ("diagram".equals(session.commandOf(lastCommand)) && !session.shell.executed().get(lastIndex).failed()) {
            session.svg(lastIndex, Diagrams.svg(session.shell.session().sim()));
        } else if ("graph".equals(session.commandOf(lastCommand)) && !session.shell.executed().get(lastIndex).failed()) {
            session.svg(lastIndex, dev.tcpstep.repl.GraphCommands.svgOf(session.shell, lastCommand));
        }
        lastCommand = null;
    }

    private static List<String> linesOf(Cell c) {
        if (!(c instanceof Code code)) {
            return List.of();
        }
        List<String> src = code.source().isEmpty() ? List.of() : code.source().lines().toList();
        if (code.lang() == Lang.COMMAND) {
            return src;
        }
        if (src.stream().allMatch(String::isBlank)) {
            return List.of();
        }
        List<String> l = new ArrayList<>();
        l.add("java");
        l.addAll(src);
        l.add(".");
        return l;
    }

    @Override
    public boolean interactive() {
        return done && after != null && after.interactive();
    }
}
