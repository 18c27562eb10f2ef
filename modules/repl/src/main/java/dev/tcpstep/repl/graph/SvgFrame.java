package dev.tcpstep.repl.graph;

import java.util.List;
import java.util.Locale;

/**
 * A standalone SVG picture with two axes, made to go on a slide unedited: 1000×640
 * user units that scale to any size, a title, axis titles with units, ticks with labels
 * and light grid lines, a legend row under the title, sans-serif type at 15–20 px.
 * Marks are added in data units; everything outside the plot area is clipped.
 */
final class SvgFrame {
    static final int WIDTH = 1000;
    static final int HEIGHT = 640;
    private static final int LEFT = 100;
    private static final int RIGHT = 30;
    private static final int TOP = 96;
    private static final int BOTTOM = 76;

    /** One legend entry: a sample of the mark (SVG drawn in a 28×16 box at the origin) and its name. */
    record Key(String sample, String name) {
    }

    private final Axis x;
    private final Axis y;
    private final StringBuilder body = new StringBuilder();

    SvgFrame(Axis x, Axis y) {
        this.x = x;
        this.y = y;
    }

    double px(double raw) {
        return x.map(raw, LEFT, WIDTH - RIGHT);
    }

    double py(double raw) {
        return y.map(raw, HEIGHT - BOTTOM, TOP);
    }

    /** Appends SVG elements to the clipped plot area. */
    SvgFrame add(String element) {
        body.append("  ").append(element).append('\n');
        return this;
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A polyline through the points (x0, y0, x1, y1, ...) in pixels. */
    static String polyline(List<double[]> points, String style) {
        StringBuilder sb = new StringBuilder("<polyline fill=\"none\" ").append(style).append(" points=\"");
        for (double[] p : points) {
            sb.append(num(p[0])).append(',').append(num(p[1])).append(' ');
        }
        if (!points.isEmpty()) {
            sb.setLength(sb.length() - 1);
        }
        return sb.append("\"/>").toString();
    }

    /** Rough width of {@code text} at the 15 px legend size (DejaVu Sans averages about 0.58 em). */
    static double textWidth(String text) {
        return text.length() * 8.7;
    }

    /**
     * The picture: {@code note} (counts, say) goes under the plot at the right, in grey.
     */
    String render(String title, String note, String yTitle, String xTitle, List<Key> legend) {
        int plotRight = WIDTH - RIGHT;
        int plotBottom = HEIGHT - BOTTOM;
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"15\">\n");
        sb.append("<title>").append(escape(title)).append("</title>\n");
        sb.append("<defs><clipPath id=\"plot\"><rect x=\"").append(LEFT).append("\" y=\"").append(TOP - 6)
                .append("\" width=\"").append(plotRight - LEFT + 6).append("\" height=\"")
                .append(plotBottom - TOP + 6).append("\"/></clipPath></defs>\n");
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.append("<text x=\"").append(WIDTH / 2).append("\" y=\"30\" text-anchor=\"middle\" font-size=\"20\""
                + " font-weight=\"bold\">").append(escape(title)).append("</text>\n");
        // Legend row: sample marks and names, centred under the title.
        double total = 0;
        for (Key k : legend) {
            total += 34 + textWidth(k.name());
        }
        double gap = legend.size() < 2 ? 0 : Math.min(36, Math.max(12, (WIDTH - 40 - total) / (legend.size() - 1)));
        double lx = Math.max(20, (WIDTH - total - gap * (legend.size() - 1)) / 2);
        for (Key k : legend) {
            sb.append("<g transform=\"translate(").append(num(lx)).append(",50)\">").append(k.sample())
                    .append("<text x=\"34\" y=\"13\">").append(escape(k.name())).append("</text></g>\n");
            lx += 34 + textWidth(k.name()) + gap;
        }
        // Grid and ticks.
        sb.append("<g stroke=\"#e3e3e3\" stroke-width=\"1\">\n");
        for (double t : x.ticks()) {
            sb.append("  <line x1=\"").append(num(px(t))).append("\" y1=\"").append(TOP).append("\" x2=\"")
                    .append(num(px(t))).append("\" y2=\"").append(plotBottom).append("\"/>\n");
        }
        for (double t : y.ticks()) {
            sb.append("  <line x1=\"").append(LEFT).append("\" y1=\"").append(num(py(t))).append("\" x2=\"")
                    .append(plotRight).append("\" y2=\"").append(num(py(t))).append("\"/>\n");
        }
        sb.append("</g>\n<g stroke=\"#333\" stroke-width=\"1.5\">\n");
        sb.append("  <line x1=\"").append(LEFT).append("\" y1=\"").append(plotBottom).append("\" x2=\"")
                .append(plotRight).append("\" y2=\"").append(plotBottom).append("\"/>\n");
        sb.append("  <line x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"").append(LEFT)
                .append("\" y2=\"").append(plotBottom).append("\"/>\n");
        for (double t : x.ticks()) {
            sb.append("  <line x1=\"").append(num(px(t))).append("\" y1=\"").append(plotBottom).append("\" x2=\"")
                    .append(num(px(t))).append("\" y2=\"").append(plotBottom + 6).append("\"/>\n");
        }
        for (double t : y.ticks()) {
            sb.append("  <line x1=\"").append(LEFT - 6).append("\" y1=\"").append(num(py(t))).append("\" x2=\"")
                    .append(LEFT).append("\" y2=\"").append(num(py(t))).append("\"/>\n");
        }
        sb.append("</g>\n<g fill=\"#222\">\n");
        for (double t : x.ticks()) {
            sb.append("  <text x=\"").append(num(px(t))).append("\" y=\"").append(plotBottom + 24)
                    .append("\" text-anchor=\"middle\">").append(x.label(t)).append("</text>\n");
        }
        for (double t : y.ticks()) {
            sb.append("  <text x=\"").append(LEFT - 10).append("\" y=\"").append(num(py(t) + 5))
                    .append("\" text-anchor=\"end\">").append(y.label(t)).append("</text>\n");
        }
        sb.append("</g>\n");
        sb.append("<text x=\"").append((LEFT + plotRight) / 2).append("\" y=\"").append(HEIGHT - 18)
                .append("\" text-anchor=\"middle\" font-size=\"17\">").append(escape(xTitle)).append("</text>\n");
        if (!note.isEmpty()) {
            sb.append("<text x=\"").append(plotRight).append("\" y=\"").append(HEIGHT - 18)
                    .append("\" text-anchor=\"end\" font-size=\"14\" fill=\"#666\">").append(escape(note))
                    .append("</text>\n");
        }
        sb.append("<text transform=\"translate(26,").append((TOP + plotBottom) / 2)
                .append(") rotate(-90)\" text-anchor=\"middle\" font-size=\"17\">").append(escape(yTitle))
                .append("</text>\n");
        sb.append("<g clip-path=\"url(#plot)\">\n").append(body).append("</g>\n");
        sb.append("</svg>\n");
        return sb.toString();
    }
}
