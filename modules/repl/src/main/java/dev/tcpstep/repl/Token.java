package dev.tcpstep.repl;

/**
 * One word of a typed line: its text (quotes removed) and where it stood, so an error
 * can put a caret under it. {@code column} is 0-based into the line; {@code width} is
 * the width of the token as typed (quotes included).
 */
public record Token(String text, int column, int width, boolean quoted) {
}
