package dev.tcpstep.repl.notebook;

import dev.tcpstep.repl.Command;
import dev.tcpstep.repl.CommandException;
import dev.tcpstep.repl.Shell;
import dev.tcpstep.repl.Token;
import dev.tcpstep.repl.Tokenizer;
import dev.tcpstep.repl.notebook.Notebook.Cell;
import dev.tcpstep.repl.notebook.Notebook.Code;
import dev.tcpstep.repl.notebook.Notebook.Lang;
import dev.tcpstep.repl.notebook.Notebook.Markdown;
import dev.tcpstep.repl.notebook.Notebook.Output;
import dev.tcpstep.repl.notebook.Notebook.Stream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * What the notebook commands know about one shell: which top-level lines (by their index
 * in {@link Shell#executed()}) were notes, Java cells and diagrams, and which came from a
 * notebook's cells (kept as groups, so a cell of several lines stays one cell). From that
 * and the shell's own record it builds the session as a {@link Notebook}.
 */
final class NotebookSession implements AutoCloseable {
    /** Lines that are about the shell, not the session: never cells. */

    /**
     * Each shell's notebook state. The state is held by the shell's command table (the
     * handlers capture it) and only weakly here, so a shell and its state go together.
     */
    private static final Map<Shell, java.lang.ref.WeakReference<NotebookSession>> ALL = new WeakHashMap<>();

    /**
     * The cells of a notebook run through the shell: {@code original} covers executed[start, end).
     * {@code ran} is false for a cell not run (it needed consent): it keeps its saved outputs.
     */
    record Group(Cell original, int start, int end, boolean ran) {
    }

    final Shell shell;
    private final Map<Integer, String> notes = new HashMap<>();
    private final Map<Integer, JavaRun> java = new HashMap<>();
    private final Map<Integer, String> svgs = new HashMap<>();
    private final Map<Integer, String> echoes = new HashMap<>();
    private final List<Group> groups = new ArrayList<>();
    private JavaCells jshell;
    int openDepth;

    record JavaRun(String source, JavaCells.Result result) {
    }

    private NotebookSession(Shell shell) {
        this.shell = shell;
    }

    static NotebookSession attach(Shell shell) {
        synchronized (ALL) {
            NotebookSession s = new NotebookSession(shell);
            ALL.put(shell, new java.lang.ref.WeakReference<>(s));
            return s;
        }
    }

    static NotebookSession of(Shell shell) {
        synchronized (ALL) {
            java.lang.ref.WeakReference<NotebookSession> ref = ALL.get(shell);
            NotebookSession s = ref == null ? null : ref.get();
            if (s == null) {
                throw new IllegalStateException("the notebook commands are not registered in this shell");
            }
            return s;
        }
    }

    /** The index the line now running will have in {@link Shell#executed()}. */
    int current() {
        return shell.executed().size();
    }

    void note(String markdown) {
        notes.put(current(), markdown);
    }

    void svg(int index, String svg) {
        svgs.put(index, svg);
    }

    /** Records a notebook line shown as typed while line {@code index} ran (part of its printed text). */
    void echoed(int index, String text) {
        echoes.merge(index, text, String::concat);
    }

    void group(Group g) {
        groups.add(g);
    }

    /** The Java cells' engine when one was started; null before the first Java cell. */
    JavaCells javaIfStarted() {
        return jshell;
    }

    JavaCells java() {
        if (jshell == null) {
            jshell = new JavaCells(() -> shell.session().sim(), shell::takeInterrupt);
        }
        return jshell;
    }

    JavaCells.Result runJava(String source) {
        // Typed: Ctrl-C stops a cell; piped or replayed: a time limit does.
        boolean typed = shell.input() != null && shell.input().interactive();
        JavaCells.Result r = java().run(source, typed ? null : JavaCells.limit());
        java.put(current(), new JavaRun(source, r));
        return r;
    }

    @Override
    public void close() {
        if (jshell != null) {
            jshell.close();
            jshell = null;
        }
        synchronized (ALL) {
            ALL.remove(shell);
        }
    }

    // ------------------------------------------------------------------ the session as cells

    /** The command a line names (its endpoint command for {@code client send ...}), or null. */
    String commandOf(String line) {
        try {
            List<Token> t = Tokenizer.tokenize(line);
            if (t.isEmpty()) {
                return null;
            }
            if (shell.session().sim().endpoint(t.getFirst().text()) != null) {
                return t.size() > 1 ? "endpoint " + t.get(1).text() : null;
            }
            Command c = shell.resolve(t.getFirst());
            return c.name();
        } catch (CommandException e) {
            return null;
        }
    }

    /**
     * The session so far as cells: notebook groups as their cells, then each other line
     * that ran without error as a cell (notes as markdown; rows without the CELL property left out).
     */
    List<Cell> cells() {
        List<Shell.Executed> ex = shell.executed();
        List<Cell> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Group g : groups) {
            ids.add(g.original().id());
        }
        int gi = 0;
        int i = 0;
        while (i <= ex.size()) {
            boolean grouped = false;
            while (gi < groups.size() && groups.get(gi).start() == i) {
                Group g = groups.get(gi++);
                out.add(fromGroup(g, ex));
                if (g.end() > i) {
                    i = g.end();
                    grouped = true;
                    break;
                }
            }
            if (grouped) {
                continue;
            }
            if (i == ex.size()) {
                break;
            }
            Cell c = typed(i, ex.get(i), out.size() + 1, ids);
            if (c != null) {
                out.add(c);
                ids.add(c.id());
            }
            i++;
        }
        return out;
    }

    private Cell fromGroup(Group g, List<Shell.Executed> ex) {
        if (!(g.original() instanceof Code code) || !g.ran()) {
            return g.original();
        }
        List<Output> outs = new ArrayList<>();
        for (int k = g.start(); k < g.end() && k < ex.size(); k++) {
            outputs(k, ex.get(k), outs);
        }
        return code.withOutputs(outs);
    }

    private Cell typed(int i, Shell.Executed e, int position, Set<String> ids) {
        // the command table says which commands make a cell
        if (e.failed() || e.command() == null || !e.command().has(Command.Property.CELL)) {
            return null;
        }
        String cmd = e.command().name();
        String id = freshId(position, ids);
        if (notes.containsKey(i)) {
            return new Markdown(id, "markdown", notes.get(i), null);
        }
        List<Output> outs = new ArrayList<>();
        outputs(i, e, outs);
        JavaRun j = java.get(i);
        if (j != null && cmd.equals("java")) {
            return new Code(id, Lang.JAVA, j.source(), outs, null);
        }
        return new Code(id, Lang.COMMAND, e.line().strip(), outs, null);
    }

    private static String freshId(int position, Set<String> ids) {
        String id = "cell-" + position;
        char suffix = 'a';
        while (ids.contains(id)) {
            id = "cell-" + position + suffix++;
        }
        return id;
    }

    /** One line's outputs, added to {@code outs}: Java results, diagram pictures, else text. */
    private void outputs(int i, Shell.Executed e, List<Output> outs) {
        String printed = Notebook.normalize(e.output());
        JavaRun j = java.get(i);
        String echo = echoes.get(i);
        if (echo != null && printed.startsWith(echo)) {
            printed = printed.substring(echo.length());
        }
        if (j != null && printed.startsWith(NotebookCommands.JAVA_HINT + "\n")) {
            // The hint a person sees before typing Java lines is not part of the cell's output.
            printed = printed.substring(NotebookCommands.JAVA_HINT.length() + 1);
        }
        if (j != null) {
            String mine = Notebook.normalize(j.result().out());
            String err = j.result().error() == null ? "" : Notebook.normalize(j.result().error().text());
            if (printed.startsWith(mine + err)) {
                stream(outs, mine);
                if (j.result().error() != null) {
                    outs.add(j.result().error());
                }
                stream(outs, printed.substring(mine.length() + err.length()));
                return;
            }
        }
        String svg = svgs.get(i);
        if (svg != null && !printed.isEmpty()) {
            outs.add(new Notebook.Display(printed, svg));
            return;
        }
        stream(outs, printed);
    }

    private static void stream(List<Output> outs, String text) {
        if (text.isEmpty()) {
            return;
        }
        if (!outs.isEmpty() && outs.getLast() instanceof Stream s && s.name().equals("stdout")) {
            outs.set(outs.size() - 1, new Stream("stdout", s.text() + text));
        } else {
            outs.add(new Stream("stdout", text));
        }
    }
}
