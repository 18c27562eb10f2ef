package dev.tcpstep.codec;

import dev.tcpstep.codec.internal.Field;
import dev.tcpstep.codec.internal.Layout;
import dev.tcpstep.codec.internal.Source;

/** The IPv6 fixed header (RFC 8200 §3) of a {@link PacketView}. Accessors allocate nothing. */
public final class Ipv6HeaderView {
    private final Source s;
    private final Layout l;

    Ipv6HeaderView(Source s, Layout l) {
        this.s = s;
        this.l = l;
    }

    /** {@return the version field (6 for a valid IPv6 header)} */
    public int version() { return s.u8(Field.Ip6.VERSION_CLASS_FLOW) >>> 4; }
    /** {@return the traffic class, 0..255} */
    public int trafficClass() { return (int) (s.u32(Field.Ip6.VERSION_CLASS_FLOW) >>> 20) & 0xFF; }
    /** {@return the flow label, 20 bits} */
    public int flowLabel() { return (int) s.u32(Field.Ip6.VERSION_CLASS_FLOW) & 0xFFFFF; }
    /** {@return the payload length field} */
    public int payloadLength() { return s.u16(Field.Ip6.PAYLOAD_LENGTH); }
    /** {@return the fixed header's Next Header: 6, or the first extension header's type} */
    public int nextHeader() { return s.u8(Field.Ip6.NEXT_HEADER); }
    /** {@return the hop limit} */
    public int hopLimit() { return s.u8(Field.Ip6.HOP_LIMIT); }
    /** {@return bytes 0..7 of the source address as a big-endian number} */
    public long srcHigh() { return s.u32(Field.Ip6.SRC) << 32 | s.u32(Field.Ip6.SRC + 4); }
    /** {@return bytes 8..15 of the source address as a big-endian number} */
    public long srcLow() { return s.u32(Field.Ip6.SRC + 8) << 32 | s.u32(Field.Ip6.SRC + 12); }
    /** {@return bytes 0..7 of the destination address as a big-endian number} */
    public long dstHigh() { return s.u32(Field.Ip6.DST) << 32 | s.u32(Field.Ip6.DST + 4); }
    /** {@return bytes 8..15 of the destination address as a big-endian number} */
    public long dstLow() { return s.u32(Field.Ip6.DST + 8) << 32 | s.u32(Field.Ip6.DST + 12); }
    /** {@return the number of extension headers between the fixed header and TCP} */
    public int extensionHeaderCount() { return l.extensionCount; }
    /** {@return the bytes of extension headers between the fixed header and TCP} */
    public int extensionHeadersLength() { return l.ipHeaderLength - Field.Ip6.HEADER; }
}
