package dev.tcpstep.repl.graph;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * One axis of a graph: the range it shows, a unit chosen for its size (seconds or
 * milliseconds, bytes, kB or MB) and "nice" ticks (1, 2 or 5 times a power of ten in that
 * unit), so labels read 0, 50, 100 rather than 0, 47.3, 94.6.
 *
 * @param min      the smallest value shown (raw units: nanoseconds or bytes)
 * @param max      the largest value shown, {@code > min}
 * @param scale    raw units per displayed unit (1e9 for seconds, 1000 for kB ...)
 * @param unit     the displayed unit's name, for the axis title
 * @param ticks    tick positions in raw units, ascending, within [min, max]
 * @param decimals digits after the point in tick labels
 */
record Axis(double min, double max, double scale, String unit, List<Double> ticks, int decimals) {

    /** A time axis over {@code [from, to]} nanoseconds: seconds, or milliseconds for spans under 2 s. */
    static Axis time(long from, long to, int targetTicks) {
        double span = Math.max(1, to - from);
        return span < 2e9 ? of(from, from + span, 1e6, "ms", targetTicks) : of(from, from + span, 1e9, "s", targetTicks);
    }

    /** A byte axis from 0 to at least {@code max}: bytes, kB (1000) or MB (10^6). */
    static Axis bytes(long max, int targetTicks) {
        return bytes(0, max, targetTicks);
    }

    /** A byte axis over {@code [min, max]}, its unit chosen by the larger of the span and the top. */
    static Axis bytes(long min, long max, int targetTicks) {
        double top = Math.max(min + 1, max);
        double size = Math.max(top - min, top / 50);
        if (size >= 2e6) {
            return of(min, top, 1e6, "MB", targetTicks);
        }
        if (size >= 2e3) {
            return of(min, top, 1e3, "kB", targetTicks);
        }
        return of(min, top, 1, "bytes", targetTicks);
    }

    private static Axis of(double min, double max, double scale, String unit, int targetTicks) {
        double lo = min / scale;
        double hi = max / scale;
        double step = niceStep((hi - lo) / Math.max(1, targetTicks));
        // Extend the range to whole ticks so the last label sits at the end of the axis.
        double first = Math.floor(lo / step + 1e-9) * step;
        double last = Math.ceil(hi / step - 1e-9) * step;
        if (last <= first) {
            last = first + step;
        }
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; first + i * step <= last + step * 1e-6; i++) {
            ticks.add((first + i * step) * scale);
        }
        int decimals = Math.max(0, BigDecimal.valueOf(step).stripTrailingZeros().scale());
        return new Axis(first * scale, last * scale, scale, unit, List.copyOf(ticks), decimals);
    }

    /** 1, 2 or 5 times a power of ten, the one nearest {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        double nice = f <= 1.5 ? 1 : f <= 3 ? 2 : f <= 7 ? 5 : 10;
        return BigDecimal.valueOf(nice * p).round(new java.math.MathContext(3)).doubleValue();
    }

    /** The tick label of a raw value, in this axis's unit. */
    String label(double raw) {
        return String.format(java.util.Locale.ROOT, "%." + decimals + "f", raw / scale);
    }

    /** Where {@code raw} falls between {@code from} and {@code to} (pixels or cells), clamped to the axis. */
    double map(double raw, double from, double to) {
        double f = (Math.min(max, Math.max(min, raw)) - min) / (max - min);
        return from + f * (to - from);
    }
}
