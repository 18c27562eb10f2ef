package dev.tcpstep.repl;

import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.TcpOption;
import dev.tcpstep.codec.TcpdumpFormat;
import dev.tcpstep.link.Simulation;
import dev.tcpstep.link.TraceEntry;
import dev.tcpstep.statemachine.Connection;
import dev.tcpstep.statemachine.Event;
import dev.tcpstep.statemachine.State;
import dev.tcpstep.statemachine.CongestionSnapshot;
import dev.tcpstep.statemachine.Tcb;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the shell prints about the simulation, as text: trace lines (tcpdump style),
 * coaching notes, TCB tables, an endpoint's state with its listener. Commands act; these
 * only render. Long teaching lines (notes, suggestions) wrap at word boundaries to the
 * terminal's width, so no number is ever cut.
 */
public final class Renderers {
    private Renderers() {
    }

    // ------------------------------------------------------------------ states

    /**
     * An endpoint's state as it truly is: the connection's state, with the listener shown apart
     * ({@code CLOSED (listening on 80)}); a listener alone is {@code LISTEN on 80}. The first word
     * is always the state.
     */
    public static String state(Simulation.Endpoint e) {
        Integer port = e.listening();
        Connection c = e.connection();
        State s = e.state();
        if (port == null) {
            return s.rfcName();
        }
        if (c == null && s == State.LISTEN) {
            return "LISTEN on " + port;
        }
        return s.rfcName() + " (listening on " + port + ")";
    }

    /** The short form for the prompt: {@code CLOSED+LISTEN} when a listener outlives its connection. */
    public static String promptState(Simulation.Endpoint e) {
        if (e.listening() != null && !(e.connection() == null && e.state() == State.LISTEN)) {
            return e.state().rfcName() + "+LISTEN";
        }
        return e.state().rfcName();
    }

    // ------------------------------------------------------------------ segments

    /** A segment written the way {@code send} takes it: {@code SYN,ACK seq=5000 ack=1 win=65535 mss=1460}. */
    public static String typed(Segment s) {
        StringBuilder sb = new StringBuilder(s.flags().toString());
        sb.append(" seq=").append(s.seq());
        if (s.flags().ack()) {
            sb.append(" ack=").append(s.ack());
        }
        sb.append(" win=").append(s.window());
        for (TcpOption o : s.options()) {
            switch (o) {
                case TcpOption.Mss m -> sb.append(" mss=").append(m.value());
                case TcpOption.WindowScale w -> sb.append(" wscale=").append(w.shift());
                case TcpOption.SackPermitted p -> sb.append(" sackok");
                case TcpOption.Timestamps ts -> sb.append(" ts=").append(ts.value()).append(',').append(ts.echoReply());
                default -> {
                }
            }
        }
        if (s.urgentPointer() != 0) {
            sb.append(" urg=").append(s.urgentPointer());
        }
        if (!s.payload().isEmpty()) {
            sb.append(" len=").append(s.payload().length());
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ trace

    /** One trace entry as the shell prints it (lines joined by '\n'), or null for entries left to {@code trace}. */
    public static String entry(TraceEntry e, Style style, int width) {
        String t = "[" + Session.time(e.time()) + "] ";
        String indent = " ".repeat(t.length());
        return switch (e) {
            case TraceEntry.Sent s -> t + style.command(s.from()) + " sent #" + s.number()
                    + (s.retransmission() ? " (retransmission)" : "") + "  " + TcpdumpFormat.line(s.segment());
            case TraceEntry.Delivered d -> t + style.command(d.to()) + " recv #" + d.number() + "  "
                    + TcpdumpFormat.line(d.segment());
            case TraceEntry.Link l -> t + style.error("#" + l.number() + " " + l.detail());
            case TraceEntry.Dropped d -> t + style.error(d.to() + " dropped #" + d.number() + ": " + d.reason());
            case TraceEntry.Call c -> c.result().startsWith("error") ? t + style.error(c.text()) : null;
            case TraceEntry.Suggested s -> {
                List<String> lines = new ArrayList<>();
                for (Segment seg : s.segments()) {
                    String cmd = s.endpoint() + " send " + typed(seg);
                    String plain = s.endpoint() + " would send: " + cmd + "   (`" + s.endpoint() + " accept` sends it)";
                    if (indent.length() + plain.length() <= width) {
                        lines.add(indent + s.endpoint() + " would send: " + style.command(cmd) + "   (`"
                                + s.endpoint() + " accept` sends it)");
                    } else {
                        // the hint stays in one piece: non-breaking spaces while wrapping
                        String hint = "(`" + s.endpoint() + " accept` sends it)";
                        String glued = plain.replace(hint, hint.replace(' ', '\u00a0'));
                        wrap(glued, width, indent, indent + "  ").forEach(l -> lines.add(l.replace('\u00a0', ' ')));
                    }
                }
                yield String.join("\n", lines);
            }
            case TraceEntry.Endpoint ep -> event(t, ep.event(), style, width);
        };
    }

    private static String event(String t, Event ev, Style style, int width) {
        String c = ev.citation().isEmpty() ? "" : " " + ev.citation();
        if (ev.transition()) {
            return t + style.heading(ev.endpoint() + " " + ev.from().rfcName() + " → " + ev.to().rfcName()) + c;
        }
        return switch (ev.kind()) {
            case DROP, SIGNAL, TIMER -> String.join("\n", wrap(ev.endpoint() + " " + ev.text() + c, width, t,
                    " ".repeat(t.length() + 2)));
            case COACH -> note(" ".repeat(t.length()), ev.text() + c, style, width);
            default -> null;
        };
    }

    /** A coaching note: {@code note: ...}, wrapped at word boundaries under its own first word. */
    public static String note(String indent, String text, Style style, int width) {
        List<String> lines = wrap("note: " + text, width, indent, indent + "      ");
        List<String> styled = new ArrayList<>();
        for (String l : lines) {
            int lead = l.length() - l.stripLeading().length();
            styled.add(l.substring(0, lead) + style.error(l.substring(lead)));
        }
        return String.join("\n", styled);
    }

    /**
     * Wraps {@code text} to {@code width} columns at spaces: the first line after
     * {@code first}, the rest after {@code rest}. A word longer than a line stays whole.
     */
    public static List<String> wrap(String text, int width, String first, String rest) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder(first);
        int lineStart = first.length();
        for (String word : text.split(" ")) {
            if (word.isEmpty()) {
                line.append(' ');
                continue;
            }
            boolean empty = line.length() == lineStart;
            if (!empty && line.length() + 1 + word.length() > width) {
                out.add(line.toString().stripTrailing());
                line = new StringBuilder(rest);
                lineStart = rest.length();
                empty = true;
            }
            if (!empty) {
                line.append(' ');
            }
            line.append(word);
        }
        out.add(line.toString().stripTrailing());
        return out;
    }

    // ------------------------------------------------------------------ TCB

    /** The table {@code show} prints for one connection, one variable per line. */
    public static List<String> tcb(Tcb t) {
        List<String> out = new ArrayList<>();
        out.add("state    " + t.state().rfcName());
        row(out, "SND.UNA", t.sndUna());
        row(out, "SND.NXT", t.sndNxt());
        row(out, "SND.WND", t.sndWnd());
        row(out, "SND.UP", t.sndUp());
        row(out, "SND.WL1", t.sndWl1());
        row(out, "SND.WL2", t.sndWl2());
        row(out, "ISS", t.iss());
        row(out, "RCV.NXT", t.rcvNxt());
        row(out, "RCV.WND", t.rcvWnd());
        row(out, "RCV.UP", t.rcvUp());
        row(out, "IRS", t.irs());
        out.add("options  mss " + t.sendMss() + " (eff " + t.effectiveMss() + ")"
                + (t.sndShift() < 0 ? "" : ", wscale " + t.sndShift() + "/" + t.rcvShift())
                + (t.timestamps() ? ", ts" : "") + (t.sack() ? ", sack" : ""));
        return out;
    }

    /**
     * The sender's congestion state for {@code show}: algorithm and phase (RFC 5681 slow start,
     * congestion avoidance, fast recovery; RFC 6675 SACK recovery), cwnd, ssthresh and the
     * bytes in flight. An ssthresh still at its initial "arbitrarily high" value
     * (RFC 5681 §3.1) prints as {@code unlimited}.
     */
    public static String congestion(CongestionSnapshot k) {
        String ssthresh = k.ssthresh() >= Integer.MAX_VALUE ? "unlimited" : k.ssthresh() + " bytes";
        return "cc       " + k.algorithm() + ", " + k.phase() + ": cwnd " + k.cwnd() + " bytes, ssthresh " + ssthresh
                + ", in flight " + k.flightSize() + " bytes";
    }

    private static void row(List<String> out, String name, long v) {
        out.add(String.format("%-8s %s", name, v < 0 ? "-" : Long.toString(v)));
    }
}
