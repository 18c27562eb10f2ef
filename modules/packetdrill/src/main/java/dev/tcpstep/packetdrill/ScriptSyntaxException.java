package dev.tcpstep.packetdrill;

/**
 * A script the parser cannot read: where (file, line, column, 1-based), what was found
 * and what was expected. The message is one line:
 * {@code handshake.pkt:4:12: found 'Q', expected a flag (S F R P . E W U)}.
 */
public final class ScriptSyntaxException extends Exception {
    private final String source;
    private final int line;
    private final int column;
    private final String found;
    private final String expected;

    public ScriptSyntaxException(String source, int line, int column, String found, String expected) {
        super(source + ":" + line + ":" + column + ": found " + found + ", expected " + expected);
        this.source = source;
        this.line = line;
        this.column = column;
        this.found = found;
        this.expected = expected;
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** What the parser found, quoted ({@code 'Q'}) or described ({@code end of line}). */
    public String found() {
        return found;
    }

    public String expected() {
        return expected;
    }
}
