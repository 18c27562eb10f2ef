package dev.tcpstep.repl.graph;

import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.TcpOption;
import dev.tcpstep.link.TraceEntry;
import dev.tcpstep.link.Wire;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The time-sequence graph of one direction of a connection, the picture of Stevens'
 * TCP/IP Illustrated and of tcptrace: time across, sequence number (relative to the
 * sender's ISN) up. Each segment the sender sent is a vertical bar over the sequence
 * range it carries; retransmissions are marked, and segments the wire lost or the
 * receiver dropped are crossed at their top. The receiver's ACKs, as they reach the
 * sender, draw the ACK line, and ACK plus advertised window (scaled as negotiated) the
 * receive-window line; SACK blocks are drawn as bars at the ACK that carried them.
 *
 * <p>Drawn from the simulation's trace alone, so it is as deterministic as the trace.
 */
public final class SeqGraph {
    /** A segment sent: sequence range [start, end) relative to the ISN. */
    record Bar(long time, long number, long start, long end, boolean retransmission, boolean lost) {
    }

    /** An ACK as it reached the sender: the ACK line, the window's right edge, SACK blocks (relative). */
    record Ack(long time, long ack, long windowEdge, List<long[]> sacks) {
    }

    private final String sender;
    private final String receiver;
    private final List<Bar> bars;
    private final List<Ack> acks;
    /** The time window shown, or -1 for "from the first segment" / "to the last event". */
    private final long from;
    private final long to;

    private SeqGraph(String sender, String receiver, List<Bar> bars, List<Ack> acks, long from, long to) {
        this.sender = sender;
        this.receiver = receiver;
        this.bars = bars;
        this.acks = acks;
        this.from = from;
        this.to = to;
    }

    /**
     * The part of the graph between {@code from} and {@code to} (ns of virtual time), its
     * sequence axis fitted to what happened then: zooming in on one recovery episode.
     */
    public SeqGraph between(long from, long to) {
        if (to <= from) {
            throw new IllegalArgumentException("time window " + from + ".." + to + " ns (expected: from < to)");
        }
        List<Bar> b = bars.stream().filter(x -> x.time() >= from && x.time() <= to).toList();
        List<Ack> a = new ArrayList<>();
        for (Ack k : acks) {
            if (k.time() < from) {
                // The ACK line as it stood when the window opens.
                a.clear();
                a.add(new Ack(from, k.ack(), k.windowEdge(), List.of()));
            } else if (k.time() <= to) {
                a.add(k);
            }
        }
        return new SeqGraph(sender, receiver, b, List.copyOf(a), from, to);
    }

    List<Bar> bars() {
        return bars;
    }

    List<Ack> acks() {
        return acks;
    }

    /** True when the sender sent nothing that occupies sequence space. */
    public boolean isEmpty() {
        return bars.isEmpty();
    }

    /**
     * The graph of what {@code sender} sent on its most recent connection (the one its last
     * SYN opened, or of its last segment when it sent no SYN).
     */
    public static SeqGraph of(List<TraceEntry> trace, String sender) {
        // The connection: the sender's last SYN (else its last segment) fixes the ports and the ISN.
        TraceEntry.Sent anchor = null;
        for (TraceEntry e : trace) {
            if (e instanceof TraceEntry.Sent s && s.from().equals(sender)
                    && (anchor == null || s.segment().flags().syn() || !anchor.segment().flags().syn())) {
                anchor = s;
            }
        }
        if (anchor == null) {
            return new SeqGraph(sender, "", List.of(), List.of(), -1, -1);
        }
        Segment a = anchor.segment();
        int localPort = a.srcPort();
        int remotePort = a.dstPort();
        long base = a.flags().syn() ? a.seq() : a.seq() - 1;
        Set<Long> lost = new HashSet<>();
        for (TraceEntry e : trace) {
            if (e instanceof TraceEntry.Link l && (l.fate() == Wire.Fate.LOST || l.fate() == Wire.Fate.TOO_BIG)) {
                lost.add(l.number());
            } else if (e instanceof TraceEntry.Dropped d) {
                lost.add(d.number());
            }
        }
        int senderScale = -1;
        int receiverScale = -1;
        List<Bar> bars = new ArrayList<>();
        List<Ack> acks = new ArrayList<>();
        boolean started = false;
        for (TraceEntry e : trace) {
            if (e == anchor) {
                started = true;
            }
            if (!started) {
                continue;
            }
            if (e instanceof TraceEntry.Sent s && s.from().equals(sender) && s.segment().srcPort() == localPort
                    && s.segment().dstPort() == remotePort) {
                Segment seg = s.segment();
                if (seg.flags().syn()) {
                    senderScale = shift(seg);
                }
                if (seg.seqLength() > 0) {
                    long start = rel(seg.seq(), base);
                    bars.add(new Bar(s.time(), s.number(), start, start + seg.seqLength(), s.retransmission(),
                            lost.contains(s.number())));
                }
            } else if (e instanceof TraceEntry.Delivered d && d.to().equals(sender)
                    && d.segment().dstPort() == localPort && d.segment().srcPort() == remotePort) {
                Segment seg = d.segment();
                if (seg.flags().syn()) {
                    receiverScale = shift(seg);
                }
                if (!seg.flags().ack()) {
                    continue;
                }
                // RFC 7323 §2.3: the window field of a SYN is never scaled; later ones are, when both SYNs
                // carried the option.
                int scale = !seg.flags().syn() && senderScale >= 0 && receiverScale >= 0 ? receiverScale : 0;
                long ack = rel(seg.ack(), base);
                List<long[]> sacks = new ArrayList<>();
                TcpOption.Sack sack = seg.option(TcpOption.Sack.class);
                if (sack != null) {
                    for (TcpOption.SackBlock b : sack.blocks()) {
                        sacks.add(new long[] {rel(b.left(), base), rel(b.right(), base)});
                    }
                }
                acks.add(new Ack(d.time(), ack, ack + ((long) seg.window() << scale), List.copyOf(sacks)));
            }
        }
        String receiver = anchor.to();
        return new SeqGraph(sender, receiver, List.copyOf(bars), List.copyOf(acks), -1, -1);
    }

    private static int shift(Segment seg) {
        TcpOption.WindowScale w = seg.option(TcpOption.WindowScale.class);
        return w == null ? -1 : Math.min(14, w.shift());
    }

    /** A sequence number relative to {@code base}, modulo 2^32 (the sender's ISN is 0). */
    private static long rel(long seq, long base) {
        return (seq - base) & 0xFFFF_FFFFL;
    }

    private String title() {
        return title(false);
    }

    private String title(boolean ascii) {
        return "Time-sequence graph: " + sender + (ascii ? " -> " : " → ") + receiver;
    }

    private long start() {
        if (from >= 0) {
            return from;
        }
        long t = Long.MAX_VALUE;
        for (Bar b : bars) {
            t = Math.min(t, b.time());
        }
        return t == Long.MAX_VALUE ? 0 : t;
    }

    private long end() {
        if (to >= 0) {
            return to;
        }
        long t = start() + 1;
        for (Bar b : bars) {
            t = Math.max(t, b.time());
        }
        for (Ack k : acks) {
            t = Math.max(t, k.time());
        }
        return t;
    }

    private long top() {
        long top = 1;
        for (Bar b : bars) {
            top = Math.max(top, b.end());
        }
        for (Ack k : acks) {
            top = Math.max(top, k.windowEdge());
        }
        return top;
    }

    /** The bottom of the sequence axis: 0, or when zoomed in, the lowest number shown. */
    private long bottom() {
        if (from < 0) {
            return 0;
        }
        long low = Long.MAX_VALUE;
        for (Bar b : bars) {
            low = Math.min(low, b.start());
        }
        for (Ack k : acks) {
            low = Math.min(low, k.ack());
        }
        return low == Long.MAX_VALUE ? 0 : low;
    }

    private long retransmissions() {
        return bars.stream().filter(Bar::retransmission).count();
    }

    private long losses() {
        return bars.stream().filter(Bar::lost).count();
    }

    /** The graph as terminal lines no wider than {@code width}. */
    public List<String> text(int width, int height, boolean ascii) {
        Axis x = Axis.time(start(), end(), Math.max(2, width / 14));
        Axis y = Axis.bytes(bottom(), top(), Math.max(2, height / 4));
        TextFrame f = new TextFrame(x, y, width, height, ascii);
        char data = ascii ? '|' : '│';
        char retrans = 'R';
        char cross = ascii ? 'x' : '✗';
        char ackLine = ascii ? '-' : '─';
        char winLine = ascii ? '~' : '┄';
        char sackMark = 'S';
        // Step lines: at each column, the last ACK that had reached the sender by then.
        int k = 0;
        Ack last = null;
        for (int c = 0; c < f.cols(); c++) {
            double t = f.xAt(c);
            while (k < acks.size() && acks.get(k).time() <= t) {
                last = acks.get(k++);
            }
            if (last != null) {
                f.mark(c, f.row(last.windowEdge()), winLine, 1);
                f.mark(c, f.row(last.ack()), ackLine, 2);
            }
        }
        for (Ack a : acks) {
            for (long[] s : a.sacks()) {
                f.bar(a.time(), s[0], s[1], sackMark, 3);
            }
        }
        for (Bar b : bars) {
            f.bar(b.time(), b.start(), b.end(), b.retransmission() ? retrans : data, b.retransmission() ? 5 : 4);
            if (b.lost()) {
                f.mark(b.time(), b.end(), cross, 6);
            }
        }
        List<String> legend = List.of(data + " segment", retrans + " retransmission", cross + " lost",
                ackLine + " ACK", winLine + " window", sackMark + " SACK");
        List<String> out = f.render(title(ascii) + "  (" + counts() + ")", y.unit() + " (relative sequence number)",
                "time (" + x.unit() + ")", legend);
        return out;
    }

    private String counts() {
        return String.format("%d segments, %d retransmitted, %d lost", bars.size(), retransmissions(), losses());
    }

    /** The graph as a standalone SVG picture. */
    public String svg() {
        Axis x = Axis.time(start(), end(), 10);
        Axis y = Axis.bytes(bottom(), top(), 8);
        SvgFrame f = new SvgFrame(x, y);
        String ackColor = "#1a7f37";
        String winColor = "#b08800";
        String segColor = "#1f4e9c";
        String reColor = "#d1242f";
        String sackColor = "#8250df";
        List<double[]> ackPts = new ArrayList<>();
        List<double[]> winPts = new ArrayList<>();
        for (Ack a : acks) {
            step(ackPts, f.px(a.time()), f.py(a.ack()));
            step(winPts, f.px(a.time()), f.py(a.windowEdge()));
        }
        double right = f.px(x.max());
        if (!ackPts.isEmpty()) {
            ackPts.add(new double[] {right, ackPts.getLast()[1]});
            winPts.add(new double[] {right, winPts.getLast()[1]});
        }
        f.add(SvgFrame.polyline(winPts, "stroke=\"" + winColor + "\" stroke-width=\"2\" stroke-dasharray=\"6 4\""));
        f.add(SvgFrame.polyline(ackPts, "stroke=\"" + ackColor + "\" stroke-width=\"2\""));
        for (Ack a : acks) {
            for (long[] s : a.sacks()) {
                double px = f.px(a.time()) + 3;
                f.add("<line x1=\"" + SvgFrame.num(px) + "\" y1=\"" + SvgFrame.num(f.py(s[0])) + "\" x2=\""
                        + SvgFrame.num(px) + "\" y2=\"" + SvgFrame.num(f.py(s[1])) + "\" stroke=\"" + sackColor
                        + "\" stroke-width=\"3\"/>");
            }
        }
        for (Bar b : bars) {
            double px = f.px(b.time());
            double y1 = f.py(b.start());
            double y2 = Math.min(f.py(b.end()), y1 - 4);
            String c = b.retransmission() ? reColor : segColor;
            // An I-beam like tcptrace's: the bar and short caps at both ends.
            f.add("<path d=\"M" + SvgFrame.num(px) + "," + SvgFrame.num(y1) + "V" + SvgFrame.num(y2) + "M"
                    + SvgFrame.num(px - 3) + "," + SvgFrame.num(y1) + "h6M" + SvgFrame.num(px - 3) + ","
                    + SvgFrame.num(y2) + "h6\" stroke=\"" + c + "\" stroke-width=\"" + (b.retransmission() ? 2.5 : 1.5)
                    + "\" fill=\"none\"/>");
            if (b.lost()) {
                f.add(cross(px, y2 - 8, reColor));
            }
        }
        List<SvgFrame.Key> legend = List.of(
                new SvgFrame.Key("<path d=\"M14,1V15M11,1h6M11,15h6\" stroke=\"" + segColor
                        + "\" stroke-width=\"1.5\"/>", "segment sent"),
                new SvgFrame.Key("<path d=\"M14,1V15M11,1h6M11,15h6\" stroke=\"" + reColor
                        + "\" stroke-width=\"2.5\"/>", "retransmission"),
                new SvgFrame.Key(cross(14, 8, reColor), "lost / dropped"),
                new SvgFrame.Key("<line x1=\"0\" y1=\"8\" x2=\"28\" y2=\"8\" stroke=\"" + ackColor
                        + "\" stroke-width=\"2\"/>", "ACK"),
                new SvgFrame.Key("<line x1=\"0\" y1=\"8\" x2=\"28\" y2=\"8\" stroke=\"" + winColor
                        + "\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>", "ACK + window"),
                new SvgFrame.Key("<line x1=\"14\" y1=\"1\" x2=\"14\" y2=\"15\" stroke=\"" + sackColor
                        + "\" stroke-width=\"3\"/>", "SACK block"));
        return f.render(title(), counts(), "relative sequence number (" + y.unit() + ")",
                "time (" + x.unit() + ")", legend);
    }

    private static void step(List<double[]> pts, double px, double py) {
        if (!pts.isEmpty()) {
            pts.add(new double[] {px, pts.getLast()[1]});
        }
        pts.add(new double[] {px, py});
    }

    private static String cross(double cx, double cy, String color) {
        return "<path d=\"M" + SvgFrame.num(cx - 5) + "," + SvgFrame.num(cy - 5) + "l10,10m0,-10l-10,10\" stroke=\""
                + color + "\" stroke-width=\"2.5\"/>";
    }
}
