package dev.tcpstep.repl;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;

import java.nio.file.Path;
import java.util.Collection;

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
        LineReaderBuilder b = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("tcpstep")
                .completer(completer)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
        if (highlighter != null) {
            b.highlighter(highlighter);
        }
        if (historyFile != null) {
            b.variable(LineReader.HISTORY_FILE, historyFile);
        }
        this.reader = b.build();
        this.interactive = interactive;
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
