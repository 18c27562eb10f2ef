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
        String left = sim.client().name();
        String right = sim.server().name();
        List<TraceEntry> entries = sim.trace().entries();
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
        for (TraceEntry e : entries) {
            if (e instanceof TraceEntry.Call c && c.call().startsWith("listen") && !started) {
                if (c.endpoint().equals(left)) {
                    leftStart = State.LISTEN.rfcName();
                } else {
                    rightStart = State.LISTEN.rfcName();
                }
            }
            if (e instanceof TraceEntry.Endpoint ep && ep.event().transition()) {
                Event ev = ep.event();
                boolean isLeft = ev.endpoint().equals(left);
                String label = ev.to().rfcName();
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

    /** The diagram as lines no wider than {@code width}. */
    public List<String> text(int width, boolean ascii) {
        String bar = ascii ? "|" : "│";
        String dash = ascii ? "-" : "─";
        String right = ascii ? ">" : "▶";
        String left = ascii ? "<" : "◀";
        String cross = ascii ? "x" : "✗";
        int timeW = 11;
        int stateW = 13;
        int lane = Math.max(24, width - timeW - 2 * stateW - 4);
        List<String> out = new ArrayList<>();
        out.add(pad("time (s)", timeW) + pad(leftName, stateW) + " " + " ".repeat(lane + 2) + rightName);
        out.add(pad("", timeW) + pad(leftStart, stateW) + " " + bar + " ".repeat(lane) + bar + " " + rightStart);
        for (Row r : rows) {
            String middle;
            if (r.arrow() == null) {
                middle = " ".repeat(lane);
            } else {
                middle = arrowText(r.arrow(), lane, dash, right, left, cross);
            }
            String line = pad(Session.time(r.time()), timeW) + pad(r.left() == null ? "" : r.left(), stateW) + " " + bar
                    + middle + bar + " " + (r.right() == null ? "" : r.right());
            if (r.arrow() != null && !r.arrow().note().isEmpty()) {
                line = line + (r.right() == null ? "" : " ") + "(" + r.arrow().note() + ")";
            }
            out.add(line.stripTrailing());
        }
        return out;
    }

    private static String arrowText(Arrow a, int lane, String dash, String right, String left, String cross) {
        String label = " " + a.label() + " ";
        if (label.length() > lane - 6) {
            label = label.substring(0, Math.max(0, lane - 7)) + "… ";
        }
        int body = lane - 1;
        int dashes = body - label.length();
        int before = 2;
        int after = Math.max(0, dashes - before);
        StringBuilder sb = new StringBuilder();
        if (a.rightward()) {
            sb.append(dash.repeat(before)).append(label).append(dash.repeat(after));
            if (a.end() == End.LOST) {
                // The arrow stops short of the receiver.
                int cut = Math.max(label.length() + before, sb.length() - lane / 4);
                sb.setLength(cut);
                sb.append(cross);
                sb.append(" ".repeat(lane - sb.length()));
            } else {
                sb.append(a.end() == End.DROPPED ? cross : right);
            }
        } else {
            sb.append(a.end() == End.DROPPED ? cross : left).append(dash.repeat(after)).append(label)
                    .append(dash.repeat(before));
            if (a.end() == End.LOST) {
                int cut = Math.min(lane / 4, after);
                sb.replace(0, cut + 1, " ".repeat(cut) + cross);
            }
        }
        return sb.toString();
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s + " " : s + " ".repeat(w - s.length());
    }

    /** The same diagram as a standalone SVG picture. */
    public String svg() {
        int rowH = 26;
        int top = 70;
        int xl = 230;
        int xr = 690;
        int h = top + rowH * (rows.size() + 1) + 20;
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"920\" height=\"").append(h)
                .append("\" viewBox=\"0 0 920 ").append(h).append("\" font-family=\"monospace\" font-size=\"13\">\n");
        sb.append("<defs><marker id=\"a\" markerWidth=\"10\" markerHeight=\"8\" refX=\"9\" refY=\"4\" orient=\"auto\">"
                + "<path d=\"M0,0 L10,4 L0,8 z\" fill=\"#222\"/></marker></defs>\n");
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(sb, xl, 24, leftName, "middle", "bold");
        text(sb, xr, 24, rightName, "middle", "bold");
        text(sb, xl - 12, 48, leftStart, "end", "normal");
        text(sb, xr + 12, 48, rightStart, "start", "normal");
        sb.append(String.format("<line x1=\"%d\" y1=\"36\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>%n", xl, xl, h - 10));
        sb.append(String.format("<line x1=\"%d\" y1=\"36\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>%n", xr, xr, h - 10));
        int y = top;
        for (Row r : rows) {
            text(sb, 10, y + 4, Session.time(r.time()), "start", "normal");
            if (r.left() != null) {
                text(sb, xl - 12, y + 4, r.left(), "end", "normal");
            }
            if (r.right() != null) {
                text(sb, xr + 12, y + 4, r.right(), "start", "normal");
            }
            Arrow a = r.arrow();
            if (a != null) {
                int x1 = a.rightward() ? xl : xr;
                int x2 = a.rightward() ? xr : xl;
                int y2 = y + rowH - 8;
                String color = a.end() == End.ARRIVES || a.end() == End.IN_FLIGHT ? "#222" : "#c0392b";
                if (a.end() == End.LOST) {
                    x2 = (x1 + x2) / 2 + (a.rightward() ? 80 : -80);
                    y2 = y + (rowH - 8) * 3 / 4;
                }
                sb.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"%s/>%n",
                        x1, y, x2, y2, color, a.end() == End.LOST ? "" : " marker-end=\"url(#a)\""));
                if (a.end() == End.LOST || a.end() == End.DROPPED) {
                    text(sb, x2, y2 + 5, "✗", "middle", "bold");
                }
                String label = a.label() + (a.note().isEmpty() ? "" : " (" + a.note() + ")");
                text(sb, (xl + xr) / 2, y - 4, label, "middle", "normal");
            }
            y += rowH;
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static void text(StringBuilder sb, int x, int y, String s, String anchor, String weight) {
        sb.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" font-weight=\"%s\">%s</text>%n", x, y,
                anchor, weight, s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")));
    }
}
