package dev.tcpstep.codec.internal;

import dev.tcpstep.codec.IpHeader;
import dev.tcpstep.codec.Payload;
import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.TcpFlags;
import dev.tcpstep.codec.TcpOption;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Builds the {@link Segment} record from bytes a {@link Layout} has checked. */
public final class Reader {
    private Reader() {
    }

    public static Segment segment(Source s, Layout l) {
        return segment(s, l, false);
    }

    /**
     * The record; with {@code shareArray} the payload is a slice of the source's array
     * (the caller owns that array and has handed it over), otherwise a copy.
     */
    public static Segment segment(Source s, Layout l, boolean shareArray) {
        IpHeader ip = l.version == 4 ? ipv4(s, l) : ipv6(s, l);
        int t = l.tcp;
        int doffByte = s.u8(t + Field.Tcp.DATA_OFFSET);
        List<TcpOption> options = options(s, t + Field.Tcp.OPTIONS, t + l.tcpHeaderLength, l.optionsEnd);
        int payloadStart = t + l.tcpHeaderLength;
        Payload payload = payload(s, payloadStart, l.end - payloadStart, shareArray);
        // RFC 9293 §3.1: "The checksum field is the 16-bit ones' complement of the ones'
        // complement sum of all 16-bit words in the header and text." A receiver's sum over
        // the pseudo-header and the whole segment, checksum included, is all ones.
        Boolean valid = l.truncated ? null : add(l.pseudoHeaderSum, s.sum(t, l.tcpLength)) == 0xFFFF;
        return new Segment(ip, s.u16(t + Field.Tcp.SRC_PORT), s.u16(t + Field.Tcp.DST_PORT),
                s.u32(t + Field.Tcp.SEQ), s.u32(t + Field.Tcp.ACK), flags(s.u8(t + Field.Tcp.FLAGS)),
                doffByte & 0x0F, s.u16(t + Field.Tcp.WINDOW), s.u16(t + Field.Tcp.URGENT), options, payload,
                doffByte >>> 4, s.u16(t + Field.Tcp.CHECKSUM), valid);
    }

    /**
     * What strict decoding of {@code encoded} (which {@code Encoder} wrote from {@code sent})
     * returns, built from {@code sent} without parsing; null when {@code sent} holds anything
     * the encoder writes as-is and the decoder might read back differently or reject: forced
     * lengths, data offset or checksums, IPv4 fragment fields, IPv6 extension headers,
     * options that need padding or are not canonical records.
     */
    public static Segment fromEncoded(Segment sent, byte[] encoded) {
        if (sent.dataOffsetWords() != null || sent.checksum() != null || !canonicalOptions(sent.options())) {
            return null;
        }
        IpHeader received;
        int ipHeader;
        if (sent.ip() instanceof IpHeader.V4 v4) {
            if (v4.totalLength() != null || v4.headerChecksum() != null || v4.moreFragments()
                    || v4.fragmentOffset() != 0) {
                return null;
            }
            ipHeader = Field.Ip4.MIN_HEADER + v4.options().length();
            received = new IpHeader.V4(v4.src(), v4.dst(), v4.dscp(), v4.ecn(), v4.identification(),
                    v4.dontFragment(), false, 0, v4.ttl(), v4.options(), encoded.length,
                    Wire.u16(encoded, Field.Ip4.CHECKSUM), Boolean.TRUE);
        } else {
            IpHeader.V6 v6 = (IpHeader.V6) sent.ip();
            if (v6.payloadLength() != null || !v6.extensions().isEmpty()) {
                return null;
            }
            ipHeader = Field.Ip6.HEADER;
            received = new IpHeader.V6(v6.src(), v6.dst(), v6.trafficClass(), v6.flowLabel(), v6.hopLimit(),
                    List.of(), encoded.length - Field.Ip6.HEADER);
        }
        int tcpHeader = Field.Tcp.MIN_HEADER + sent.optionsLength();
        return new Segment(received, sent.srcPort(), sent.dstPort(), sent.seq(), sent.ack(), sent.flags(),
                sent.reserved(), sent.window(), sent.urgentPointer(), sent.options(), sent.payload(),
                tcpHeader / 4, Wire.u16(encoded, ipHeader + Field.Tcp.CHECKSUM), Boolean.TRUE);
    }

    /** Options that fill whole words and that the decoder reads back as equal records. */
    private static boolean canonicalOptions(List<TcpOption> options) {
        int length = 0;
        for (TcpOption o : options) {
            if (!(o instanceof TcpOption.Mss || o instanceof TcpOption.WindowScale || o instanceof TcpOption.Nop
                    || o instanceof TcpOption.SackPermitted || o instanceof TcpOption.Timestamps
                    || o instanceof TcpOption.Sack || o instanceof TcpOption.Md5Signature)) {
                return false;
            }
            length += o.wireLength();
        }
        return (length & 3) == 0;
    }

    private static TcpFlags flags(int bits) {
        return TcpFlags.of(bits);
    }

    private static Payload payload(Source s, int from, int length, boolean shareArray) {
        if (length <= 0) {
            return Payload.EMPTY;
        }
        if (shareArray && s.array() != null) {
            return Payload.wrapOwned(s.array(), s.base() + from, length);
        }
        return Payload.wrapOwned(s.copy(from, length));
    }

    private static IpHeader.V4 ipv4(Source s, Layout l) {
        int tos = s.u8(Field.Ip4.TOS);
        int ff = s.u16(Field.Ip4.FLAGS_FRAGMENT);
        // RFC 791 §3.1: the header checksum "is verified ... at each point that the internet
        // header is processed": Layout summed the header, checksum included (all ones = valid).
        boolean valid = l.ipv4ChecksumValid;
        TcpOption.Bytes options = l.ipHeaderLength == Field.Ip4.MIN_HEADER
                ? TcpOption.Bytes.EMPTY
                : new TcpOption.Bytes(s.copy(Field.Ip4.MIN_HEADER, l.ipHeaderLength - Field.Ip4.MIN_HEADER));
        return new IpHeader.V4(address4(s, Field.Ip4.SRC), address4(s, Field.Ip4.DST), tos >>> 2, tos & 3,
                s.u16(Field.Ip4.IDENTIFICATION), (ff & Field.Ip4.FLAG_DF) != 0, (ff & Field.Ip4.FLAG_MF) != 0,
                ff & Field.Ip4.FRAGMENT_MASK, s.u8(Field.Ip4.TTL), options, s.u16(Field.Ip4.TOTAL_LENGTH),
                s.u16(Field.Ip4.CHECKSUM), valid);
    }

    private static IpHeader.V6 ipv6(Source s, Layout l) {
        long first = s.u32(Field.Ip6.VERSION_CLASS_FLOW);
        List<IpHeader.ExtensionHeader> extensions = List.of();
        if (l.extensionCount > 0) {
            extensions = new ArrayList<>(l.extensionCount);
            int next = s.u8(Field.Ip6.NEXT_HEADER);
            int pos = Field.Ip6.HEADER;
            for (int k = 0; k < l.extensionCount; k++) {
                int len = next == Field.Ip6.FRAGMENT
                        ? Field.Ip6.FRAGMENT_HEADER
                        : (s.u8(pos + Field.Ip6.EXT_LENGTH) + 1) * Field.Ip6.EXT_UNIT;
                extensions.add(new IpHeader.ExtensionHeader(next, new TcpOption.Bytes(s.copy(pos, len))));
                next = s.u8(pos + Field.Ip6.EXT_NEXT_HEADER);
                pos += len;
            }
        }
        return new IpHeader.V6(address6(s, Field.Ip6.SRC), address6(s, Field.Ip6.DST), (int) (first >>> 20) & 0xFF,
                (int) first & 0xFFFFF, s.u8(Field.Ip6.HOP_LIMIT), extensions, s.u16(Field.Ip6.PAYLOAD_LENGTH));
    }

    static List<TcpOption> options(Source s, int from, int to, int parsedTo) {
        if (from >= to) {
            return List.of();
        }
        TcpOption[] out = new TcpOption[count(s, from, parsedTo)];
        int n = 0;
        int i = from;
        while (i < parsedTo) {
            int kind = s.u8(i);
            if (kind == TcpOption.KIND_EOL) {
                out[n++] = i + 1 == to ? EOL : new TcpOption.EndOfList(new TcpOption.Bytes(s.copy(i + 1, to - i - 1)));
                break;
            }
            if (kind == TcpOption.KIND_NOP) {
                out[n++] = NOP;
                i++;
                continue;
            }
            int length = s.u8(i + Field.Tcp.OPT_LENGTH);
            int d = i + Field.Tcp.OPT_DATA;
            if (Layout.expectedLength(kind, length) != null) {
                // Lenient decoding only (strict threw): keep the bytes, by kind, as Unknown.
                out[n++] = new TcpOption.Unknown(kind, new TcpOption.Bytes(s.copy(d, length - 2)));
                i += length;
                continue;
            }
            out[n++] = switch (kind) {
                case TcpOption.KIND_MSS -> new TcpOption.Mss(s.u16(d));
                case TcpOption.KIND_WSCALE -> new TcpOption.WindowScale(s.u8(d));
                case TcpOption.KIND_SACK_PERMITTED -> SACK_PERMITTED;
                case TcpOption.KIND_SACK -> {
                    int count = (length - 2) / Field.Tcp.OPT_SACK_BLOCK;
                    TcpOption.SackBlock[] blocks = new TcpOption.SackBlock[count];
                    for (int b = 0; b < count; b++) {
                        int at = d + b * Field.Tcp.OPT_SACK_BLOCK;
                        blocks[b] = new TcpOption.SackBlock(s.u32(at), s.u32(at + 4));
                    }
                    yield new TcpOption.Sack(List.of(blocks));
                }
                case TcpOption.KIND_TIMESTAMPS -> new TcpOption.Timestamps(s.u32(d), s.u32(d + 4));
                case TcpOption.KIND_MD5 -> new TcpOption.Md5Signature(new TcpOption.Bytes(s.copy(d, length - 2)));
                default -> new TcpOption.Unknown(kind, new TcpOption.Bytes(s.copy(d, length - 2)));
            };
            i += length;
        }
        // Immutable lists, which Segment's List.copyOf keeps without copying again.
        return switch (n) {
            case 0 -> List.of();
            case 1 -> List.of(out[0]);
            case 2 -> List.of(out[0], out[1]);
            default -> List.of(out);
        };
    }

    /** How many options the walk will produce (a Layout has checked the lengths). */
    private static int count(Source s, int from, int parsedTo) {
        int n = 0;
        int i = from;
        while (i < parsedTo) {
            int kind = s.u8(i);
            n++;
            if (kind == TcpOption.KIND_EOL) {
                break;
            }
            i += kind == TcpOption.KIND_NOP ? 1 : s.u8(i + Field.Tcp.OPT_LENGTH);
        }
        return n;
    }

    private static final TcpOption.EndOfList EOL = new TcpOption.EndOfList();
    private static final TcpOption.Nop NOP = new TcpOption.Nop();
    private static final TcpOption.SackPermitted SACK_PERMITTED = new TcpOption.SackPermitted();

    /** One remembered address; a record so that publishing it through the array is safe. */
    private record Cached4(int bits, Inet4Address address) {
    }

    /**
     * Recently decoded IPv4 addresses. A simulation or a capture talks between a handful of
     * hosts, so most decodes find both addresses here instead of building two
     * {@code Inet4Address}es. Racy by design: a slot is one immutable record, replaced whole,
     * so a reader sees either a complete entry or another one (whose bits then differ).
     */
    private static final Cached4[] ADDRESSES4 = new Cached4[64];

    private static Inet4Address address4(Source s, int at) {
        int bits = (int) s.u32(at);
        int slot = (bits ^ (bits >>> 7) ^ (bits >>> 17)) & (ADDRESSES4.length - 1);
        Cached4 c = ADDRESSES4[slot];
        if (c != null && c.bits == bits) {
            return c.address;
        }
        Inet4Address a = newAddress4(s, at);
        ADDRESSES4[slot] = new Cached4(bits, a);
        return a;
    }

    private static Inet4Address newAddress4(Source s, int at) {
        byte[] b = new byte[Field.Ip4.ADDRESS];
        s.copy(at, b, 0, b.length);
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static Inet6Address address6(Source s, int at) {
        byte[] b = new byte[Field.Ip6.ADDRESS];
        s.copy(at, b, 0, b.length);
        try {
            // getByAddress turns an IPv4-mapped address into an Inet4Address; this one does not.
            return Inet6Address.getByAddress(null, b, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static int add(int a, int b) {
        int s = a + b;
        return (s & 0xFFFF) + (s >>> 16);
    }
}
