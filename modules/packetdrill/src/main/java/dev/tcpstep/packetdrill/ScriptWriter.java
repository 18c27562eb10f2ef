package dev.tcpstep.packetdrill;

import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.TcpOption;
import dev.tcpstep.link.TraceEntry;
import dev.tcpstep.statemachine.State;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A session as a packetdrill script: a pure function over a {@link TraceEntry trace}. One
 * endpoint becomes the system under test (its user calls are the system calls, what it
 * sent the outbound {@code >} lines); the other is the script (what reached the system
 * under test is the inbound {@code <} lines, at the time it arrived).
 *
 * <p>As packetdrill numbers them: the system under test's sequence numbers are relative to
 * its ISN, the script's to its own. Outbound lines leave {@code win} out (every stack picks
 * its own window) and keep the options. Calls: {@code listen} becomes socket/bind/listen
 * (and {@code accept} once the connection is established), {@code connect} a non-blocking
 * connect, {@code write}/{@code read} with their byte counts, {@code close}, and
 * {@code abort} SO_LINGER {1, 0} then close. The ports go into {@code --bind_port} and
 * {@code --connect_port}. A session on IPv6 or with a listener on one port and a
 * connection on another writes what it can and says so in a comment.
 */
public final class ScriptWriter {
    private static final Pattern BYTES = Pattern.compile(", (\\d+) bytes$");

    private ScriptWriter() {
    }

    /**
     * Writes the script.
     *
     * @param trace    the session's entries, in order
     * @param local    the endpoint to run as the system under test (e.g. {@code server})
     * @param title    a first comment line (e.g. where the session came from)
     */
    public static String write(List<TraceEntry> trace, String local, String title) {
        StringBuilder out = new StringBuilder();
        out.append("// ").append(title).append('\n');
        out.append("// Written by tcpstep: ").append(local).append(" is the system under test.\n");
        Long localIsn = null;
        Long remoteIsn = null;
        Integer localPort = null;
        Integer remotePort = null;
        for (TraceEntry e : trace) {
            if (e instanceof TraceEntry.Sent s && s.segment().flags().syn()) {
                if (s.from().equals(local) && localIsn == null) {
                    localIsn = s.segment().seq();
                    localPort = s.segment().srcPort();
                    remotePort = s.segment().dstPort();
                } else if (!s.from().equals(local) && remoteIsn == null) {
                    remoteIsn = s.segment().seq();
                    remotePort = s.segment().srcPort();
                    localPort = s.segment().dstPort();
                }
            }
        }
        boolean passive = false;
        for (TraceEntry e : trace) {
            if (e instanceof TraceEntry.Call c && c.endpoint().equals(local) && c.call().startsWith("listen ")) {
                passive = true;
                localPort = Integer.parseInt(c.call().substring(7).trim());
            }
        }
        StringBuilder body = new StringBuilder();
        long last = Long.MIN_VALUE;
        int fd = 3;
        boolean accepted = false;
        long lIsn = localIsn == null ? 0 : localIsn;
        long rIsn = remoteIsn == null ? 0 : remoteIsn;
        for (TraceEntry e : trace) {
            List<String> lines = new ArrayList<>();
            switch (e) {
                case TraceEntry.Call c when c.endpoint().equals(local) -> {
                    String call = c.call();
                    if (call.startsWith("listen ")) {
                        lines.add("socket(..., SOCK_STREAM, IPPROTO_TCP) = 3");
                        lines.add("setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0");
                        lines.add("bind(3, ..., ...) = 0");
                        lines.add("listen(3, 1) = 0");
                    } else if (call.startsWith("connect ")) {
                        lines.add("socket(..., SOCK_STREAM, IPPROTO_TCP) = 3");
                        lines.add("fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0");
                        lines.add("connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)");
                    } else if (!c.result().startsWith("ok")) {
                        lines.add("// " + call + ": " + c.result() + " (not written)");
                    } else if (call.startsWith("write ")) {
                        int n = Integer.parseInt(call.split(" ")[1]);
                        lines.add("write(" + fd + ", ..., " + n + ") = " + n);
                    } else if (call.startsWith("read")) {
                        Matcher m = BYTES.matcher(c.result());
                        int n = m.find() ? Integer.parseInt(m.group(1)) : 0;
                        String[] w = call.split(" ");
                        int max = w.length > 1 ? Integer.parseInt(w[1]) : Math.max(n, 1);
                        lines.add("read(" + fd + ", ..., " + max + ") = " + n);
                    } else if (call.equals("close")) {
                        lines.add("close(" + fd + ") = 0");
                    } else if (call.equals("abort")) {
                        lines.add("setsockopt(" + fd + ", SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0");
                        lines.add("close(" + fd + ") = 0");
                    } else {
                        lines.add("// " + call + " (no system call for it)");
                    }
                }
                case TraceEntry.Sent s when s.from().equals(local) ->
                        lines.add("> " + packet(s.segment(), lIsn, rIsn, false));
                case TraceEntry.Delivered d when d.to().equals(local) ->
                        lines.add("< " + packet(d.segment(), rIsn, lIsn, true));
                case TraceEntry.Endpoint ev when ev.event().endpoint().equals(local) && ev.event().transition()
                        && ev.event().to() == State.ESTABLISHED -> {
                    if (passive && !accepted) {
                        accepted = true;
                        fd = 4;
                        lines.add("accept(3, ..., ...) = 4");
                    }
                }
                default -> {
                }
            }
            for (String l : lines) {
                if (l.startsWith("//")) {
                    body.append(l).append('\n');
                    continue;
                }
                String time = last == Long.MIN_VALUE ? "0" : "+" + seconds(e.time() - last);
                last = e.time();
                body.append(String.format(Locale.ROOT, "%-9s %s%n", time, l));
            }
        }
        if (localPort != null && localPort != Runner.BIND_PORT) {
            out.append(passive ? "--bind_port=" : "// local port ").append(localPort).append('\n');
        }
        if (!passive && remotePort != null && remotePort != Runner.BIND_PORT) {
            out.append("--connect_port=").append(remotePort).append('\n');
        }
        out.append('\n').append(body);
        return out.toString();
    }

    /** One segment in packetdrill's notation; {@code own} and {@code peer} are the ISNs its numbers count from. */
    private static String packet(Segment s, long own, long peer, boolean inbound) {
        long seq = (s.seq() - own) & 0xFFFF_FFFFL;
        int len = s.payload().length();
        StringBuilder sb = new StringBuilder(Runner.letters(s.flags())).append(' ').append(seq).append(':')
                .append((seq + len) & 0xFFFF_FFFFL).append('(').append(len).append(')');
        if (s.flags().ack()) {
            sb.append(" ack ").append((s.ack() - peer) & 0xFFFF_FFFFL);
        }
        if (inbound) {
            sb.append(" win ").append(s.window());
        }
        if (s.flags().urg()) {
            sb.append(" urg ").append(s.urgentPointer());
        }
        List<String> opts = new ArrayList<>();
        for (TcpOption o : s.options()) {
            switch (o) {
                case TcpOption.Nop n -> opts.add("nop");
                case TcpOption.EndOfList n -> opts.add("eol");
                case TcpOption.Mss m -> opts.add("mss " + m.value());
                case TcpOption.WindowScale w -> opts.add("wscale " + w.shift());
                case TcpOption.SackPermitted p -> opts.add("sackOK");
                case TcpOption.Timestamps t -> opts.add("TS val " + t.value() + " ecr " + t.echoReply());
                case TcpOption.Sack k -> {
                    StringBuilder b = new StringBuilder("sack");
                    for (TcpOption.SackBlock blk : k.blocks()) {
                        b.append(' ').append((blk.left() - peer) & 0xFFFF_FFFFL).append(':')
                                .append((blk.right() - peer) & 0xFFFF_FFFFL);
                    }
                    opts.add(b.toString());
                }
                default -> opts.add(null); // MD5 or unknown: packetdrill has no literal for it here
            }
        }
        if (opts.contains(null)) {
            if (!inbound) {
                return sb.append(" <...>").toString();
            }
            opts.removeIf(java.util.Objects::isNull);
        }
        if (!opts.isEmpty()) {
            sb.append(" <").append(String.join(",", opts)).append('>');
        }
        return sb.toString();
    }

    private static String seconds(long nanos) {
        long micros = Math.max(0, nanos / 1000);
        return Script.Timing.seconds(micros);
    }
}
