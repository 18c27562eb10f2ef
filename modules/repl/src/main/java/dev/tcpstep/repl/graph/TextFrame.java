package dev.tcpstep.repl.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A character grid with two axes, for drawing a graph in a terminal: y tick labels on the
 * left, x tick labels below, the axis title under them and a legend line. Marks are placed
 * in data units; where two marks share a cell the one with the higher priority wins.
 */
final class TextFrame {
    private final Axis x;
    private final Axis y;
    private final boolean ascii;
    private final int left;
    private final int cols;
    private final int rows;
    private final char[][] cells;
    private final int[][] priority;

    /**
     * @param width  total width in characters (the terminal's)
     * @param height rows of the plot area
     */
    TextFrame(Axis x, Axis y, int width, int height, boolean ascii) {
        this.x = x;
        this.y = y;
        this.ascii = ascii;
        int labelWidth = 0;
        for (double t : y.ticks()) {
            labelWidth = Math.max(labelWidth, y.label(t).length());
        }
        this.left = labelWidth + 2;
        this.cols = Math.max(10, width - left - 2);
        this.rows = Math.max(5, height);
        this.cells = new char[rows][cols];
        this.priority = new int[rows][cols];
        for (char[] r : cells) {
            Arrays.fill(r, ' ');
        }
    }

    int cols() {
        return cols;
    }

    int rows() {
        return rows;
    }

    /** The column of a raw x value. */
    int col(double raw) {
        return (int) Math.round(x.map(raw, 0, cols - 1));
    }

    /** The row of a raw y value (0 is the top). */
    int row(double raw) {
        return (int) Math.round(y.map(raw, rows - 1, 0));
    }

    /** The raw x value at the middle of column {@code c}. */
    double xAt(int c) {
        return x.min() + (x.max() - x.min()) * c / Math.max(1, cols - 1);
    }

    void mark(int col, int row, char c, int prio) {
        if (col < 0 || col >= cols || row < 0 || row >= rows) {
            return;
        }
        if (prio >= priority[row][col]) {
            cells[row][col] = c;
            priority[row][col] = prio;
        }
    }

    void mark(double rawX, double rawY, char c, int prio) {
        mark(col(rawX), row(rawY), c, prio);
    }

    /** A vertical run of {@code c} from rawY1 to rawY2 at rawX (at least one cell). */
    void bar(double rawX, double rawY1, double rawY2, char c, int prio) {
        int col = col(rawX);
        int a = row(rawY1);
        int b = row(rawY2);
        for (int r = Math.min(a, b); r <= Math.max(a, b); r++) {
            mark(col, r, c, prio);
        }
    }

    /** The finished picture: title, plot with axes, x labels, x title, legend, each line within the width. */
    List<String> render(String title, String yTitle, String xTitle, List<String> legend) {
        int width = left + cols + 2;
        List<String> out = new ArrayList<>(flow(List.of(title.split("  ")), width, 0, "  "));
        out.addAll(plot(yTitle, xTitle));
        out.addAll(flow(legend, width, left, "   "));
        return out;
    }

    /** Words (or legend items) in lines no wider than {@code width}, each indented by {@code indent}. */
    private static List<String> flow(List<String> items, int width, int indent, String sep) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder(" ".repeat(indent));
        for (String item : items) {
            int len = line.codePointCount(0, line.length());
            int add = (len > indent ? sep.length() : 0) + item.codePointCount(0, item.length());
            if (len > indent && len + add > width) {
                out.add(line.toString());
                line = new StringBuilder(" ".repeat(indent));
            }
            if (line.length() > indent) {
                line.append(sep);
            }
            line.append(item);
        }
        if (line.length() > indent) {
            out.add(line.toString());
        }
        return out;
    }

    private List<String> plot(String yTitle, String xTitle) {
        char vertical = ascii ? '|' : '│';
        char horizontal = ascii ? '-' : '─';
        char tickY = ascii ? '+' : '┤';
        char corner = ascii ? '+' : '└';
        char tickX = ascii ? '+' : '┬';
        List<String> out = new ArrayList<>();
        out.add(" ".repeat(Math.max(0, left - 2)) + yTitle);
        String[] labels = new String[rows];
        for (double t : y.ticks()) {
            labels[row(t)] = y.label(t);
        }
        for (int r = 0; r < rows; r++) {
            String label = labels[r] == null ? "" : labels[r];
            StringBuilder sb = new StringBuilder();
            sb.append(" ".repeat(left - 2 - label.length())).append(label).append(' ');
            sb.append(labels[r] == null ? vertical : tickY);
            sb.append(cells[r]);
            out.add(sb.toString().stripTrailing());
        }
        char[] axis = new char[cols];
        Arrays.fill(axis, horizontal);
        char[] under = new char[cols + 2];
        Arrays.fill(under, ' ');
        int lastEnd = -2;
        for (double t : x.ticks()) {
            int c = col(t);
            axis[c] = tickX;
            String l = x.label(t);
            int start = Math.max(0, c - l.length() / 2);
            if (start > lastEnd + 1 && start + l.length() <= under.length) {
                l.getChars(0, l.length(), under, start);
                lastEnd = start + l.length();
            }
        }
        out.add(" ".repeat(left - 1) + corner + new String(axis));
        out.add((" ".repeat(left) + new String(under)).stripTrailing());
        out.add(" ".repeat(left) + xTitle);
        return out;
    }
}
