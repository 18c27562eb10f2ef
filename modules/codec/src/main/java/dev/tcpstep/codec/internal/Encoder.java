package dev.tcpstep.codec.internal;

import dev.tcpstep.checksum.InternetChecksum;
import dev.tcpstep.codec.IpHeader;
import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.TcpOption;

import java.util.List;

/**
 * Writes a {@link Segment} as an IP packet. Fills in whatever the record leaves null: the
 * TCP data offset and padding, the IPv4 total length or IPv6 payload length, the IPv4
 * header checksum and the TCP checksum. Values the record sets are written as they are,
 * so a user can craft a wrong checksum or data offset on purpose.
 */
public final class Encoder {
    private Encoder() {
    }

    public static int length(Segment s) {
        return ipHeaderLength(s.ip()) + tcpHeaderLength(s) + s.payload().length();
    }

    public static int ipHeaderLength(IpHeader ip) {
        if (ip instanceof IpHeader.V4 v4) {
            return Field.Ip4.MIN_HEADER + v4.options().length();
        }
        IpHeader.V6 v6 = (IpHeader.V6) ip;
        int n = Field.Ip6.HEADER;
        for (IpHeader.ExtensionHeader e : v6.extensions()) {
            n += e.bytes().length();
        }
        return n;
    }

    /** 20 plus the options padded to a 32-bit boundary, or more when a larger data offset is forced. */
    public static int tcpHeaderLength(Segment s) {
        int options = s.optionsLength();
        // RFC 9293 §3.1: "The TCP header (even one including options) is an integer multiple
        // of 32 bits long" and at most 15 words: 40 bytes of options.
        if (options > Field.Tcp.MAX_OPTIONS) {
            throw new IllegalArgumentException("options take " + options + " bytes (expected: 0..40)");
        }
        int natural = Field.Tcp.MIN_HEADER + ((options + 3) & ~3);
        Integer forced = s.dataOffsetWords();
        return forced != null && forced * 4 > natural ? forced * 4 : natural;
    }

    public static byte[] encode(Segment s) {
        byte[] out = new byte[length(s)];
        encode(s, out, 0);
        return out;
    }

    /** Writes at {@code off}; returns the number of bytes written. */
    public static int encode(Segment s, byte[] a, int off) {
        int tcpHeader = tcpHeaderLength(s);
        int tcpLength = tcpHeader + s.payload().length();
        int ipHeader = ipHeaderLength(s.ip());
        int total = ipHeader + tcpLength;
        java.util.Objects.checkFromIndexSize(off, total, a.length);
        int pseudo;
        if (s.ip() instanceof IpHeader.V4 v4) {
            if (total > 0xFFFF && v4.totalLength() == null) {
                throw new IllegalArgumentException("IPv4 packet of " + total + " bytes (expected: at most 65535)");
            }
            writeV4(v4, a, off, ipHeader, total);
            pseudo = fold(InternetChecksum.sum(a, off + Field.Ip4.SRC, 2 * Field.Ip4.ADDRESS)
                    + Field.Tcp.PROTOCOL + tcpLength);
        } else {
            IpHeader.V6 v6 = (IpHeader.V6) s.ip();
            int payloadLength = total - Field.Ip6.HEADER;
            if (payloadLength > 0xFFFF && v6.payloadLength() == null) {
                throw new IllegalArgumentException("IPv6 payload of " + payloadLength + " bytes (expected: at most 65535)");
            }
            writeV6(v6, a, off, payloadLength);
            pseudo = fold(InternetChecksum.sum(a, off + Field.Ip6.SRC, 2 * Field.Ip6.ADDRESS)
                    + Field.Tcp.PROTOCOL + (tcpLength >>> 16) + (tcpLength & 0xFFFF));
        }
        int t = off + ipHeader;
        writeTcp(s, a, t, tcpHeader);
        s.payload().copyTo(a, t + tcpHeader);
        Integer checksum = s.checksum();
        Wire.put16(a, t + Field.Tcp.CHECKSUM, checksum != null
                ? checksum
                : InternetChecksum.checksum(pseudo, a, t, tcpLength));
        return total;
    }

    private static void writeV4(IpHeader.V4 v4, byte[] a, int o, int headerLength, int total) {
        Wire.put8(a, o + Field.Ip4.VERSION_IHL, 4 << 4 | headerLength / 4);
        Wire.put8(a, o + Field.Ip4.TOS, v4.dscp() << 2 | v4.ecn());
        Wire.put16(a, o + Field.Ip4.TOTAL_LENGTH, v4.totalLength() != null ? v4.totalLength() : total);
        Wire.put16(a, o + Field.Ip4.IDENTIFICATION, v4.identification());
        Wire.put16(a, o + Field.Ip4.FLAGS_FRAGMENT, (v4.dontFragment() ? Field.Ip4.FLAG_DF : 0)
                | (v4.moreFragments() ? Field.Ip4.FLAG_MF : 0) | v4.fragmentOffset());
        Wire.put8(a, o + Field.Ip4.TTL, v4.ttl());
        Wire.put8(a, o + Field.Ip4.PROTOCOL, Field.Tcp.PROTOCOL);
        Wire.put16(a, o + Field.Ip4.CHECKSUM, 0);
        System.arraycopy(v4.src().getAddress(), 0, a, o + Field.Ip4.SRC, Field.Ip4.ADDRESS);
        System.arraycopy(v4.dst().getAddress(), 0, a, o + Field.Ip4.DST, Field.Ip4.ADDRESS);
        if (v4.options().length() > 0) {
            System.arraycopy(v4.options().value(), 0, a, o + Field.Ip4.MIN_HEADER, v4.options().length());
        }
        // RFC 791 §3.1: "The checksum field is the 16 bit one's complement of the one's
        // complement sum of all 16 bit words in the header."
        Wire.put16(a, o + Field.Ip4.CHECKSUM, v4.headerChecksum() != null
                ? v4.headerChecksum()
                : InternetChecksum.checksum(a, o, headerLength));
    }

    private static void writeV6(IpHeader.V6 v6, byte[] a, int o, int payloadLength) {
        Wire.put32(a, o + Field.Ip6.VERSION_CLASS_FLOW, 6L << 28 | (long) v6.trafficClass() << 20 | v6.flowLabel());
        Wire.put16(a, o + Field.Ip6.PAYLOAD_LENGTH, v6.payloadLength() != null ? v6.payloadLength() : payloadLength);
        List<IpHeader.ExtensionHeader> ext = v6.extensions();
        Wire.put8(a, o + Field.Ip6.NEXT_HEADER, ext.isEmpty() ? Field.Tcp.PROTOCOL : ext.get(0).type());
        Wire.put8(a, o + Field.Ip6.HOP_LIMIT, v6.hopLimit());
        System.arraycopy(v6.src().getAddress(), 0, a, o + Field.Ip6.SRC, Field.Ip6.ADDRESS);
        System.arraycopy(v6.dst().getAddress(), 0, a, o + Field.Ip6.DST, Field.Ip6.ADDRESS);
        int pos = o + Field.Ip6.HEADER;
        for (int k = 0; k < ext.size(); k++) {
            byte[] b = ext.get(k).bytes().value();
            System.arraycopy(b, 0, a, pos, b.length);
            // RFC 8200 §4.2: each extension header's Next Header "identifies the type of header
            // immediately following"; the chain is written from the list's order.
            if (b.length > 0) {
                Wire.put8(a, pos + Field.Ip6.EXT_NEXT_HEADER, k + 1 < ext.size() ? ext.get(k + 1).type() : Field.Tcp.PROTOCOL);
            }
            pos += b.length;
        }
    }

    private static void writeTcp(Segment s, byte[] a, int t, int headerLength) {
        Wire.put16(a, t + Field.Tcp.SRC_PORT, s.srcPort());
        Wire.put16(a, t + Field.Tcp.DST_PORT, s.dstPort());
        Wire.put32(a, t + Field.Tcp.SEQ, s.seq());
        Wire.put32(a, t + Field.Tcp.ACK, s.ack());
        int words = s.dataOffsetWords() != null ? s.dataOffsetWords() : headerLength / 4;
        Wire.put8(a, t + Field.Tcp.DATA_OFFSET, words << 4 | s.reserved());
        Wire.put8(a, t + Field.Tcp.FLAGS, s.flags().bits());
        Wire.put16(a, t + Field.Tcp.WINDOW, s.window());
        Wire.put16(a, t + Field.Tcp.CHECKSUM, 0);
        Wire.put16(a, t + Field.Tcp.URGENT, s.urgentPointer());
        int i = t + Field.Tcp.OPTIONS;
        for (TcpOption o : s.options()) {
            i = writeOption(o, a, i);
        }
        // RFC 9293 §3.1: "The TCP header padding is used to ensure that the TCP header ends,
        // and data begins, on a 32-bit boundary. The padding is composed of zeros."
        java.util.Arrays.fill(a, i, t + headerLength, (byte) 0);
    }

    private static int writeOption(TcpOption o, byte[] a, int i) {
        switch (o) {
            case TcpOption.EndOfList e -> {
                a[i] = (byte) TcpOption.KIND_EOL;
                if (e.trailing().length() > 0) {
                    System.arraycopy(e.trailing().value(), 0, a, i + 1, e.trailing().length());
                }
            }
            case TcpOption.Nop n -> a[i] = (byte) TcpOption.KIND_NOP;
            case TcpOption.Mss m -> {
                head(a, i, TcpOption.KIND_MSS, 4);
                Wire.put16(a, i + Field.Tcp.OPT_DATA, m.value());
            }
            case TcpOption.WindowScale w -> {
                head(a, i, TcpOption.KIND_WSCALE, 3);
                a[i + Field.Tcp.OPT_DATA] = (byte) w.shift();
            }
            case TcpOption.SackPermitted p -> head(a, i, TcpOption.KIND_SACK_PERMITTED, 2);
            case TcpOption.Sack sack -> {
                head(a, i, TcpOption.KIND_SACK, sack.wireLength());
                int at = i + Field.Tcp.OPT_DATA;
                for (TcpOption.SackBlock b : sack.blocks()) {
                    Wire.put32(a, at, b.left());
                    Wire.put32(a, at + 4, b.right());
                    at += Field.Tcp.OPT_SACK_BLOCK;
                }
            }
            case TcpOption.Timestamps ts -> {
                head(a, i, TcpOption.KIND_TIMESTAMPS, 10);
                Wire.put32(a, i + Field.Tcp.OPT_DATA, ts.value());
                Wire.put32(a, i + Field.Tcp.OPT_DATA + 4, ts.echoReply());
            }
            case TcpOption.Md5Signature md5 -> {
                head(a, i, TcpOption.KIND_MD5, 18);
                System.arraycopy(md5.digest().value(), 0, a, i + Field.Tcp.OPT_DATA, 16);
            }
            case TcpOption.Unknown u -> {
                head(a, i, u.kind(), u.wireLength());
                System.arraycopy(u.data().value(), 0, a, i + Field.Tcp.OPT_DATA, u.data().length());
            }
        }
        return i + o.wireLength();
    }

    private static void head(byte[] a, int i, int kind, int length) {
        a[i + Field.Tcp.OPT_KIND] = (byte) kind;
        a[i + Field.Tcp.OPT_LENGTH] = (byte) length;
    }

    private static int fold(int s) {
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return s;
    }
}
