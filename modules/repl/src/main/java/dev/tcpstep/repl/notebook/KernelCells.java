package dev.tcpstep.repl.notebook;

import dev.tcpstep.repl.Shell;
import dev.tcpstep.repl.notebook.Notebook.Cell;
import dev.tcpstep.repl.notebook.Notebook.Code;
import dev.tcpstep.repl.notebook.Notebook.Lang;
import dev.tcpstep.repl.notebook.Notebook.Output;
import dev.tcpstep.repl.notebook.Notebook.Stream;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs one Jupyter cell at a time in a live shell, for the tcpstep kernel: the cell goes
 * through the path a notebook replay takes ({@link NotebookInput} into the shell's
 * dispatch loop), so a cell prints in Jupyter exactly what {@code replay} and {@code open}
 * print, diagrams come with their SVG, and {@code save} in a later cell saves the cells run
 * so far.
 *
 * <p><b>Interrupt</b> ({@link #interrupt()}, from another thread): it asks the shell to stop
 * ({@link Shell#interrupt()}, which long commands check), and stops a running Java cell
 * with {@link JavaCells#interrupt()}, the same stop Ctrl-C gives in the shell, so even
 * {@code while (true) {}} ends.
 */
public final class KernelCells implements AutoCloseable {
    private final NotebookSession session;
    private volatile boolean running;
    private volatile boolean interrupted;
    private int count;

    /**
     * What a cell printed ({@code stream} and {@code display_data} outputs) and its error, if
     * any; {@code quit}: the cell ran {@code quit} or {@code exit}, which ends the session.
     */
    public record Ran(List<Output> outputs, Notebook.Error error, boolean interrupted, boolean quit) {
    }

    public KernelCells(Shell shell) {
        this.session = NotebookSession.of(shell);
    }

    /** Runs {@code source} as a command cell or a Java cell. */
    public Ran run(String source, boolean java) {
        count++;
        Code cell = new Code("kernel-" + count, java ? Lang.JAVA : Lang.COMMAND, source, List.of(), null);
        Shell shell = session.shell;
        int before = shell.executed().size();
        // Jupyter's own trust model applies: a cell runs because the person ran it (or asked
        // nbconvert to execute the notebook), so the kernel does not ask again.
        NotebookInput in = new NotebookInput(session, List.of(cell), null, null, Trust.Policy.ALL, "");
        session.openDepth++; // like a notebook being opened: a cell may not open another notebook
        interrupted = false;
        running = true;
        int code;
        try {
            code = shell.run(in);
        } finally {
            running = false;
            session.openDepth--;
            shell.takeInterrupt();
        }
        // The loop ended before the cell's lines did, and not on an error: `quit` stopped it.
        boolean quit = code == 0 && !in.finished();
        in.closeGroup();
        List<Cell> cells = session.cells();
        List<Output> outs = new ArrayList<>(cells.isEmpty() || !(cells.getLast() instanceof Code c)
                ? List.of() : c.outputs());
        Notebook.Error error = null;
        for (Output o : outs) {
            if (o instanceof Notebook.Error e) {
                error = e;
            }
        }
        outs.removeIf(o -> o instanceof Notebook.Error);
        List<Dev> executed = executedSince(shell, before);
        if (code != 0 && !executed.isEmpty() && executed.getLast().failed()) {
            // The failing command's lines ("line 2: ...", the caret and the message) are the error, not output.
            String failedText = Notebook.normalize(executed.getLast().output());
            if (!outs.isEmpty() && outs.getLast() instanceof Stream s && s.text().endsWith(failedText)) {
                String rest = s.text().substring(0, s.text().length() - failedText.length());
                outs.removeLast();
                if (!rest.isEmpty()) {
                    outs.add(new Stream(s.name(), rest));
                }
            }
            List<String> lines = failedText.lines().toList();
            String message = lines.isEmpty() ? "the command failed" : lines.getLast().strip().replaceFirst("^\\^+ ", "");
            error = new Notebook.Error("CommandError", message, lines);
        }
        boolean stopped = interrupted;
        if (stopped && error == null) {
            error = new Notebook.Error("Interrupted", "the cell was interrupted", List.of("interrupted (the cell stopped)"));
        }
        return new Ran(outs, error, stopped, quit);
    }

    private record Dev(String output, boolean failed) {
    }

    private static List<Dev> executedSince(Shell shell, int from) {
        List<Dev> out = new ArrayList<>();
        List<Shell.Executed> ex = shell.executed();
        for (int i = from; i < ex.size(); i++) {
            out.add(new Dev(ex.get(i).output(), ex.get(i).failed()));
        }
        return out;
    }

    /** True when {@code source} is Java that needs more lines (an open brace, say). */
    public boolean incompleteJava(String source) {
        return session.java().incomplete(source);
    }

    /** Stops the running cell, from another thread; does nothing when no cell runs. */
    public void interrupt() {
        if (!running) {
            return;
        }
        interrupted = true;
        session.shell.interrupt();
        stopJava();
    }

    private void stopJava() {
        JavaCells cells = session.javaIfStarted();
        if (cells != null) {
            cells.interrupt();
        }
    }

    /** Completions for Java at {@code cursor}: what replaces {@code source[anchor, cursor)}. */
    public record Completion(int anchor, List<String> candidates) {
    }

    /** JShell's completions at {@code cursor} (a char index) in the Java {@code source}. */
    public Completion completeJava(String source, int cursor) {
        try {
            var sca = session.java().engine().sourceCodeAnalysis();
            int start = snippetStart(sca, source, cursor);
            int[] anchor = new int[1];
            List<String> names = new ArrayList<>();
            for (var s : sca.completionSuggestions(source.substring(start), cursor - start, anchor)) {
                if (!names.contains(s.continuation())) {
                    names.add(s.continuation());
                }
            }
            return new Completion(start + anchor[0], names);
        } catch (RuntimeException e) {
            return new Completion(cursor, List.of());
        }
    }

    /** JShell's signatures (and javadoc, when it has it) of what is at {@code cursor}; null when nothing. */
    public String documentJava(String source, int cursor, boolean detail) {
        try {
            var sca = session.java().engine().sourceCodeAnalysis();
            int start = snippetStart(sca, source, cursor);
            StringBuilder sb = new StringBuilder();
            for (var d : sca.documentation(source.substring(start), cursor - start, detail)) {
                sb.append(d.signature()).append('\n');
                if (detail && d.javadoc() != null && !d.javadoc().isBlank()) {
                    sb.append(d.javadoc().strip()).append("\n\n");
                }
            }
            return sb.isEmpty() ? null : sb.toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Where the snippet holding {@code cursor} starts: JShell completes one snippet, a cell holds several. */
    private static int snippetStart(jdk.jshell.SourceCodeAnalysis sca, String source, int cursor) {
        String before = source.substring(0, cursor);
        int start = 0;
        while (start < before.length()) {
            var ci = sca.analyzeCompletion(before.substring(start));
            String rest = ci.remaining() == null ? "" : ci.remaining();
            if (!ci.completeness().isComplete() || rest.isBlank()) {
                break;
            }
            start = before.length() - rest.length();
        }
        return start;
    }

    @Override
    public void close() {
        session.close();
    }
}
