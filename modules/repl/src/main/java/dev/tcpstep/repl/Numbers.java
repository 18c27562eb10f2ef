package dev.tcpstep.repl;

import java.time.Duration;
import java.util.Locale;

/** Numbers and durations as people type them: decimal or 0x hex; 200ms, 1.5s, 4m. */
final class Numbers {
    private Numbers() {
    }

    static long parse(Token t, String what, long min, long max) throws CommandException {
        String s = t.text().replace("_", "");
        long v;
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                v = Long.parseLong(s.substring(2), 16);
            } else {
                v = Long.parseLong(s);
            }
        } catch (NumberFormatException e) {
            throw new CommandException(what + " `" + t.text() + "` is not a number (expected: " + min + ".." + max
                    + ", decimal or 0x hex)", t);
        }
        if (v < min || v > max) {
            throw new CommandException(what + " " + v + " is out of range (expected: " + min + ".." + max + ")", t);
        }
        return v;
    }

    /** A percentage {@code 10%} or a fraction {@code 0.1}, as 0..1. */
    static double probability(Token t, String what) throws CommandException {
        String s = t.text();
        try {
            double v = s.endsWith("%") ? Double.parseDouble(s.substring(0, s.length() - 1)) / 100 : Double.parseDouble(s);
            if (v >= 0 && v <= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new CommandException(what + " `" + s + "` (expected: a percentage 0%..100% or a fraction 0..1)", t);
    }

    /** {@code 200ms}, {@code 1.5s}, {@code 4m}, {@code 2h}, {@code 10us}, {@code 500ns}; a bare number is ms. */
    static Duration duration(Token t, String what) throws CommandException {
        String s = t.text().toLowerCase(Locale.ROOT);
        String[][] units = {{"ns", "1"}, {"us", "1000"}, {"µs", "1000"}, {"ms", "1000000"}, {"s", "1000000000"},
                {"m", "60000000000"}, {"min", "60000000000"}, {"h", "3600000000000"}};
        long scale = 1_000_000L;
        String number = s;
        for (String[] u : units) {
            if (s.endsWith(u[0]) && s.length() > u[0].length()
                    && (Character.isDigit(s.charAt(s.length() - u[0].length() - 1)) || s.charAt(s.length() - u[0].length() - 1) == '.')) {
                scale = Long.parseLong(u[1]);
                number = s.substring(0, s.length() - u[0].length());
            }
        }
        try {
            double v = Double.parseDouble(number);
            if (v >= 0 && v * scale < Long.MAX_VALUE / 2) {
                return Duration.ofNanos(Math.round(v * scale));
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new CommandException(what + " `" + t.text() + "` (expected: a duration like 200ms, 1.5s, 4m, 2h)", t);
    }
}
