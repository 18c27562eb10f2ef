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
        LineReaderBuilder b = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("tcpstep")
                .completer(new StringsCompleter(commandNames))
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
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
