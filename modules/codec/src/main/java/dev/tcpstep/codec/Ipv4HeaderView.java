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

    public int version() { return s.u8(Field.Ip4.VERSION_IHL) >>> 4; }
    /** IHL in 32-bit words. */
    public int ihl() { return s.u8(Field.Ip4.VERSION_IHL) & 0x0F; }
    public int headerLength() { return l.ipHeaderLength; }
    public int dscp() { return s.u8(Field.Ip4.TOS) >>> 2; }
    public int ecn() { return s.u8(Field.Ip4.TOS) & 3; }
    public int totalLength() { return s.u16(Field.Ip4.TOTAL_LENGTH); }
    public int identification() { return s.u16(Field.Ip4.IDENTIFICATION); }
    public boolean dontFragment() { return (s.u16(Field.Ip4.FLAGS_FRAGMENT) & Field.Ip4.FLAG_DF) != 0; }
    public boolean moreFragments() { return (s.u16(Field.Ip4.FLAGS_FRAGMENT) & Field.Ip4.FLAG_MF) != 0; }
    public int fragmentOffset() { return s.u16(Field.Ip4.FLAGS_FRAGMENT) & Field.Ip4.FRAGMENT_MASK; }
    public int ttl() { return s.u8(Field.Ip4.TTL); }
    public int protocol() { return s.u8(Field.Ip4.PROTOCOL); }
    public int headerChecksum() { return s.u16(Field.Ip4.CHECKSUM); }
    /** The source address as an unsigned 32-bit number. */
    public long srcAddress() { return s.u32(Field.Ip4.SRC); }
    public long dstAddress() { return s.u32(Field.Ip4.DST); }
    public int optionsLength() { return l.ipHeaderLength - Field.Ip4.MIN_HEADER; }

    /** True when the header sums to all ones, its checksum included (RFC 791 §3.1). */
    public boolean headerChecksumValid() {
        return s.sum(0, l.ipHeaderLength) == 0xFFFF;
    }
}
