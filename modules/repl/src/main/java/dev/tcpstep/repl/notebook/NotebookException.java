package dev.tcpstep.repl.notebook;

/**
 * A notebook file tcpstep cannot use: not JSON (with the line and column), not nbformat
 * 4, or a cell that is not shaped as nbformat says. Nothing has been written when one is
 * thrown.
 */
public final class NotebookException extends Exception {
    private static final long serialVersionUID = 1L;

    public NotebookException(String message) {
        super(message, null, false, false);
    }
}
