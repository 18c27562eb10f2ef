package dev.tcpstep.repl.graph;

import dev.tcpstep.link.TraceEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The congestion window, the slow-start threshold and the flight size of one sender over
 * time, as step lines, with its retransmissions marked along the top and its recovery
 * episodes (fast, SACK or after a timeout) shaded. Drawn from {@link CongestionSampler}
 * samples and the trace.
 */
public final class CwndGraph {
    private final String endpoint;
    private final List<CongestionSampler.Sample> samples;
    private final List<Long> retransmissions;
    private final long end;

    private CwndGraph(String endpoint, List<CongestionSampler.Sample> samples, List<Long> retransmissions, long end) {
        this.endpoint = endpoint;
        this.samples = samples;
        this.retransmissions = retransmissions;
        this.end = end;
    }

    /**
     * The graph of {@code endpoint} from its samples; retransmission times come from the
     * trace, and the lines run on to {@code now}.
     */
    public static CwndGraph of(String endpoint, List<CongestionSampler.Sample> samples, List<TraceEntry> trace,
                               long now) {
        List<Long> re = new ArrayList<>();
        for (TraceEntry e : trace) {
            if (e instanceof TraceEntry.Sent s && s.retransmission() && s.from().equals(endpoint)) {
                re.add(s.time());
            }
        }
        long end = now;
        for (CongestionSampler.Sample s : samples) {
            end = Math.max(end, s.time());
        }
        return new CwndGraph(endpoint, List.copyOf(samples), List.copyOf(re), end);
    }

    /** The part of the graph between {@code from} and {@code to} (ns of virtual time). */
    public CwndGraph between(long from, long to) {
        if (to <= from) {
            throw new IllegalArgumentException("time window " + from + ".." + to + " ns (expected: from < to)");
        }
        List<CongestionSampler.Sample> in = new ArrayList<>();
        for (CongestionSampler.Sample s : samples) {
            if (s.time() < from) {
                // The state as it stood when the window opens.
                in.clear();
                in.add(new CongestionSampler.Sample(from, s.traceIndex(), s.endpoint(), s.algorithm(), s.phase(),
                        s.cwnd(), s.ssthresh(), s.flightSize()));
            } else if (s.time() <= to) {
                in.add(s);
            }
        }
        return new CwndGraph(endpoint, List.copyOf(in),
                retransmissions.stream().filter(t -> t >= from && t <= to).toList(), to);
    }

    public boolean isEmpty() {
        return samples.isEmpty();
    }

    List<Long> retransmissions() {
        return retransmissions;
    }

    private long start() {
        return samples.isEmpty() ? 0 : samples.getFirst().time();
    }

    private long finish() {
        return Math.max(end, start() + 1);
    }

    /** The top of the y axis: cwnd and flight size always fit; ssthresh only while it is near them. */
    private long top() {
        long top = 1;
        for (CongestionSampler.Sample s : samples) {
            top = Math.max(top, Math.max(s.cwnd(), s.flightSize()));
        }
        long near = top;
        for (CongestionSampler.Sample s : samples) {
            if (s.ssthresh() <= 2 * top) {
                near = Math.max(near, s.ssthresh());
            }
        }
        return near;
    }

    private static boolean recovery(String phase) {
        return phase.contains("recovery");
    }

    private String title() {
        String algorithm = samples.isEmpty() ? "" : " (" + samples.getLast().algorithm() + ")";
        return "Congestion window of " + endpoint + algorithm;
    }

    private String counts() {
        return retransmissions.size() + " retransmissions";
    }

    /** True when ssthresh was ever above the chart (its initial "arbitrarily high" value, RFC 5681 §3.1). */
    private boolean ssthreshOffTop(double max) {
        return samples.stream().anyMatch(s -> s.ssthresh() > max);
    }

    /** The graph as terminal lines no wider than {@code width}. */
    public List<String> text(int width, int height, boolean ascii) {
        Axis x = Axis.time(start(), finish(), Math.max(2, width / 14));
        Axis y = Axis.bytes(top(), Math.max(2, height / 4));
        TextFrame f = new TextFrame(x, y, width, height, ascii);
        char cwnd = ascii ? '*' : '●';
        char ssthresh = ascii ? '=' : '═';
        char flight = ascii ? '.' : '·';
        char recovery = ascii ? ':' : '░';
        char retrans = 'R';
        int k = 0;
        CongestionSampler.Sample last = null;
        for (int c = 0; c < f.cols(); c++) {
            double t = f.xAt(c);
            while (k < samples.size() && samples.get(k).time() <= t) {
                last = samples.get(k++);
            }
            if (last == null) {
                continue;
            }
            if (recovery(last.phase())) {
                f.mark(c, f.rows() - 1, recovery, 0);
            }
            f.mark(c, f.row(last.flightSize()), flight, 1);
            if (last.ssthresh() <= y.max()) {
                f.mark(c, f.row(last.ssthresh()), ssthresh, 2);
            }
            f.mark(c, f.row(last.cwnd()), cwnd, 3);
        }
        for (long t : retransmissions) {
            f.mark(f.col(t), 0, retrans, 4);
        }
        List<String> legend = List.of(cwnd + " cwnd", ssthresh + " ssthresh", flight + " flight size",
                retrans + " retransmission", recovery + " in recovery");
        return f.render(title() + "  (" + counts() + ")", y.unit(), "time (" + x.unit() + ")", legend);
    }

    /** The graph as a standalone SVG picture. */
    public String svg() {
        Axis x = Axis.time(start(), finish(), 10);
        Axis y = Axis.bytes(top(), 8);
        SvgFrame f = new SvgFrame(x, y);
        String cwndColor = "#1f4e9c";
        String ssColor = "#d1242f";
        String flightColor = "#1a7f37";
        String reColor = "#d1242f";
        String bandColor = "#fbe3c4";
        // Recovery episodes as shaded bands behind the lines.
        Long bandStart = null;
        for (int i = 0; i <= samples.size(); i++) {
            boolean in = i < samples.size() && recovery(samples.get(i).phase());
            long t = i < samples.size() ? samples.get(i).time() : finish();
            if (in && bandStart == null) {
                bandStart = t;
            } else if (!in && bandStart != null) {
                double x1 = f.px(bandStart);
                f.add("<rect x=\"" + SvgFrame.num(x1) + "\" y=\"" + SvgFrame.num(f.py(y.max())) + "\" width=\""
                        + SvgFrame.num(Math.max(1.5, f.px(t) - x1)) + "\" height=\""
                        + SvgFrame.num(f.py(0) - f.py(y.max())) + "\" fill=\"" + bandColor + "\"/>");
                bandStart = null;
            }
        }
        f.add(SvgFrame.polyline(steps(f, CongestionSampler.Sample::flightSize, Long.MAX_VALUE),
                "stroke=\"" + flightColor + "\" stroke-width=\"1.5\""));
        for (List<double[]> run : runs(f, y.max())) {
            f.add(SvgFrame.polyline(run, "stroke=\"" + ssColor + "\" stroke-width=\"2\" stroke-dasharray=\"8 5\""));
        }
        f.add(SvgFrame.polyline(steps(f, CongestionSampler.Sample::cwnd, Long.MAX_VALUE),
                "stroke=\"" + cwndColor + "\" stroke-width=\"2.5\""));
        double topY = f.py(y.max());
        for (long t : retransmissions) {
            double px = f.px(t);
            f.add(triangle(px, topY + 1, reColor));
        }
        List<SvgFrame.Key> legend = List.of(
                new SvgFrame.Key("<line x1=\"0\" y1=\"8\" x2=\"28\" y2=\"8\" stroke=\"" + cwndColor
                        + "\" stroke-width=\"2.5\"/>", "cwnd"),
                new SvgFrame.Key("<line x1=\"0\" y1=\"8\" x2=\"28\" y2=\"8\" stroke=\"" + ssColor
                        + "\" stroke-width=\"2\" stroke-dasharray=\"8 5\"/>",
                        ssthreshOffTop(y.max()) ? "ssthresh (where not above the chart)" : "ssthresh"),
                new SvgFrame.Key("<line x1=\"0\" y1=\"8\" x2=\"28\" y2=\"8\" stroke=\"" + flightColor
                        + "\" stroke-width=\"1.5\"/>", "flight size"),
                new SvgFrame.Key(triangle(14, 3, reColor), "retransmission"),
                new SvgFrame.Key("<rect x=\"0\" y=\"0\" width=\"28\" height=\"16\" fill=\"" + bandColor + "\"/>",
                        "recovery"));
        return f.render(title(), counts(), "cwnd, ssthresh, flight size (" + y.unit() + ")",
                "time (" + x.unit() + ")", legend);
    }

    private List<double[]> steps(SvgFrame f, ToLongFunction<CongestionSampler.Sample> v, long cap) {
        List<double[]> pts = new ArrayList<>();
        for (CongestionSampler.Sample s : samples) {
            double px = f.px(s.time());
            double py = f.py(Math.min(cap, v.applyAsLong(s)));
            if (!pts.isEmpty()) {
                pts.add(new double[] {px, pts.getLast()[1]});
            }
            pts.add(new double[] {px, py});
        }
        if (!pts.isEmpty()) {
            pts.add(new double[] {f.px(finish()), pts.getLast()[1]});
        }
        return pts;
    }

    /** The ssthresh step line, broken where it is above the chart. */
    private List<List<double[]>> runs(SvgFrame f, double max) {
        List<List<double[]>> out = new ArrayList<>();
        List<double[]> run = null;
        for (int i = 0; i < samples.size(); i++) {
            CongestionSampler.Sample s = samples.get(i);
            double next = f.px(i + 1 < samples.size() ? samples.get(i + 1).time() : finish());
            if (s.ssthresh() > max) {
                run = null;
                continue;
            }
            if (run == null) {
                run = new ArrayList<>();
                out.add(run);
            }
            double py = f.py(s.ssthresh());
            run.add(new double[] {f.px(s.time()), py});
            run.add(new double[] {next, py});
        }
        return out;
    }

    private static String triangle(double cx, double top, String color) {
        return "<path d=\"M" + SvgFrame.num(cx - 6) + "," + SvgFrame.num(top) + "h12l-6,11z\" fill=\"" + color + "\"/>";
    }
}
