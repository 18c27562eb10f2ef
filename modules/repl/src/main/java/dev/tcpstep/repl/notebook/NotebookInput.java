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

    /** {@code echo}: where to show each line as if typed (null: silent). */
    NotebookInput(NotebookSession session, List<Cell> cells, Input after, PrintWriter echo) {
        this.session = session;
        this.cells = cells;
        this.after = after;
        this.echo = echo;
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
            session.group(new NotebookSession.Group(cells.get(cell), groupStart, session.current()));
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
                session.group(new NotebookSession.Group(cells.get(cell), groupStart, session.current()));
            }
            cell++;
            if (cell >= cells.size()) {
                done = true;
                return null;
            }
            groupStart = session.current();
            lines = linesOf(cells.get(cell));
            next = 0;
        }
        String line = lines.get(next++);
        last = line;
        if (next == 1 || !(cells.get(cell) instanceof Code c && c.lang() == Lang.JAVA)) {
            lastCommand = line;
            lastIndex = session.current();
        }
        if (echo != null) {
            boolean javaLine = next > 1 && cells.get(cell) instanceof Code c && c.lang() == Lang.JAVA;
            echo.println(session.shell.style().command((javaLine ? "java> " : "tcpstep> ") + line));
            echo.flush();
        }
        return line;
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
