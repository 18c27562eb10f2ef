package dev.tcpstep.repl;

/**
 * ANSI colours, or none: off when {@code NO_COLOR} is set, with {@code --no-color}, and
 * whenever the output is not a terminal. {@code unicode} chooses box-drawing characters
 * over ASCII for diagrams ({@code --ascii} or a non-UTF-8 locale turn it off).
 */
public record Style(boolean color, boolean unicode) {
    /** No colours; Unicode arrows and boxes. */
    public static final Style PLAIN = new Style(false, true);

    private static final String RESET = "\u001b[0m";

    public String error(String s) {
        return color ? "\u001b[31m" + s + RESET : s;
    }

    public String heading(String s) {
        return color ? "\u001b[1m" + s + RESET : s;
    }

    public String command(String s) {
        return color ? "\u001b[36m" + s + RESET : s;
    }

    public String prompt(String s) {
        return color ? "\u001b[1m" + s + RESET : s;
    }

    /** Width of a string on screen, ANSI escapes not counted. */
    public static int visibleWidth(String s) {
        return s.replaceAll("\u001b\\[[0-9;]*m", "").length();
    }
}
