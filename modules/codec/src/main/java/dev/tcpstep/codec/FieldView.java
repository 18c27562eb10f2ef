package dev.tcpstep.codec;

import dev.tcpstep.codec.internal.Text;

import java.util.List;

/**
 * A multi-line, indented account of every field, like Wireshark's packet detail pane:
 * one heading per layer, one line per field, checksums with their verdict and, for a
 * checksum left unfinished by offload, that likely cause.
 */
public final class FieldView {
    private static final String IN = "    ";
    private static final String IN2 = IN + IN;

    private FieldView() {
    }

    /**
     * Every field of a segment, one per line, with its byte offset and value.
     *
     * @param s the segment
     * @return the lines, each ending in a newline
     */
    public static String render(Segment s) {
        return render(s, List.of());
    }

    /**
     * A lenient decode's segment followed by its anomalies.
     *
     * @param d the lenient decode
     * @return the lines, each ending in a newline
     */
    public static String render(Decoded d) {
        return render(d.segment(), d.anomalies());
    }

    /**
     * Every field of a segment, then the anomalies met decoding it.
     *
     * @param s         the segment
     * @param anomalies what was wrong with the packet (empty for none)
     * @return the lines, each ending in a newline
     */
    public static String render(Segment s, List<Anomaly> anomalies) {
        StringBuilder sb = new StringBuilder(1024);
        byte[] wire = SegmentCodec.encode(s);
        Segment recomputed = SegmentCodec.decodeLenient(SegmentCodec.encode(s.toBuilder().recompute().build())).segment();
        if (s.ip() instanceof IpHeader.V4 v4) {
            ipv4(sb, v4, wire, recomputed);
        } else {
            ipv6(sb, (IpHeader.V6) s.ip(), wire);
        }
        tcp(sb, s, recomputed);
        if (!anomalies.isEmpty()) {
            sb.append("Anomalies (").append(anomalies.size()).append(")\n");
            for (Anomaly a : anomalies) {
                sb.append(IN).append(a).append('\n');
            }
        }
        return sb.toString();
    }

    private static void ipv4(StringBuilder sb, IpHeader.V4 v4, byte[] wire, Segment recomputed) {
        int ihl = 5 + v4.options().length() / 4;
        sb.append("Internet Protocol Version 4, Src: ").append(Text.address(v4.src()))
                .append(", Dst: ").append(Text.address(v4.dst())).append('\n');
        line(sb, "0100 .... = Version: 4");
        line(sb, ".... " + bits(ihl, 4) + " = Header Length: " + ihl * 4 + " bytes (" + ihl + ")");
        line(sb, String.format("Differentiated Services Field: 0x%02x (DSCP: %d, ECN: %s)",
                v4.dscp() << 2 | v4.ecn(), v4.dscp(), ecn(v4.ecn())));
        line(sb, "Total Length: " + dev.tcpstep.codec.internal.Wire.u16(wire, dev.tcpstep.codec.internal.Field.Ip4.TOTAL_LENGTH));
        line(sb, String.format("Identification: 0x%04x (%d)", v4.identification(), v4.identification()));
        int flags = (v4.dontFragment() ? 2 : 0) | (v4.moreFragments() ? 1 : 0);
        line(sb, "Flags: 0x" + flags + (v4.dontFragment() ? ", Don't fragment" : "")
                + (v4.moreFragments() ? ", More fragments" : ""));
        line(sb, "Fragment Offset: " + v4.fragmentOffset());
        line(sb, "Time to Live: " + v4.ttl());
        line(sb, "Protocol: TCP (6)");
        int checksum = dev.tcpstep.codec.internal.Wire.u16(wire, dev.tcpstep.codec.internal.Field.Ip4.CHECKSUM);
        int good = ((IpHeader.V4) recomputed.ip()).headerChecksum();
        line(sb, String.format("Header Checksum: 0x%04x ", checksum)
                + (checksum == good ? "[correct]" : String.format("[incorrect, should be 0x%04x]", good)));
        line(sb, "Source Address: " + Text.address(v4.src()));
        line(sb, "Destination Address: " + Text.address(v4.dst()));
        if (v4.options().length() > 0) {
            line(sb, "Options: (" + v4.options().length() + " bytes) " + v4.options().hex());
        }
    }

    private static void ipv6(StringBuilder sb, IpHeader.V6 v6, byte[] wire) {
        sb.append("Internet Protocol Version 6, Src: ").append(Text.address(v6.src()))
                .append(", Dst: ").append(Text.address(v6.dst())).append('\n');
        line(sb, "0110 .... = Version: 6");
        line(sb, String.format("Traffic Class: 0x%02x (DSCP: %d, ECN: %s)", v6.trafficClass(),
                v6.trafficClass() >>> 2, ecn(v6.trafficClass() & 3)));
        line(sb, String.format("Flow Label: 0x%05x", v6.flowLabel()));
        line(sb, "Payload Length: " + dev.tcpstep.codec.internal.Wire.u16(wire, dev.tcpstep.codec.internal.Field.Ip6.PAYLOAD_LENGTH));
        int first = v6.extensions().isEmpty() ? 6 : v6.extensions().get(0).type();
        line(sb, "Next Header: " + nextHeaderName(first) + " (" + first + ")");
        line(sb, "Hop Limit: " + v6.hopLimit());
        line(sb, "Source Address: " + Text.address(v6.src()));
        line(sb, "Destination Address: " + Text.address(v6.dst()));
        List<IpHeader.ExtensionHeader> ext = v6.extensions();
        for (int i = 0; i < ext.size(); i++) {
            IpHeader.ExtensionHeader e = ext.get(i);
            int next = i + 1 < ext.size() ? ext.get(i + 1).type() : 6;
            line(sb, "IPv6 " + nextHeaderName(e.type()) + " (" + e.bytes().length() + " bytes)");
            sb.append(IN2).append("Next Header: ").append(nextHeaderName(next)).append(" (").append(next).append(")\n");
            sb.append(IN2).append("Bytes: ").append(e.bytes().hex()).append('\n');
        }
    }

    private static String nextHeaderName(int type) {
        return switch (type) {
            case 0 -> "Hop-by-Hop Options";
            case 6 -> "TCP";
            case 43 -> "Routing";
            case 44 -> "Fragment";
            case 60 -> "Destination Options";
            default -> "Unknown";
        };
    }

    private static String ecn(int ecn) {
        return switch (ecn) {
            case 0 -> "Not-ECT";
            case 1 -> "ECT(1)";
            case 2 -> "ECT(0)";
            default -> "CE";
        };
    }

    private static void tcp(StringBuilder sb, Segment s, Segment recomputed) {
        int header = s.dataOffsetWords() != null ? s.dataOffsetWords() * 4 : SegmentCodec.tcpHeaderLength(s);
        sb.append("Transmission Control Protocol, Src Port: ").append(s.srcPort()).append(", Dst Port: ")
                .append(s.dstPort()).append(", Seq: ").append(s.seq());
        if (s.flags().ack()) {
            sb.append(", Ack: ").append(s.ack());
        }
        sb.append(", Len: ").append(s.payload().length()).append('\n');
        line(sb, "Source Port: " + s.srcPort());
        line(sb, "Destination Port: " + s.dstPort());
        line(sb, "Sequence Number: " + s.seq());
        line(sb, "Acknowledgment Number: " + s.ack() + (s.flags().ack() ? "" : " (ACK not set: not meaningful)"));
        line(sb, bits(header / 4, 4) + " .... = Header Length: " + header + " bytes (" + header / 4 + ")");
        line(sb, "Reserved: " + bits(s.reserved(), 4));
        line(sb, String.format("Flags: 0x%03x (%s)", s.flags().bits(), s.flags()));
        String[] names = {"Congestion Window Reduced (CWR)", "ECN-Echo", "Urgent", "Acknowledgment", "Push",
                "Reset", "Syn", "Fin"};
        for (int i = 0; i < 8; i++) {
            int bit = 0x80 >>> i;
            char[] pattern = "........".toCharArray();
            pattern[i] = (s.flags().bits() & bit) != 0 ? '1' : '0';
            String p = new String(pattern);
            sb.append(IN2).append(p, 0, 4).append(' ').append(p, 4, 8).append(" = ").append(names[i]).append(": ")
                    .append((s.flags().bits() & bit) != 0 ? "Set" : "Not set").append('\n');
        }
        line(sb, "Window: " + s.window());
        int good = recomputed.checksum();
        int actual = s.checksum() != null ? s.checksum() : good;
        String verdict;
        if (actual == good) {
            verdict = "[correct]";
        } else if (s.checksumLooksOffloaded()) {
            verdict = String.format("[incorrect, should be 0x%04x (likely checksum offload: the field holds only "
                    + "the pseudo-header sum, as Linux leaves it for the device to finish)]", good);
        } else {
            verdict = String.format("[incorrect, should be 0x%04x]", good);
        }
        line(sb, String.format("Checksum: 0x%04x ", actual) + verdict);
        line(sb, "Urgent Pointer: " + s.urgentPointer());
        if (!s.options().isEmpty()) {
            line(sb, "Options: (" + s.optionsLength() + " bytes)");
            for (TcpOption o : s.options()) {
                sb.append(IN2).append(option(o)).append('\n');
            }
        }
        line(sb, "TCP payload (" + s.payload().length() + " bytes)");
    }

    private static String option(TcpOption o) {
        return switch (o) {
            case TcpOption.EndOfList e -> "End of Option List (EOL)"
                    + (e.trailing().length() > 0 ? ", then " + e.trailing().length() + " bytes of padding" : "");
            case TcpOption.Nop n -> "No-Operation (NOP)";
            case TcpOption.Mss m -> "Maximum segment size: " + m.value() + " bytes";
            case TcpOption.WindowScale w -> "Window scale: " + w.shift() + " (multiply by " + (1L << w.effectiveShift())
                    + ")" + (w.shift() > 14 ? " (above 14: a receiver uses 14, RFC 7323 §2.3)" : "");
            case TcpOption.SackPermitted p -> "SACK permitted";
            case TcpOption.Sack sack -> {
                StringBuilder b = new StringBuilder("SACK:");
                for (TcpOption.SackBlock bl : sack.blocks()) {
                    b.append(' ').append(bl.left()).append('-').append(bl.right());
                }
                yield b.toString();
            }
            case TcpOption.Timestamps ts -> "Timestamps: TSval " + ts.value() + ", TSecr " + ts.echoReply();
            case TcpOption.Md5Signature md5 -> "TCP MD5 signature: " + md5.digest().hex();
            case TcpOption.Unknown u -> "Unknown option (kind " + u.kind() + ", " + u.wireLength() + " bytes)"
                    + (u.data().length() > 0 ? ": " + u.data().hex() : "");
        };
    }

    private static String bits(int v, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = n - 1; i >= 0; i--) {
            b.append((v >>> i & 1) == 1 ? '1' : '0');
        }
        return b.toString();
    }

    private static void line(StringBuilder sb, String text) {
        sb.append(IN).append(text).append('\n');
    }
}
