package dev.tcpstep.codec.internal;

import dev.tcpstep.codec.Anomaly;
import dev.tcpstep.codec.Anomaly.Reason;
import dev.tcpstep.codec.MalformedPacketException;
import dev.tcpstep.codec.TcpOption;

import java.util.List;

/**
 * The one parse path: checks an IP packet carrying TCP and finds where everything is.
 * Strict when {@code anomalies} is null (the first problem throws), lenient otherwise
 * (recoverable problems are listed and parsing goes on with a safe choice; problems that
 * leave nothing to decode still throw). Allocates nothing unless a problem is found.
 *
 * <p>Offsets are relative to the first byte of the IP header.
 */
public final class Layout {
    public int version;
    /** IP header length: IPv4 IHL × 4, or 40 plus the IPv6 extension headers. */
    public int ipHeaderLength;
    /** Number of IPv6 extension headers. */
    public int extensionCount;
    /** Where the IP packet ends (its length, or the bytes present when it is truncated). */
    public int end;
    /** True when the IP length said more than the bytes present (lenient only). */
    public boolean truncated;
    /** True when the IPv4 reserved flag was set (lenient only; the record cannot hold it). */
    public boolean reservedFlag;
    public int tcp;
    public int tcpLength;
    /** TCP header length in use: data offset × 4, or what lenient decoding settled on. */
    public int tcpHeaderLength;
    /** Where option parsing stopped (normally {@code tcp + tcpHeaderLength}). */
    public int optionsEnd;
    /** The folded sum of the pseudo-header (RFC 9293 §3.1, RFC 8200 §8.1). */
    public int pseudoHeaderSum;
    /** IPv4: true when the header checksum verifies (strict parsing throws when it does not). */
    public boolean ipv4ChecksumValid;

    private List<Anomaly> anomalies;

    /** Parses strictly: returns normally or throws {@link MalformedPacketException}. */
    public void parse(Source s) {
        parse(s, null);
    }

    public void parse(Source s, List<Anomaly> sink) {
        this.anomalies = sink;
        this.truncated = false;
        this.reservedFlag = false;
        this.extensionCount = 0;
        int len = s.length();
        if (len < 1) {
            fatal(Reason.TRUNCATED, "IP version", 0, "0 bytes", "at least 1 byte");
        }
        version = s.u8(Field.Ip4.VERSION_IHL) >>> 4;
        if (version == 4) {
            ipv4(s, len);
        } else if (version == 6) {
            ipv6(s, len);
        } else {
            fatal(Reason.MALFORMED, "IP version", 0, String.valueOf(version), "4 or 6");
        }
        tcp(s);
    }

    private void ipv4(Source s, int len) {
        if (len < Field.Ip4.MIN_HEADER) {
            fatal(Reason.TRUNCATED, "IPv4 header", 0, len + " bytes", "at least 20 bytes");
        }
        int ihl = s.u8(Field.Ip4.VERSION_IHL) & 0x0F;
        // RFC 791 §3.1: "Note that the minimum value for a correct header is 5."
        if (ihl < 5) {
            fatal(Reason.MALFORMED, "IPv4 header length", 0, ihl + " words", "5..15");
        }
        ipHeaderLength = ihl * 4;
        if (ipHeaderLength > len) {
            fatal(Reason.TRUNCATED, "IPv4 header length", 0, ihl + " words (" + ipHeaderLength + " bytes)",
                    "at most " + len + " bytes present");
        }
        // RFC 791 §3.1: "Total Length is the length of the datagram, measured in octets,
        // including internet header and data."
        int total = s.u16(Field.Ip4.TOTAL_LENGTH);
        if (total < ipHeaderLength) {
            problem(Reason.MALFORMED, "IPv4 total length", Field.Ip4.TOTAL_LENGTH, total + " bytes",
                    ipHeaderLength + "..65535 (at least the header length)");
            end = len;
        } else if (total > len) {
            problem(Reason.TRUNCATED, "IPv4 total length", Field.Ip4.TOTAL_LENGTH, total + " bytes",
                    "at most " + len + " (bytes present)");
            end = len;
            truncated = true;
        } else {
            // Bytes after Total Length are link-layer padding (Ethernet pads to 60 bytes).
            end = total;
        }
        int flagsFragment = s.u16(Field.Ip4.FLAGS_FRAGMENT);
        // RFC 791 §3.1: "Bit 0: reserved, must be zero".
        if ((flagsFragment & Field.Ip4.FLAG_RESERVED) != 0) {
            problem(Reason.MALFORMED, "IPv4 reserved flag", Field.Ip4.FLAGS_FRAGMENT, "1", "0");
            reservedFlag = true;
        }
        int offset = flagsFragment & Field.Ip4.FRAGMENT_MASK;
        boolean more = (flagsFragment & Field.Ip4.FLAG_MF) != 0;
        if (more || offset != 0) {
            fatal(Reason.UNSUPPORTED, "IPv4 fragment", Field.Ip4.FLAGS_FRAGMENT,
                    "offset " + offset + (more ? " with MF" : ""), "an unfragmented packet (offset 0, MF clear)");
        }
        int protocol = s.u8(Field.Ip4.PROTOCOL);
        if (protocol != Field.Tcp.PROTOCOL) {
            fatal(Reason.UNSUPPORTED, "IPv4 protocol", Field.Ip4.PROTOCOL, String.valueOf(protocol), "6 (TCP)");
        }
        // RFC 1122 §3.2.1.2 (MUST): "A host MUST verify the IP header checksum on every
        // received datagram and silently discard every datagram that has a bad checksum."
        // RFC 791 §3.1: "For purposes of computing the checksum, the value of the checksum
        // field is zero." Checked after the header's own fields, so a field that is
        // impossible on its own is the one named.
        ipv4ChecksumValid = s.sum(0, ipHeaderLength) == 0xFFFF;
        if (!ipv4ChecksumValid) {
            int found = s.u16(Field.Ip4.CHECKSUM);
            problem(Reason.MALFORMED, "IPv4 header checksum", Field.Ip4.CHECKSUM, hex4(found),
                    hex4(ipv4HeaderChecksum(s, ipHeaderLength)) + " (the header sums to all ones)");
        }
        tcp = ipHeaderLength;
        tcpLength = end - tcp;
        // RFC 9293 §3.1: the pseudo-header holds the source and destination addresses, a zero
        // byte, the protocol number and the TCP length.
        if (tcpLength >= 0) {
            pseudoHeaderSum = fold(s.sum(Field.Ip4.SRC, 2 * Field.Ip4.ADDRESS) + Field.Tcp.PROTOCOL + tcpLength);
        }
    }

    private void ipv6(Source s, int len) {
        if (len < Field.Ip6.HEADER) {
            fatal(Reason.TRUNCATED, "IPv6 header", 0, len + " bytes", "at least 40 bytes");
        }
        int payloadLength = s.u16(Field.Ip6.PAYLOAD_LENGTH);
        // RFC 8200 §3: Payload Length is "the rest of the packet following this IPv6 header";
        // zero means a Jumbo Payload (RFC 2675), which this codec does not decode.
        if (payloadLength == 0) {
            fatal(Reason.UNSUPPORTED, "IPv6 payload length", Field.Ip6.PAYLOAD_LENGTH, "0 (jumbogram)",
                    "1..65535");
        }
        if (Field.Ip6.HEADER + payloadLength > len) {
            problem(Reason.TRUNCATED, "IPv6 payload length", Field.Ip6.PAYLOAD_LENGTH, payloadLength + " bytes",
                    "at most " + (len - Field.Ip6.HEADER) + " (bytes present)");
            end = len;
            truncated = true;
        } else {
            end = Field.Ip6.HEADER + payloadLength;
        }
        int next = s.u8(Field.Ip6.NEXT_HEADER);
        int nextAt = Field.Ip6.NEXT_HEADER;
        int pos = Field.Ip6.HEADER;
        while (isExtension(next)) {
            // RFC 8200 §4.3: "The Hop-by-Hop Options header, when present, must immediately
            // follow the IPv6 header."
            if (next == Field.Ip6.HOP_BY_HOP && pos != Field.Ip6.HEADER) {
                fatal(Reason.MALFORMED, "IPv6 next header", nextAt, "0 (Hop-by-Hop) after an extension header",
                        "Hop-by-Hop only directly after the IPv6 header");
            }
            if (pos + Field.Ip6.EXT_UNIT > end) {
                fatal(Reason.TRUNCATED, "IPv6 extension header", pos, (end - pos) + " bytes", "at least 8 bytes");
            }
            // RFC 8200 §4.4-4.6: Hdr Ext Len is "in 8-octet units, not including the first
            // 8 octets"; the Fragment header (§4.5) is always 8 octets.
            int extLength = next == Field.Ip6.FRAGMENT
                    ? Field.Ip6.FRAGMENT_HEADER
                    : (s.u8(pos + Field.Ip6.EXT_LENGTH) + 1) * Field.Ip6.EXT_UNIT;
            if (pos + extLength > end) {
                fatal(Reason.TRUNCATED, "IPv6 extension header length", pos + Field.Ip6.EXT_LENGTH,
                        extLength + " bytes", "at most " + (end - pos) + " (bytes left in the payload)");
            }
            if (next == Field.Ip6.FRAGMENT) {
                int offsetFlags = s.u16(pos + Field.Ip6.FRAGMENT_OFFSET_FLAGS);
                int offset = offsetFlags >>> 3;
                boolean more = (offsetFlags & 1) != 0;
                if (offset != 0 || more) {
                    fatal(Reason.UNSUPPORTED, "IPv6 fragment", pos + Field.Ip6.FRAGMENT_OFFSET_FLAGS,
                            "offset " + offset + (more ? " with M" : ""),
                            "an atomic fragment (offset 0, M clear)");
                }
            }
            extensionCount++;
            nextAt = pos + Field.Ip6.EXT_NEXT_HEADER;
            next = s.u8(nextAt);
            pos += extLength;
        }
        if (next != Field.Tcp.PROTOCOL) {
            fatal(Reason.UNSUPPORTED, "IPv6 next header", nextAt, String.valueOf(next),
                    "6 (TCP) or an extension header (0, 43, 44, 60)");
        }
        ipHeaderLength = pos;
        tcp = pos;
        tcpLength = end - pos;
        // RFC 8200 §8.1: the pseudo-header holds the addresses, the 32-bit upper-layer packet
        // length and the next header value (6). With a Routing header the final destination
        // belongs there; this codec uses the Destination Address as it stands (documented).
        pseudoHeaderSum = fold(s.sum(Field.Ip6.SRC, 2 * Field.Ip6.ADDRESS) + Field.Tcp.PROTOCOL + tcpLength);
    }

    /** The header checksum an IPv4 header of {@code length} bytes should carry: its own field read as zero. */
    public static int ipv4HeaderChecksum(Source s, int length) {
        int sum = 0;
        for (int i = 0; i < length; i += 2) {
            if (i != Field.Ip4.CHECKSUM) {
                sum += s.u16(i);
            }
        }
        return ~fold(sum) & 0xFFFF;
    }

    private static String hex4(int v) {
        return String.format("0x%04x", v);
    }

    public static boolean isExtension(int next) {
        return next == Field.Ip6.HOP_BY_HOP || next == Field.Ip6.ROUTING || next == Field.Ip6.FRAGMENT
                || next == Field.Ip6.DESTINATION_OPTIONS;
    }

    private void tcp(Source s) {
        int t = tcp;
        if (tcpLength < Field.Tcp.MIN_HEADER) {
            fatal(Reason.TRUNCATED, "TCP header", t, Math.max(tcpLength, 0) + " bytes", "at least 20 bytes");
        }
        int dataOffset = s.u8(t + Field.Tcp.DATA_OFFSET) >>> 4;
        // RFC 9293 §3.1: "Data Offset (DOffset): 4 bits. The number of 32-bit words in the
        // TCP header. This indicates where the data begins." The fixed header is 5 words.
        if (dataOffset < Field.Tcp.MIN_DATA_OFFSET) {
            problem(Reason.MALFORMED, "data offset", t + Field.Tcp.DATA_OFFSET, dataOffset + " words", "5..15");
            tcpHeaderLength = Field.Tcp.MIN_HEADER;
        } else if (dataOffset * 4 > tcpLength) {
            problem(truncated ? Reason.TRUNCATED : Reason.MALFORMED, "data offset", t + Field.Tcp.DATA_OFFSET,
                    dataOffset + " words (" + dataOffset * 4 + " bytes)",
                    "5.." + Math.min(15, tcpLength / 4) + " (the segment has " + tcpLength + " bytes)");
            tcpHeaderLength = tcpLength & ~3;
        } else {
            tcpHeaderLength = dataOffset * 4;
        }
        options(s, t + Field.Tcp.OPTIONS, t + tcpHeaderLength);
    }

    private void options(Source s, int from, int to) {
        int i = from;
        while (i < to) {
            int kind = s.u8(i);
            // RFC 9293 §3.2: "This option code indicates the end of the option list. This
            // might not coincide with the end of the TCP header according to the Data Offset
            // field." What follows it is kept as padding.
            if (kind == TcpOption.KIND_EOL) {
                i = to;
                break;
            }
            // RFC 9293 §3.2: "This option code can be used between options" (one byte, no length).
            if (kind == TcpOption.KIND_NOP) {
                i++;
                continue;
            }
            // RFC 9293 §3.2: "Case 2: An octet of option-kind (Kind), an octet of option-length,
            // and the actual option-data octets."
            if (i + 1 >= to) {
                problem(Reason.MALFORMED, "option " + optionName(kind) + " length", i + 1, "missing",
                        "a length byte before the end of the header at byte " + to);
                break;
            }
            int length = s.u8(i + Field.Tcp.OPT_LENGTH);
            if (length < 2) {
                problem(Reason.MALFORMED, "option " + optionName(kind) + " length", i + 1, String.valueOf(length),
                        "at least 2");
                break;
            }
            if (i + length > to) {
                problem(Reason.MALFORMED, "option " + optionName(kind) + " length", i + 1, String.valueOf(length),
                        "at most " + (to - i) + " (bytes left in the header)");
                break;
            }
            // A known kind with a wrong length is malformed (STYLE.md: match on kind and length).
            String expected = expectedLength(kind, length);
            if (expected != null) {
                problem(Reason.MALFORMED, "option " + optionName(kind) + " length", i + 1, String.valueOf(length),
                        expected);
            }
            i += length;
        }
        optionsEnd = i;
    }

    /** Null when {@code length} is right for {@code kind} (or the kind is not one we know), else what is expected. */
    public static String expectedLength(int kind, int length) {
        return switch (kind) {
            // RFC 9293 §3.2: "Maximum Segment Size ... Kind: 2 ... Length: 4 bytes".
            case TcpOption.KIND_MSS -> length == Field.Tcp.OPT_MSS_LENGTH ? null : "4";
            // RFC 7323 §2.2: Window Scale "Kind: 3 Length: 3 bytes".
            case TcpOption.KIND_WSCALE -> length == Field.Tcp.OPT_WSCALE_LENGTH ? null : "3";
            // RFC 2018 §2: "Kind: 4 Length: 2".
            case TcpOption.KIND_SACK_PERMITTED -> length == Field.Tcp.OPT_SACK_PERMITTED_LENGTH ? null : "2";
            // RFC 2018 §3: "Kind: 5 Length: Variable" — 2 plus 8 per block; "a SACK option that
            // specifies n blocks will have a length of 8*n+2 bytes".
            case TcpOption.KIND_SACK -> length >= 10 && (length - 2) % Field.Tcp.OPT_SACK_BLOCK == 0
                    ? null : "10, 18, 26 or 34 (2 + 8 per block)";
            // RFC 7323 §3.2: Timestamps "Kind: 8 Length: 10 bytes".
            case TcpOption.KIND_TIMESTAMPS -> length == Field.Tcp.OPT_TIMESTAMPS_LENGTH ? null : "10";
            // RFC 2385 §3.0: "Kind: 19 Length: 18 bytes".
            case TcpOption.KIND_MD5 -> length == Field.Tcp.OPT_MD5_LENGTH ? null : "18";
            default -> null;
        };
    }

    public static String optionName(int kind) {
        return switch (kind) {
            case TcpOption.KIND_EOL -> "eol";
            case TcpOption.KIND_NOP -> "nop";
            case TcpOption.KIND_MSS -> "mss";
            case TcpOption.KIND_WSCALE -> "wscale";
            case TcpOption.KIND_SACK_PERMITTED -> "sackOK";
            case TcpOption.KIND_SACK -> "sack";
            case TcpOption.KIND_TIMESTAMPS -> "ts";
            case TcpOption.KIND_MD5 -> "md5";
            default -> "kind " + kind;
        };
    }

    private void problem(Reason reason, String field, int offset, String found, String expected) {
        Anomaly a = new Anomaly(reason, field, offset, found, expected);
        if (anomalies == null) {
            throw new MalformedPacketException(a);
        }
        anomalies.add(a);
    }

    private static void fatal(Reason reason, String field, int offset, String found, String expected) {
        throw new MalformedPacketException(new Anomaly(reason, field, offset, found, expected));
    }

    private static int fold(int s) {
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return s;
    }
}
