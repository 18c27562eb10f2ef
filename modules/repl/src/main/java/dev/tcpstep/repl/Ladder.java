package dev.tcpstep.repl;

import dev.tcpstep.codec.Segment;
import dev.tcpstep.link.Simulation;
import dev.tcpstep.link.TraceEntry;
import dev.tcpstep.link.Wire;
import dev.tcpstep.statemachine.Event;
import dev.tcpstep.statemachine.State;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A ladder diagram of a session: the two endpoints as columns with their states, one
 * arrow per segment with its flags and numbers, losses and corruptions marked,
 * retransmissions marked. Rendered as text (Unicode or ASCII, fitted to a width) or SVG.
 */
public final class Ladder {
    enum End { ARRIVES, LOST, DROPPED, IN_FLIGHT }

    record Arrow(boolean rightward, String label, End end, String note) {
    }

    /** One row: time, a state label on either side, and maybe an arrow between. */
    record Row(long time, String left, String right, Arrow arrow) {
    }

    private final String leftName;
    private final String rightName;
    private final String leftStart;
    private final String rightStart;
    private final List<Row> rows;

    private Ladder(String leftName, String rightName, String leftStart, String rightStart, List<Row> rows) {
        this.leftName = leftName;
        this.rightName = rightName;
        this.leftStart = leftStart;
        this.rightStart = rightStart;
        this.rows = rows;
    }

    /** The diagram of everything in the simulation's trace so far. */
    public static Ladder of(Simulation sim) {
        return of(sim.trace(), sim.client().name(), sim.server().name());
    }

    /** The diagram of a trace (a simulation's or a Linux link's), {@code left} and {@code right} named. */
    public static Ladder of(dev.tcpstep.link.Trace trace, String left, String right) {
        List<TraceEntry> entries = trace.entries();
        Map<Long, List<Wire.Fate>> fates = new HashMap<>();
        Map<Long, String> dropped = new HashMap<>();
        Map<Long, Boolean> delivered = new HashMap<>();
        for (TraceEntry e : entries) {
            if (e instanceof TraceEntry.Link l) {
                fates.computeIfAbsent(l.number(), k -> new ArrayList<>()).add(l.fate());
            } else if (e instanceof TraceEntry.Dropped d) {
                dropped.put(d.number(), d.reason());
            } else if (e instanceof TraceEntry.Delivered d) {
                delivered.put(d.number(), true);
            }
        }
        String leftStart = State.CLOSED.rfcName();
        String rightStart = State.CLOSED.rfcName();
        List<Row> rows = new ArrayList<>();
        boolean started = false;
        java.util.Set<String> listening = new java.util.HashSet<>();
        for (TraceEntry e : entries) {
            if (e instanceof TraceEntry.Call c && c.call().startsWith("listen")) {
                listening.add(c.endpoint());
                if (!started) {
                    if (c.endpoint().equals(left)) {
                        leftStart = State.LISTEN.rfcName();
                    } else {
                        rightStart = State.LISTEN.rfcName();
                    }
                }
            }
            if (e instanceof TraceEntry.Endpoint ep && ep.event().transition()) {
                Event ev = ep.event();
                boolean isLeft = ev.endpoint().equals(left);
                // A connection that ends while its listener lives on: the endpoint still answers a
                // SYN with a SYN,ACK (RFC 9293 §3.10.7.2), not with the RST of a CLOSED port
                // (§3.10.7.1), so the ladder must not show it as plain CLOSED.
                String label = ev.to() == State.CLOSED && listening.contains(ev.endpoint())
                        ? State.CLOSED.rfcName() + "+LISTEN" : ev.to().rfcName();
                Row last = rows.isEmpty() ? null : rows.getLast();
                if (last != null && last.time() == ev.time() && last.arrow() == null
                        && (isLeft ? last.left() == null : last.right() == null)) {
                    rows.set(rows.size() - 1, new Row(last.time(), isLeft ? label : last.left(),
                            isLeft ? last.right() : label, null));
                } else {
                    rows.add(new Row(ev.time(), isLeft ? label : null, isLeft ? null : label, null));
                }
                started = true;
            } else if (e instanceof TraceEntry.Sent s) {
                started = true;
                boolean rightward = s.from().equals(left);
                List<Wire.Fate> f = fates.getOrDefault(s.number(), List.of());
                End end = dropped.containsKey(s.number()) ? End.DROPPED
                        : f.contains(Wire.Fate.LOST) || f.contains(Wire.Fate.TOO_BIG) ? End.LOST
                        : delivered.containsKey(s.number()) ? End.ARRIVES : End.IN_FLIGHT;
                List<String> notes = new ArrayList<>();
                if (s.retransmission()) {
                    notes.add("retransmission");
                }
                if (s.crafted()) {
                    notes.add("typed");
                }
                if (f.contains(Wire.Fate.DUPLICATED)) {
                    notes.add("duplicated");
                }
                if (f.contains(Wire.Fate.REORDERED) || f.contains(Wire.Fate.DELAYED)) {
                    notes.add("late");
                }
                switch (end) {
                    case LOST -> notes.add(f.contains(Wire.Fate.TOO_BIG) ? "too big for the MTU" : "lost");
                    case DROPPED -> notes.add("corrupt: dropped by " + s.to());
                    case IN_FLIGHT -> notes.add("in flight");
                    default -> {
                    }
                }
                Arrow arrow = new Arrow(rightward, "#" + s.number() + " " + label(s.segment()), end,
                        String.join(", ", notes));
                Row last = rows.isEmpty() ? null : rows.getLast();
                if (last != null && last.time() == s.time() && last.arrow() == null
                        && (rightward ? last.right() == null : last.left() == null)) {
                    rows.set(rows.size() - 1, new Row(last.time(), last.left(), last.right(), arrow));
                } else {
                    rows.add(new Row(s.time(), null, null, arrow));
                }
            }
        }
        return new Ladder(left, right, leftStart, rightStart, rows);
    }

    static String label(Segment s) {
        StringBuilder sb = new StringBuilder(s.flags().toString()).append(" seq=").append(s.seq());
        if (s.flags().ack()) {
            sb.append(" ack=").append(s.ack());
        }
        if (!s.payload().isEmpty()) {
            sb.append(" len=").append(s.payload().length());
        }
        return sb.toString();
    }

    /**
     * The diagram as lines no wider than {@code width} (the terminal's, at least 40). From
     * 80 columns: a time column, and each arrow's label on the arrow; a label that does not
     * fit on it, or a note that would run past the width, goes on the lines below, wrapped
     * at spaces. Narrower: no time column; the time and the label go on the lines below the
     * arrow. Nothing is cut: a word longer than a line is the only thing that can overflow.
     */
    public List<String> text(int width, boolean ascii) {
        String bar = ascii ? "|" : "│";
        Glyphs g = new Glyphs(ascii ? "-" : "─", ascii ? ">" : "▶", ascii ? "<" : "◀", ascii ? "x" : "✗");
        boolean wide = width >= 80;
        int timeW = wide ? 11 : 0;
        int stateW = 13;
        int rightW = 0;
        if (!wide) {
            stateW = Math.max(leftName.length(), leftStart.length());
            rightW = rightStart.length();
            for (Row r : rows) {
                stateW = Math.max(stateW, r.left() == null ? 0 : r.left().length());
                rightW = Math.max(rightW, r.right() == null ? 0 : r.right().length());
            }
            stateW++;
        }
        int lane = wide ? Math.max(24, width - timeW - 2 * stateW - 4) : Math.max(3, width - stateW - 4 - rightW);
        int indent = timeW + stateW + 2; // where the lane starts
        List<String> out = new ArrayList<>();
        out.add(pad(wide ? "time (s)" : "", timeW) + pad(leftName, stateW) + " " + " ".repeat(lane + 2) + rightName);
        out.add(pad("", timeW) + pad(leftStart, stateW) + " " + bar + " ".repeat(lane) + bar + " " + rightStart);
        for (Row r : rows) {
            Arrow a = r.arrow();
            String label = a == null ? "" : " " + a.label() + " ";
            boolean onArrow = wide && a != null && label.length() <= lane - 6;
            String middle = a == null ? " ".repeat(lane) : arrowText(a, onArrow ? label : "", lane, g);
            String line = pad(wide ? Session.time(r.time()) : "", timeW) + pad(r.left() == null ? "" : r.left(), stateW)
                    + " " + bar + middle + bar + " " + (r.right() == null ? "" : r.right());
            List<String> below = new ArrayList<>();
            if (a != null) {
                String note = a.note().isEmpty() ? "" : "(" + a.note() + ")";
                if (!onArrow) {
                    below.add((wide ? "" : Session.time(r.time()) + " ") + a.label() + (note.isEmpty() ? "" : " " + note));
                } else if (!note.isEmpty()) {
                    String withNote = line + (r.right() == null ? "" : " ") + note;
                    if (withNote.stripTrailing().length() <= width) {
                        line = withNote;
                    } else {
                        below.add(note);
                    }
                }
            }
            out.add(line.stripTrailing());
            int at = wide ? indent + 1 : 2;
            for (String b : below) {
                for (String w : wrap(b, Math.max(10, width - at))) {
                    out.add(" ".repeat(at) + w);
                }
            }
        }
        return out;
    }

    private record Glyphs(String dash, String right, String left, String cross) {
    }

    /** The arrow across the lane, with {@code label} on it (or none when empty). */
    private static String arrowText(Arrow a, String label, int lane, Glyphs g) {
        int body = lane - 1;
        int before = label.isEmpty() ? 0 : 2;
        int after = Math.max(0, body - label.length() - before);
        StringBuilder sb = new StringBuilder();
        if (a.rightward()) {
            sb.append(g.dash().repeat(before)).append(label).append(g.dash().repeat(after));
            if (a.end() == End.LOST) {
                // The arrow stops short of the receiver.
                int cut = Math.max(label.length() + before, sb.length() - lane / 4);
                sb.setLength(cut);
                sb.append(g.cross());
                sb.append(" ".repeat(Math.max(0, lane - sb.length())));
            } else {
                sb.append(a.end() == End.DROPPED ? g.cross() : g.right());
            }
        } else {
            sb.append(a.end() == End.DROPPED ? g.cross() : g.left()).append(g.dash().repeat(after)).append(label)
                    .append(g.dash().repeat(before));
            if (a.end() == End.LOST) {
                int cut = Math.min(lane / 4, after);
                sb.replace(0, cut + 1, " ".repeat(cut) + g.cross());
            }
        }
        return sb.toString();
    }

    /** {@code s} in lines of at most {@code width}, broken at spaces (a longer word stands alone). */
    static List<String> wrap(String s, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : s.split(" ")) {
            if (word.isEmpty()) {
                continue;
            }
            if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(word);
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static String pad(String s, int w) {
        if (w == 0) {
            return "";
        }
        return s.length() >= w ? s + " " : s + " ".repeat(w - s.length());
    }

    /** Font size of the SVG's text, in px. */
    static final int FONT = 13;
    /** Advance of one character of the SVG's monospace font, in px (DejaVu Sans Mono, Menlo, Consolas: 0.6 em). */
    static final double CHAR_W = FONT * 0.6;
    /** Line height of wrapped labels, in px. */
    static final int LINE_H = 16;
    static final int XL = 230;
    static final int XR = 690;
    /** Room kept between a label and a lifeline, in px. */
    static final int GAP = 14;

    /**
     * The same diagram as a standalone SVG picture. Each arrow's label (and note) sits
     * above its arrow, wrapped at spaces to fit between the lifelines, so no label reaches
     * an arrowhead, a lifeline or another label; a row is as tall as its label.
     */
    public String svg() {
        int dropH = 18;
        int laneChars = (int) ((XR - XL - 2 * GAP) / CHAR_W);
        List<List<String>> labels = new ArrayList<>();
        int h = 70;
        for (Row r : rows) {
            List<String> l = r.arrow() == null ? List.of() : wrap(r.arrow().label()
                    + (r.arrow().note().isEmpty() ? "" : " (" + r.arrow().note() + ")"), laneChars);
            labels.add(l);
            h += rowHeight(l.size(), dropH);
        }
        h += 30;
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"920\" height=\"").append(h)
                .append("\" viewBox=\"0 0 920 ").append(h).append("\" font-family=\"monospace\" font-size=\"")
                .append(FONT).append("\">\n");
        sb.append("<defs><marker id=\"a\" markerWidth=\"10\" markerHeight=\"8\" refX=\"9\" refY=\"4\" orient=\"auto\">"
                + "<path d=\"M0,0 L10,4 L0,8 z\" fill=\"#222\"/></marker></defs>\n");
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(sb, XL, 24, leftName, "middle", "bold");
        text(sb, XR, 24, rightName, "middle", "bold");
        text(sb, XL - 12, 48, leftStart, "end", "normal");
        text(sb, XR + 12, 48, rightStart, "start", "normal");
        sb.append(String.format("<line x1=\"%d\" y1=\"36\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>%n", XL, XL, h - 10));
        sb.append(String.format("<line x1=\"%d\" y1=\"36\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>%n", XR, XR, h - 10));
        int top = 62;
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            List<String> label = labels.get(i);
            // The label's lines, then the arrow below them; states and time level with the arrow's start.
            for (int k = 0; k < label.size(); k++) {
                text(sb, (XL + XR) / 2, top + 12 + LINE_H * k, label.get(k), "middle", "normal");
            }
            int y = top + LINE_H * label.size() + 8;
            text(sb, 10, y + 4, Session.time(r.time()), "start", "normal");
            if (r.left() != null) {
                text(sb, XL - 12, y + 4, r.left(), "end", "normal");
            }
            if (r.right() != null) {
                text(sb, XR + 12, y + 4, r.right(), "start", "normal");
            }
            Arrow a = r.arrow();
            if (a != null) {
                int x1 = a.rightward() ? XL : XR;
                int x2 = a.rightward() ? XR : XL;
                int y2 = y + dropH;
                String color = a.end() == End.ARRIVES || a.end() == End.IN_FLIGHT ? "#222" : "#c0392b";
                if (a.end() == End.LOST) {
                    x2 = (x1 + x2) / 2 + (a.rightward() ? 80 : -80);
                    y2 = y + dropH * 3 / 4;
                }
                boolean head = a.end() != End.LOST && a.end() != End.DROPPED;
                if (a.end() == End.DROPPED) {
                    // The ✗ sits on the line's end, short of the lifeline, where no arrowhead is.
                    x2 += a.rightward() ? -FONT : FONT;
                    y2 -= 1;
                }
                sb.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"%s/>%n",
                        x1, y, x2, y2, color, head ? " marker-end=\"url(#a)\"" : ""));
                if (!head) {
                    text(sb, x2, y2 + 5, "✗", "middle", "bold");
                }
            }
            top += rowHeight(label.size(), dropH);
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static int rowHeight(int labelLines, int dropH) {
        return Math.max(26, LINE_H * labelLines + 8 + dropH + 8);
    }

    private static void text(StringBuilder sb, int x, int y, String s, String anchor, String weight) {
        sb.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" font-weight=\"%s\">%s</text>%n", x, y,
                anchor, weight, s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")));
    }
}
