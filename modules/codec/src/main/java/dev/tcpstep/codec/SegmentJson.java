package dev.tcpstep.codec;

import dev.tcpstep.codec.internal.Text;

/**
 * One JSON object per segment, for {@code tcpstep decode --json}: fields {@code frame},
 * {@code time}, {@code ipVersion}, {@code src}, {@code dst}, {@code ttl}, {@code ipLength},
 * {@code srcPort}, {@code dstPort}, {@code seq}, {@code ack}, {@code dataOffset} (bytes),
 * {@code flags} (CWR ECE URG ACK PSH RST SYN FIN order), {@code window}, {@code checksum}
 * (4 lowercase hex digits), {@code checksumValid}, {@code urgentPointer}, {@code options}
 * (wire order) and {@code payloadLength}. Written by hand: the codec depends on nothing
 * outside the JDK.
 */
public final class SegmentJson {
    private SegmentJson() {
    }

    /**
     * The object for one segment. {@code time} is seconds as a decimal number (for example
     * {@code 1700000000.123456}), written as a JSON number.
     *
     * @param frame the packet's number in its file
     * @param time  seconds since the epoch as a decimal number, e.g. {@code 1700000000.123456}
     * @param s     the segment
     * @return one JSON object on one line
     */
    public static String segment(int frame, String time, Segment s) {
        StringBuilder sb = new StringBuilder(384);
        sb.append("{\"frame\":").append(frame);
        sb.append(",\"time\":").append(time);
        sb.append(",\"ipVersion\":").append(s.ip().version());
        sb.append(",\"src\":");
        string(sb, Text.address(s.src()));
        sb.append(",\"dst\":");
        string(sb, Text.address(s.dst()));
        sb.append(",\"ttl\":").append(s.ip().ttl());
        sb.append(",\"ipLength\":").append(ipLength(s));
        sb.append(",\"srcPort\":").append(s.srcPort());
        sb.append(",\"dstPort\":").append(s.dstPort());
        sb.append(",\"seq\":").append(s.seq());
        sb.append(",\"ack\":").append(s.ack());
        sb.append(",\"dataOffset\":").append(s.dataOffsetWords() != null
                ? s.dataOffsetWords() * 4 : SegmentCodec.tcpHeaderLength(s));
        sb.append(",\"flags\":[");
        boolean first = true;
        for (String name : s.flags().names()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            string(sb, name);
        }
        sb.append(']');
        sb.append(",\"window\":").append(s.window());
        sb.append(",\"checksum\":\"").append(String.format("%04x", checksum(s))).append('"');
        sb.append(",\"checksumValid\":").append(s.checksumValid());
        sb.append(",\"urgentPointer\":").append(s.urgentPointer());
        sb.append(",\"options\":[");
        first = true;
        for (TcpOption o : s.options()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            option(sb, o);
        }
        sb.append(']');
        sb.append(",\"payloadLength\":").append(s.payload().length());
        return sb.append('}').toString();
    }

    /**
     * {@code {"frame":N,"error":"...","field":"...","offset":K}} for a packet that did not decode.
     *
     * @param frame the packet's number in its file
     * @param e     why it did not decode
     * @return one JSON object on one line
     */
    public static String error(int frame, MalformedPacketException e) {
        StringBuilder sb = new StringBuilder(160);
        sb.append("{\"frame\":").append(frame).append(",\"error\":");
        string(sb, e.getMessage());
        sb.append(",\"field\":");
        string(sb, e.field());
        sb.append(",\"offset\":").append(e.offset()).append('}');
        return sb.toString();
    }

    private static int ipLength(Segment s) {
        if (s.ip() instanceof IpHeader.V4 v4) {
            return v4.totalLength() != null ? v4.totalLength() : SegmentCodec.encodedLength(s);
        }
        IpHeader.V6 v6 = (IpHeader.V6) s.ip();
        return v6.payloadLength() != null ? v6.payloadLength() + 40 : SegmentCodec.encodedLength(s);
    }

    private static int checksum(Segment s) {
        if (s.checksum() != null) {
            return s.checksum();
        }
        byte[] b = SegmentCodec.encode(s);
        return SegmentCodec.decode(b).checksum();
    }

    private static void option(StringBuilder sb, TcpOption o) {
        switch (o) {
            case TcpOption.Mss m -> sb.append("{\"kind\":\"mss\",\"value\":").append(m.value()).append('}');
            case TcpOption.WindowScale w -> sb.append("{\"kind\":\"wscale\",\"shift\":").append(w.shift()).append('}');
            case TcpOption.SackPermitted p -> sb.append("{\"kind\":\"sackOK\"}");
            case TcpOption.Sack sack -> {
                sb.append("{\"kind\":\"sack\",\"blocks\":[");
                for (int i = 0; i < sack.blocks().size(); i++) {
                    TcpOption.SackBlock b = sack.blocks().get(i);
                    sb.append(i == 0 ? "" : ",").append('[').append(b.left()).append(',').append(b.right()).append(']');
                }
                sb.append("]}");
            }
            case TcpOption.Timestamps ts -> sb.append("{\"kind\":\"ts\",\"val\":").append(ts.value())
                    .append(",\"ecr\":").append(ts.echoReply()).append('}');
            case TcpOption.Nop n -> sb.append("{\"kind\":\"nop\"}");
            case TcpOption.EndOfList e -> sb.append("{\"kind\":\"eol\"}");
            case TcpOption.Md5Signature md5 -> sb.append("{\"kind\":\"md5\",\"data\":\"").append(md5.digest().hex()).append("\"}");
            case TcpOption.Unknown u -> sb.append("{\"kind\":\"unknown\",\"code\":").append(u.kind())
                    .append(",\"data\":\"").append(u.data().hex()).append("\"}");
        }
    }

    /**
     * {@code v} as a JSON string literal (RFC 8259 §7 escapes); {@code null} for null.
     *
     * @param v the text, or null
     * @return the literal, quotes included
     */
    public static String quote(String v) {
        if (v == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(v.length() + 2);
        string(sb, v);
        return sb.toString();
    }

    /** Appends {@code v} as a JSON string (RFC 8259 §7 escapes). */
    static void string(StringBuilder sb, String v) {
        sb.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
