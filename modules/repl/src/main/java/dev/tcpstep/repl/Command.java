package dev.tcpstep.repl;

import java.util.List;

/**
 * One row of the shell's command table: its name, whether it belongs in a saved session
 * (a replay re-runs only {@link Kind#SESSION} commands), and what it does. Help text is
 * not here: it lives in {@code help.properties} under {@code help.<name>.*}.
 */
public record Command(String name, Kind kind, Handler handler) {

    public enum Kind {
        /** Changes or inspects the session; saved and replayed. */
        SESSION,
        /** About the shell itself (help, quit, history); never replayed. */
        META
    }

    @FunctionalInterface
    public interface Handler {
        /** Runs the command; {@code args} excludes the command name itself. */
        void run(Shell shell, Token name, List<Token> args) throws CommandException;
    }
}
