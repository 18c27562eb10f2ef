package dev.tcpstep.repl;

/**
 * A command the shell could not carry out. It says what was found, what was expected
 * and where (the column and width of the bad token, for the caret); the session's state
 * is unchanged when one is thrown.
 */
public final class CommandException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int column;
    private final int width;

    public CommandException(String message, int column, int width) {
        super(message, null, false, false);
        this.column = column;
        this.width = Math.max(1, width);
    }

    public CommandException(String message, Token at) {
        this(message, at.column(), at.width());
    }

    /** 0-based column of the offending token, or -1 when the whole line is at fault. */
    public int column() {
        return column;
    }

    public int width() {
        return width;
    }
}
