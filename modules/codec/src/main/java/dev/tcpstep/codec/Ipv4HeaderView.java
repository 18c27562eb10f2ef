package dev.tcpstep.codec;

import dev.tcpstep.codec.internal.Field;
import dev.tcpstep.codec.internal.Layout;
import dev.tcpstep.codec.internal.Source;

/** The IPv4 header (RFC 791 §3.1) of a {@link PacketView}. Accessors allocate nothing. */
public final class Ipv4HeaderView {
    private final Source s;
    private final Layout l;

    Ipv4HeaderView(Source s, Layout l) {
        this.s = s;
        this.l = l;
    }

    /** {@return the version field (4 for a valid IPv4 header)} */
    public int version() { return s.u8(Field.Ip4.VERSION_IHL) >>> 4; }
    /** {@return the IHL field: the header length in 32-bit words} */
    public int ihl() { return s.u8(Field.Ip4.VERSION_IHL) & 0x0F; }
    /** {@return the header length in bytes} */
    public int headerLength() { return l.ipHeaderLength; }
    /** {@return the differentiated services code point, 0..63} */
    public int dscp() { return s.u8(Field.Ip4.TOS) >>> 2; }
    /** {@return the ECN bits, 0..3} */
    public int ecn() { return s.u8(Field.Ip4.TOS) & 3; }
    /** {@return the total length field} */
    public int totalLength() { return s.u16(Field.Ip4.TOTAL_LENGTH); }
    /** {@return the identification field} */
    public int identification() { return s.u16(Field.Ip4.IDENTIFICATION); }
    /** {@return the DF flag} */
    public boolean dontFragment() { return (s.u16(Field.Ip4.FLAGS_FRAGMENT) & Field.Ip4.FLAG_DF) != 0; }
    /** {@return the MF flag} */
    public boolean moreFragments() { return (s.u16(Field.Ip4.FLAGS_FRAGMENT) & Field.Ip4.FLAG_MF) != 0; }
    /** {@return the fragment offset in 8-byte units} */
    public int fragmentOffset() { return s.u16(Field.Ip4.FLAGS_FRAGMENT) & Field.Ip4.FRAGMENT_MASK; }
    /** {@return the time to live} */
    public int ttl() { return s.u8(Field.Ip4.TTL); }
    /** {@return the protocol field (6 for TCP)} */
    public int protocol() { return s.u8(Field.Ip4.PROTOCOL); }
    /** {@return the header checksum field as on the wire} */
    public int headerChecksum() { return s.u16(Field.Ip4.CHECKSUM); }
    /** {@return the source address as an unsigned 32-bit number} */
    public long srcAddress() { return s.u32(Field.Ip4.SRC); }
    /** {@return the destination address as an unsigned 32-bit number} */
    public long dstAddress() { return s.u32(Field.Ip4.DST); }
    /** {@return the bytes of IPv4 options after the 20-byte header} */
    public int optionsLength() { return l.ipHeaderLength - Field.Ip4.MIN_HEADER; }

    /** {@return true when the header sums to all ones, its checksum included (RFC 791 §3.1)} */
    public boolean headerChecksumValid() {
        return s.sum(0, l.ipHeaderLength) == 0xFFFF;
    }
}
