package dev.tcpstep.codec;

import dev.tcpstep.codec.internal.Field;
import dev.tcpstep.codec.internal.Layout;
import dev.tcpstep.codec.internal.Source;

import java.util.ArrayList;
import java.util.List;

/**
 * Hex dumps: {@link #plain} is the classic offset / 16 hex bytes / ASCII layout;
 * {@link #annotated} starts a new row at every field boundary and labels the field
 * with its name and value, so a reader can match every byte to its meaning.
 */
public final class HexDump {
    private static final int ROW = 16;

    private HexDump() {
    }

    /**
     * {@code 0000  45 00 00 3c ...  E..<...} rows of 16 bytes.
     *
     * @param bytes the bytes
     * @return the rows, each ending in a newline
     */
    public static String plain(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bytes.length; i += ROW) {
            row(sb, bytes, i, Math.min(ROW, bytes.length - i), null);
        }
        return sb.toString();
    }

    /**
     * One row per field (long fields continue on following rows): offset, hex, ASCII, then
     * the field's name and value. Decodes leniently; anomalies are listed at the end. Bytes
     * that cannot be decoded at all are dumped plainly after a line saying why.
     *
     * @param packet the IP packet's bytes
     * @return the annotated rows, each ending in a newline
     */
    public static String annotated(byte[] packet) {
        Source s = new Source().set(packet, 0, packet.length);
        Layout l = new Layout();
        List<Anomaly> anomalies = new ArrayList<>();
        Decoded d;
        try {
            l.parse(s, anomalies);
            d = new Decoded(dev.tcpstep.codec.internal.Reader.segment(s, l), anomalies);
        } catch (MalformedPacketException e) {
            return "cannot decode: " + e.getMessage() + "\n" + plain(packet);
        }
        List<Span> spans = spans(d.segment(), l, packet.length);
        StringBuilder sb = new StringBuilder();
        for (Span sp : spans) {
            for (int i = 0; i < sp.length; i += ROW) {
                row(sb, packet, sp.offset + i, Math.min(ROW, sp.length - i), i == 0 ? sp.label : "");
            }
        }
        for (Anomaly a : d.anomalies()) {
            sb.append("! ").append(a).append('\n');
        }
        return sb.toString();
    }

    private record Span(int offset, int length, String label) {
    }

    private static List<Span> spans(Segment s, Layout l, int total) {
        List<Span> out = new ArrayList<>();
        if (s.ip() instanceof IpHeader.V4 v4) {
            out.add(new Span(Field.Ip4.VERSION_IHL, 1, "IPv4 version 4, header length " + l.ipHeaderLength + " bytes"));
            out.add(new Span(Field.Ip4.TOS, 1, "DSCP " + v4.dscp() + ", ECN " + v4.ecn()));
            out.add(new Span(Field.Ip4.TOTAL_LENGTH, 2, "total length " + v4.totalLength()));
            out.add(new Span(Field.Ip4.IDENTIFICATION, 2, "identification " + v4.identification()));
            out.add(new Span(Field.Ip4.FLAGS_FRAGMENT, 2, "flags" + (v4.dontFragment() ? " DF" : "") + (v4.moreFragments() ? " MF" : "")
                    + ", fragment offset " + v4.fragmentOffset()));
            out.add(new Span(Field.Ip4.TTL, 1, "TTL " + v4.ttl()));
            out.add(new Span(Field.Ip4.PROTOCOL, 1, "protocol 6 (TCP)"));
            out.add(new Span(Field.Ip4.CHECKSUM, 2, String.format("header checksum 0x%04x (%s)", v4.headerChecksum(),
                    Boolean.TRUE.equals(v4.headerChecksumValid()) ? "correct" : "incorrect")));
            out.add(new Span(Field.Ip4.SRC, Field.Ip4.ADDRESS, "source " + TcpdumpFormat.address(v4.src())));
            out.add(new Span(Field.Ip4.DST, Field.Ip4.ADDRESS, "destination " + TcpdumpFormat.address(v4.dst())));
            if (v4.options().length() > 0) {
                out.add(new Span(Field.Ip4.MIN_HEADER, v4.options().length(), "IPv4 options"));
            }
        } else {
            IpHeader.V6 v6 = (IpHeader.V6) s.ip();
            out.add(new Span(Field.Ip6.VERSION_CLASS_FLOW, 4, "IPv6 version 6, traffic class " + v6.trafficClass() + ", flow label " + v6.flowLabel()));
            out.add(new Span(Field.Ip6.PAYLOAD_LENGTH, 2, "payload length " + v6.payloadLength()));
            out.add(new Span(Field.Ip6.NEXT_HEADER, 1, "next header"));
            out.add(new Span(Field.Ip6.HOP_LIMIT, 1, "hop limit " + v6.hopLimit()));
            out.add(new Span(Field.Ip6.SRC, Field.Ip6.ADDRESS, "source " + TcpdumpFormat.address(v6.src())));
            out.add(new Span(Field.Ip6.DST, Field.Ip6.ADDRESS, "destination " + TcpdumpFormat.address(v6.dst())));
            int pos = Field.Ip6.HEADER;
            for (IpHeader.ExtensionHeader e : v6.extensions()) {
                out.add(new Span(pos, e.bytes().length(), "extension header type " + e.type()));
                pos += e.bytes().length();
            }
        }
        int t = l.tcp;
        out.add(new Span(t + Field.Tcp.SRC_PORT, 2, "source port " + s.srcPort()));
        out.add(new Span(t + Field.Tcp.DST_PORT, 2, "destination port " + s.dstPort()));
        out.add(new Span(t + Field.Tcp.SEQ, 4, "sequence number " + s.seq()));
        out.add(new Span(t + Field.Tcp.ACK, 4, "acknowledgment number " + s.ack()));
        out.add(new Span(t + Field.Tcp.DATA_OFFSET, 1, "data offset " + s.dataOffsetWords() + " words, reserved " + s.reserved()));
        out.add(new Span(t + Field.Tcp.FLAGS, 1, "flags [" + s.flags().tcpdump() + "] " + s.flags()));
        out.add(new Span(t + Field.Tcp.WINDOW, 2, "window " + s.window()));
        String verdict = s.checksumValid() == null ? "unknown"
                : s.checksumValid() ? "correct" : s.checksumLooksOffloaded() ? "incorrect, likely offload" : "incorrect";
        out.add(new Span(t + Field.Tcp.CHECKSUM, 2, String.format("checksum 0x%04x (%s)", s.checksum(), verdict)));
        out.add(new Span(t + Field.Tcp.URGENT, 2, "urgent pointer " + s.urgentPointer()));
        int pos = t + Field.Tcp.OPTIONS;
        for (TcpOption o : s.options()) {
            out.add(new Span(pos, o.wireLength(), "option " + optionLabel(o)));
            pos += o.wireLength();
        }
        int headerEnd = t + l.tcpHeaderLength;
        if (pos < headerEnd) {
            out.add(new Span(pos, headerEnd - pos, "unparsed option bytes"));
        }
        if (s.payload().length() > 0) {
            out.add(new Span(headerEnd, s.payload().length(), "payload (" + s.payload().length() + " bytes)"));
        }
        int end = headerEnd + s.payload().length();
        if (end < total) {
            out.add(new Span(end, total - end, "after the IP packet (link padding)"));
        }
        return out;
    }

    private static String optionLabel(TcpOption o) {
        return switch (o) {
            case TcpOption.EndOfList e -> "eol" + (e.trailing().length() > 0 ? " + padding" : "");
            case TcpOption.Nop n -> "nop";
            case TcpOption.Mss m -> "mss " + m.value();
            case TcpOption.WindowScale w -> "wscale " + w.shift();
            case TcpOption.SackPermitted p -> "sackOK";
            case TcpOption.Sack sack -> "sack " + sack.blocks().size() + " blocks";
            case TcpOption.Timestamps ts -> "TS val " + ts.value() + " ecr " + ts.echoReply();
            case TcpOption.Md5Signature m -> "md5";
            case TcpOption.Unknown u -> "kind " + u.kind();
        };
    }

    private static void row(StringBuilder sb, byte[] b, int off, int n, String label) {
        sb.append(String.format("%04x  ", off));
        for (int i = 0; i < ROW; i++) {
            if (i < n) {
                sb.append(Character.forDigit((b[off + i] >> 4) & 0xF, 16)).append(Character.forDigit(b[off + i] & 0xF, 16));
            } else {
                sb.append("  ");
            }
            sb.append(i == 7 ? "  " : " ");
        }
        sb.append(' ');
        for (int i = 0; i < ROW; i++) {
            if (i < n) {
                int c = b[off + i] & 0xFF;
                sb.append(c >= 0x20 && c < 0x7F ? (char) c : '.');
            } else if (label != null) {
                sb.append(' ');
            }
        }
        if (label != null && !label.isEmpty()) {
            sb.append("  ").append(label);
        }
        // Trailing spaces only pad for a label; strip them from unlabelled rows.
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == ' ') {
            end--;
        }
        sb.setLength(end);
        sb.append('\n');
    }
}
