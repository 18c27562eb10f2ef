package dev.tcpstep.repl;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** A JLine line reader: editing, history, completion of command names. */
public final class JLineInput implements Input {
    private final LineReader reader;
    private final boolean interactive;

    public JLineInput(Terminal terminal, Collection<String> commandNames, Path historyFile, boolean interactive) {
        this(terminal, new StringsCompleter(commandNames), null, historyFile, interactive);
    }

    /** A reader with the shell's own completion and highlighting. */
    public JLineInput(Terminal terminal, Shell shell, Path historyFile, boolean interactive) {
        this(terminal, new ShellCompletion(shell), shell.style().color() ? new ShellCompletion(shell) : null, historyFile,
                interactive);
    }

    private JLineInput(Terminal terminal, org.jline.reader.Completer completer, org.jline.reader.Highlighter highlighter,
                       Path historyFile, boolean interactive) {
        Map<String, Object> variables = new HashMap<>();
        if (historyFile != null) {
            variables.put(LineReader.HISTORY_FILE, historyFile);
        }
        TypeaheadReader r = new TypeaheadReader(terminal, variables);
        r.setCompleter(completer);
        if (highlighter != null) {
            r.setHighlighter(highlighter);
        }
        r.option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
        // JLine keeps a full copy of the line per keystroke for undo: a pasted 16,000-character
        // line would hold 16,000 copies (~0.5 GB). Editing keys still work; Ctrl-_ does not undo.
        r.option(LineReader.Option.DISABLE_UNDO, true);
        this.reader = r;
        this.interactive = interactive;
    }

    /**
     * A line reader that does not redraw while more typed (or pasted) input is already
     * waiting. JLine redraws the whole line, highlighting included, after every key: a
     * line pasted without bracketed-paste markers (tmux {@code paste-buffer}, some
     * terminals) cost time quadratic in its length (8,000 characters: 31 s). Redrawing
     * once the input has caught up makes it linear; the screen ends the same.
     */
    private static final class TypeaheadReader extends LineReaderImpl {
        TypeaheadReader(Terminal terminal, Map<String, Object> variables) {
            super(terminal, "tcpstep", variables);
        }

        @Override
        protected void redisplay(boolean flush) {
            if (flush && peekCharacter(1) >= 0) {
                return; // the next key redraws
            }
            super.redisplay(flush);
        }
    }

    @Override
    public String readLine(String prompt) {
        try {
            return reader.readLine(prompt);
        } catch (UserInterruptException e) {
            // Ctrl-C clears the line and keeps the session.
            return "";
        } catch (EndOfFileException e) {
            return null;
        }
    }

    @Override
    public boolean interactive() {
        return interactive;
    }

    public LineReader reader() {
        return reader;
    }
}
