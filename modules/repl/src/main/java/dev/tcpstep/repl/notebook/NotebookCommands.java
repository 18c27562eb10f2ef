package dev.tcpstep.repl.notebook;

import dev.tcpstep.codec.AtomicFile;
import dev.tcpstep.repl.Command;
import dev.tcpstep.repl.CommandException;
import dev.tcpstep.repl.Input;
import dev.tcpstep.repl.JLineInput;
import dev.tcpstep.repl.Shell;
import dev.tcpstep.repl.Token;
import dev.tcpstep.repl.notebook.Notebook.Cell;
import dev.tcpstep.repl.notebook.Notebook.Skipped;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.tcpstep.repl.Command.Property.CELL;
import static dev.tcpstep.repl.Command.Property.CHANGES_SESSION;

/**
 * The notebook commands: {@code save}, {@code note}, {@code open} and {@code java}.
 * Help text: the end of {@code help.properties}.
 */
public final class NotebookCommands {
    /** What {@code java} alone says at a terminal before it reads lines. */
    static final String JAVA_HINT = "(Java: end with a line holding only `.`)";

    private NotebookCommands() {
    }

    public static void registerAll(Shell shell) {
        NotebookSession st = NotebookSession.attach(shell);
        Command.Completer files = Command.Completer.FILES;
        shell.register(Command.named("save").completer(files).run((s, name, a) -> save(st, name, a)));
        shell.register(Command.named("note").properties(CELL).run((s, name, a) -> note(st, name, a)));
        shell.register(Command.named("open").completer(files).run((s, name, a) -> open(st, name, a)));
        shell.register(Command.named("java").properties(CELL, CHANGES_SESSION).run((s, name, a) -> java(st, name, a)));
    }

    // ------------------------------------------------------------------ save

    private static void save(NotebookSession st, Token name, List<Token> a) throws CommandException {
        if (st.openDepth > 0) {
            // A notebook that saves itself while being replayed would write files on every replay.
            throw new CommandException("save is not run inside a notebook (expected: save at the prompt)", name);
        }
        Token fileToken = null;
        boolean force = false;
        for (Token t : a) {
            if (t.text().equals("--force")) {
                force = true;
            } else if (fileToken == null && !t.text().startsWith("--")) {
                fileToken = t;
            } else {
                throw new CommandException("unexpected argument `" + t.text() + "` (expected: FILE.ipynb [--force])", t);
            }
        }
        if (fileToken == null) {
            throw new CommandException("missing file name (expected: save FILE.ipynb [--force])",
                    name.column() + name.width(), 1);
        }
        Path file = Path.of(fileToken.text());
        if (!fileToken.text().endsWith(".ipynb")) {
            throw new CommandException("`" + fileToken.text() + "` does not end in .ipynb (expected: a Jupyter "
                    + "notebook name, e.g. handshake.ipynb)", fileToken);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new CommandException("no such directory: " + parent, fileToken);
        }
        if (Files.exists(file) && !force) {
            throw new CommandException(file + " exists; `save " + fileToken.text() + " --force` replaces it", fileToken);
        }
        Shell shell = st.shell;
        int width = shell.width();
        boolean unicode = shell.style().unicode();
        Notebook sources = new Notebook(NotebookFormat.metadata(null, width, unicode), st.cells());
        // The command cells run again in a fresh session (deterministic by seed), which draws
        // each diagram as SVG at its point and prints as a replay will. Java cells and cells
        // that write files do not run again (their side effects would happen twice): they keep
        // the outputs they printed here.
        Replay.Run run = Replay.run(sources, Trust.Policy.KEEP);
        Notebook nb = sources;
        if (run.failedCell() > 0) {
            shell.out().println("warning: replaying the session stopped at cell " + run.failedCell()
                    + "; saved the outputs as they printed here, and the notebook will not replay cleanly");
        } else {
            nb = asPrintedHere(sources, run.actual(), shell);
        }
        try {
            AtomicFile.write(file, NotebookFormat.write(nb));
        } catch (IOException e) {
            throw new CommandException("cannot write " + file + ": " + e.getMessage(), fileToken);
        }
        int code = 0;
        int java = 0;
        int md = 0;
        for (Cell c : nb.cells()) {
            switch (c) {
                case Notebook.Code x when x.lang() == Notebook.Lang.JAVA -> java++;
                case Notebook.Code x -> code++;
                case Notebook.Markdown x -> md++;
                case Skipped x -> {
                }
            }
        }
        shell.out().println("saved " + file + ": " + nb.cells().size() + " cells (" + code + " command, " + java
                + " Java, " + md + " markdown)");
    }

    /**
     * The replayed cells, except where a cell printed otherwise here (a Java cell changed the
     * simulation, which the replay without Java did not): there the outputs printed here,
     * which a trusted replay prints too.
     */
    private static Notebook asPrintedHere(Notebook here, Notebook replayed, Shell shell) {
        List<Cell> out = new ArrayList<>();
        int differ = 0;
        for (int i = 0; i < here.cells().size(); i++) {
            Cell h = here.cells().get(i);
            Cell r = i < replayed.cells().size() ? replayed.cells().get(i) : h;
            if (h instanceof Notebook.Code hc && r instanceof Notebook.Code rc
                    && !Notebook.normalize(hc.text()).equals(Notebook.normalize(rc.text()))) {
                differ++;
                out.add(hc);
            } else {
                out.add(r);
            }
        }
        if (differ > 0) {
            shell.out().println("note: " + differ + " cells printed otherwise when replayed without their Java cells; "
                    + "saved as they printed here");
        }
        return here.withCells(out);
    }

    // ------------------------------------------------------------------ note

    private static void note(NotebookSession st, Token name, List<Token> a) throws CommandException {
        if (a.isEmpty()) {
            throw new CommandException("missing text (expected: note \"markdown text\"; \\n starts a new line)",
                    name.column() + name.width(), 1);
        }
        StringBuilder sb = new StringBuilder();
        for (Token t : a) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(t.text());
        }
        st.note(sb.toString().replace("\\n", "\n"));
    }

    // ------------------------------------------------------------------ open

    private static void open(NotebookSession st, Token name, List<Token> a) throws CommandException {
        Token ft = null;
        boolean trust = false;
        for (Token t : a) {
            if (t.text().equals("--trust")) {
                trust = true;
            } else if (ft == null && !t.text().startsWith("--")) {
                ft = t;
            } else {
                throw new CommandException("unexpected argument `" + t.text() + "` (expected: open FILE.ipynb [--trust])",
                        t);
            }
        }
        if (ft == null) {
            throw new CommandException("missing file name (expected: open FILE.ipynb [--trust])",
                    name.column() + name.width(), 1);
        }
        if (st.openDepth > 0) {
            throw new CommandException("a notebook cannot open another notebook (expected: open at the prompt)", name);
        }
        Path file = Path.of(ft.text());
        Notebook nb;
        try {
            nb = Replay.load(file);
        } catch (NotebookException e) {
            throw new CommandException(e.getMessage(), ft);
        } catch (IOException e) {
            throw new CommandException("cannot read " + file + ": " + Replay.reason(e), ft);
        }
        Shell shell = st.shell;
        int n = 0;
        for (Cell c : nb.cells()) {
            n++;
            if (c instanceof Skipped s) {
                shell.out().println("warning: cell " + n + ": " + s.why() + "; skipped");
            }
        }
        shell.out().println("opening " + file + ": " + nb.cells().size() + " cells");
        shell.out().flush();
        // Java and file-writing cells run only with consent: asked at a terminal, --trust otherwise.
        NotebookInput in = new NotebookInput(st, nb.cells(), shell.input(), shell.out(),
                trust ? Trust.Policy.ALL : Trust.Policy.ASK, "`open " + ft.text() + " --trust` runs it");
        st.openDepth++;
        int code;
        try {
            code = shell.run(in);
        } finally {
            st.openDepth--;
        }
        boolean finished = in.finished();
        in.closeGroup();
        if (code != 0 || !finished) {
            throw new CommandException("open stopped at cell " + in.cellNumber() + " of " + file
                    + " (its command failed, above); the session keeps what ran before it", -1, 1);
        }
        if (!in.skipped().isEmpty()) {
            shell.out().println("opened " + file + ": " + in.skipped().size() + " cells not run (untrusted); "
                    + "the session continues from its last cell");
            return;
        }
        shell.out().println("opened " + file + ": the session continues from its last cell");
    }

    // ------------------------------------------------------------------ java

    private static void java(NotebookSession st, Token name, List<Token> a) throws CommandException {
        Shell shell = st.shell;
        Input in = shell.input();
        String source;
        if (a.isEmpty()) {
            source = readBlock(in, shell, "");
        } else {
            String raw = rawArguments(in, name, a);
            source = raw;
            // A snippet left open (`java for (int i = 0; i < 3; i++) {`) continues on the next lines.
            while (in != null && st.java().incomplete(source)) {
                String more = in.readLine(shell.style().prompt("java> "));
                if (more == null || more.strip().equals(".")) {
                    break;
                }
                source = source + "\n" + more;
            }
        }
        if (source.isBlank()) {
            return;
        }
        JavaCells.Result r;
        try {
            r = st.runJava(source);
        } catch (IllegalStateException e) {
            throw new CommandException(e.getMessage(), name);
        }
        shell.out().print(r.text());
    }

    /** Lines up to a lone {@code .} (or the end of input). */
    private static String readBlock(Input in, Shell shell, String start) throws CommandException {
        if (in == null) {
            throw new CommandException("`java` alone reads the lines that follow, and there is no input here "
                    + "(expected: java SNIPPET)", -1, 1);
        }
        if (in.interactive() && start.isEmpty()) {
            shell.out().println(JAVA_HINT);
            shell.out().flush();
        }
        StringBuilder sb = new StringBuilder(start);
        while (true) {
            String l = in.readLine(shell.style().prompt("java> "));
            if (l == null || l.strip().equals(".")) {
                break;
            }
            sb.append(l).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    /**
     * The text after {@code java} as it was typed. The tokenizer has removed quotes by now,
     * so the raw line comes from the input when it can say (a notebook, JLine); otherwise
     * the tokens are joined at their columns, which is exact unless something was quoted.
     */
    private static String rawArguments(Input in, Token name, List<Token> a) throws CommandException {
        String line = null;
        if (in instanceof NotebookInput ni) {
            line = ni.lastLine();
        } else if (in instanceof JLineInput j && j.reader().getParsedLine() != null) {
            line = j.reader().getParsedLine().line();
        }
        if (line != null && line.length() >= name.column() + name.width()) {
            return line.substring(name.column() + name.width()).strip();
        }
        StringBuilder sb = new StringBuilder();
        int col = a.getFirst().column();
        for (Token t : a) {
            if (t.quoted()) {
                throw new CommandException("Java with quotes on one line cannot be read exactly from a script "
                        + "(expected: `java` alone, the code on the next lines, then a lone `.`)", t);
            }
            sb.append(" ".repeat(Math.max(0, t.column() - col))).append(t.text());
            col = t.column() + t.width();
        }
        return sb.toString();
    }

    static List<String> skippedWarnings(Notebook nb) {
        List<String> w = new ArrayList<>();
        int n = 0;
        for (Cell c : nb.cells()) {
            n++;
            if (c instanceof Skipped s) {
                w.add("warning: cell " + n + ": " + s.why() + "; skipped");
            }
        }
        return w;
    }
}
