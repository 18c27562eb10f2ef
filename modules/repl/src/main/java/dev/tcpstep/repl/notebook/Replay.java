package dev.tcpstep.repl.notebook;

import dev.tcpstep.codec.AtomicFile;
import dev.tcpstep.repl.Shell;
import dev.tcpstep.repl.Style;
import dev.tcpstep.repl.notebook.Notebook.Cell;
import dev.tcpstep.repl.notebook.Notebook.Code;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code tcpstep replay FILE.ipynb [--update] [--trust]}: runs every cell of a notebook in
 * a fresh session, through the shell's dispatch loop, and compares what each code cell
 * prints with the output saved in the file (ANSI escapes and trailing spaces ignored).
 * Cells that run Java or write files ({@link Trust}) run only with {@code --trust}; without
 * it each is named with its reason and not run, and the rest replays.
 *
 * <p>Exit codes: 0 all outputs match (or were updated); 1 a cell differs, a command failed
 * (with the cell number and a unified diff) or a cell was not run for want of trust; 2 the
 * file cannot be used (unreadable, not JSON, not nbformat 4). The file is rewritten only by
 * {@code --update} after every cell ran, atomically.
 */
public final class Replay {
    private Replay() {
    }

    /**
     * What a replay produced: the notebook with fresh outputs (cells not run keep theirs), the
     * cell that failed (0: none) and the cells not run for want of consent.
     */
    record Run(Notebook actual, int failedCell, String transcript, List<NotebookInput.Skip> skipped) {
    }

    /** How to run the cells a replay skipped. */
    static final String TRUST_HINT = "`tcpstep replay FILE --trust` runs it";

    static Notebook load(Path file) throws IOException, NotebookException {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new NotebookException(file + ": not UTF-8 text (expected: a Jupyter notebook, JSON in UTF-8)");
        }
        return NotebookFormat.read(json, file.toString());
    }

    static String reason(IOException e) {
        return switch (e) {
            case NoSuchFileException x -> "no such file";
            case AccessDeniedException x -> "permission denied";
            default -> String.valueOf(e.getMessage());
        };
    }

    /**
     * Runs {@code nb}'s cells in a fresh shell (width and character set as the notebook says);
     * cells that need consent run as {@code policy} says (never {@link Trust.Policy#ASK}: no one
     * is there to answer).
     */
    static Run run(Notebook nb, Trust.Policy policy) {
        StringWriter sink = new StringWriter();
        PrintWriter pw = new PrintWriter(sink);
        Shell shell = new Shell(pw, new Style(false, NotebookFormat.unicode(nb)));
        shell.width(NotebookFormat.width(nb));
        try (NotebookSession st = NotebookSession.of(shell)) {
            NotebookInput in = new NotebookInput(st, nb.cells(), null, null, policy, TRUST_HINT);
            st.openDepth++; // a notebook's cells may not open notebooks
            int code = shell.run(in);
            pw.flush();
            boolean finished = in.finished();
            in.closeGroup();
            Notebook actual = nb.withCells(st.cells());
            int failed = code != 0 || !finished ? Math.max(1, in.cellNumber()) : 0;
            return new Run(actual, failed, sink.toString(), in.skipped());
        }
    }

    /** The {@code replay} verb. */
    public static int verb(List<String> args, PrintStream out, PrintStream err) {
        boolean update = false;
        boolean trust = false;
        String fileArg = null;
        for (String a : args) {
            if (a.equals("--update")) {
                update = true;
            } else if (a.equals("--trust")) {
                trust = true;
            } else if (fileArg == null && !a.startsWith("--")) {
                fileArg = a;
            } else {
                err.println("tcpstep replay: unexpected argument `" + a + "` (usage: tcpstep replay FILE.ipynb [--update] [--trust])");
                return 2;
            }
        }
        if (fileArg == null) {
            err.println("tcpstep replay: expected a notebook file (usage: tcpstep replay FILE.ipynb [--update] [--trust])");
            return 2;
        }
        Path file = Path.of(fileArg);
        if (Files.isDirectory(file)) {
            err.println("tcpstep replay: cannot read " + file + ": is a directory (expected: a .ipynb file)");
            return 2;
        }
        Notebook expected;
        try {
            expected = load(file);
        } catch (IOException e) {
            err.println("tcpstep replay: cannot read " + file + ": " + reason(e));
            return 2;
        } catch (NotebookException e) {
            err.println("tcpstep replay: " + e.getMessage());
            return 2;
        }
        for (String w : NotebookCommands.skippedWarnings(expected)) {
            err.println("tcpstep replay: " + file + ": " + w);
        }
        Run run = run(expected, trust ? Trust.Policy.ALL : Trust.Policy.NONE);
        for (NotebookInput.Skip s : run.skipped()) {
            out.println(NotebookInput.skipLine(s.cell(), s.why(), TRUST_HINT));
        }
        List<Cell> want = expected.cells();
        List<Cell> got = run.actual().cells();
        int differences = 0;
        int code = 0;
        for (int i = 0; i < want.size(); i++) {
            if (!(want.get(i) instanceof Code w)) {
                continue;
            }
            code++;
            if (i >= got.size() || !(got.get(i) instanceof Code g)) {
                continue; // not run: reported below as the failure
            }
            String a = Notebook.normalize(w.text());
            String b = Notebook.normalize(g.text());
            if (!a.equals(b) && !update) {
                differences++;
                out.println("cell " + (i + 1) + " (" + w.lang().key() + ", id " + w.id() + "): output differs");
                for (String l : UnifiedDiff.diff(a, b, file + " cell " + (i + 1) + " (saved)",
                        "cell " + (i + 1) + " (replayed)")) {
                    out.println(l);
                }
            } else if (!a.equals(b)) {
                differences++;
            }
        }
        if (run.failedCell() > 0) {
            out.println("cell " + run.failedCell() + ": a command failed; the cells after it were not run");
            if (update) {
                err.println("tcpstep replay: " + file + " not updated (a cell failed)");
            }
            return 1;
        }
        if (!run.skipped().isEmpty()) {
            out.println(file + ": " + run.skipped().size() + " of " + code + " code cells not run (untrusted); "
                    + "the others " + (differences == 0 ? "match" : "differ in " + differences) + "; "
                    + "`tcpstep replay " + file + " --trust` runs them all");
            if (update) {
                err.println("tcpstep replay: " + file + " not updated (cells were not run)");
            }
            return 1;
        }
        if (update) {
            if (differences == 0) {
                out.println(file + ": " + code + " code cells, all outputs match; nothing to update");
                return 0;
            }
            try {
                AtomicFile.write(file, NotebookFormat.write(run.actual()));
            } catch (IOException e) {
                err.println("tcpstep replay: cannot write " + file + ": " + reason(e));
                return 2;
            }
            out.println(file + ": updated the outputs of " + differences + " of " + code + " code cells");
            return 0;
        }
        if (differences > 0) {
            out.println(file + ": " + differences + " of " + code + " code cells differ");
            return 1;
        }
        out.println(file + ": " + code + " code cells replayed, all outputs match");
        return 0;
    }
}
