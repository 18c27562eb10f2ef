package dev.tcpstep.codec;

import dev.tcpstep.codec.internal.Field;
import dev.tcpstep.codec.internal.Layout;
import dev.tcpstep.codec.internal.Source;

/**
 * The TCP header (RFC 9293 §3.1) of a {@link PacketView}. Accessors allocate nothing;
 * {@link #options()} returns this view's one reusable cursor.
 */
public final class TcpHeaderView {
    private final Source s;
    private final Layout l;
    private final OptionCursor cursor = new OptionCursor();

    TcpHeaderView(Source s, Layout l) {
        this.s = s;
        this.l = l;
    }

    public int srcPort() { return s.u16(l.tcp + Field.Tcp.SRC_PORT); }
    public int dstPort() { return s.u16(l.tcp + Field.Tcp.DST_PORT); }
    public long seq() { return s.u32(l.tcp + Field.Tcp.SEQ); }
    public long ack() { return s.u32(l.tcp + Field.Tcp.ACK); }
    /** Data offset in 32-bit words. */
    public int dataOffset() { return s.u8(l.tcp + Field.Tcp.DATA_OFFSET) >>> 4; }
    public int headerLength() { return l.tcpHeaderLength; }
    /** The four reserved bits between the data offset and the flags. */
    public int reserved() { return s.u8(l.tcp + Field.Tcp.DATA_OFFSET) & 0x0F; }
    /** The eight control bits; test them with the {@link TcpFlags} constants. */
    public int flags() { return s.u8(l.tcp + Field.Tcp.FLAGS); }
    public boolean has(int flag) { return (flags() & flag) == flag; }
    public int window() { return s.u16(l.tcp + Field.Tcp.WINDOW); }
    public int checksum() { return s.u16(l.tcp + Field.Tcp.CHECKSUM); }
    public int urgentPointer() { return s.u16(l.tcp + Field.Tcp.URGENT); }
    public int optionsLength() { return l.tcpHeaderLength - Field.Tcp.MIN_HEADER; }
    /** Offset of the payload from the start of the IP packet. */
    public int payloadOffset() { return l.tcp + l.tcpHeaderLength; }
    public int payloadLength() { return l.end - l.tcp - l.tcpHeaderLength; }
    /** Offset of the TCP header from the start of the IP packet. */
    public int offset() { return l.tcp; }
    /** Header plus data: the TCP length of the pseudo-header. */
    public int segmentLength() { return l.tcpLength; }

    /** The payload byte at {@code i} (0-based), as 0..255. */
    public int payloadByte(int i) {
        java.util.Objects.checkIndex(i, payloadLength());
        return s.u8(payloadOffset() + i);
    }

    /** True when pseudo-header plus segment sum to all ones (RFC 9293 §3.1). */
    public boolean checksumValid() {
        int sum = l.pseudoHeaderSum + s.sum(l.tcp, l.tcpLength);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        return sum == 0xFFFF;
    }

    /** The option cursor, rewound to the first option. */
    public OptionCursor options() {
        cursor.pos = -1;
        cursor.len = 0;
        return cursor;
    }

    /**
     * Walks the options without allocating: {@code while (c.next()) switch (c.kind()) ...}.
     * The walk stops at End of Option List (which {@link #next()} does report once).
     */
    public final class OptionCursor {
        private int pos;
        private int len;

        private OptionCursor() {
        }

        public boolean next() {
            // Layout.optionsEnd is the header end after an EOL (which spans the rest), so the
            // walk ends by position alone.
            int p = pos < 0 ? l.tcp + Field.Tcp.OPTIONS : pos + len;
            if (p >= l.optionsEnd) {
                return false;
            }
            pos = p;
            int kind = s.u8(p);
            len = kind == TcpOption.KIND_EOL ? l.tcp + l.tcpHeaderLength - p
                    : kind == TcpOption.KIND_NOP ? 1 : s.u8(p + Field.Tcp.OPT_LENGTH);
            return true;
        }

        public int kind() { return s.u8(pos); }
        /** Bytes this option takes, kind and length included (EOL: to the end of the header). */
        public int length() { return len; }
        /** Offset of this option from the start of the IP packet. */
        public int offset() { return pos; }
        /** The data byte at {@code i} (after kind and length). */
        public int u8(int i) { return s.u8(pos + Field.Tcp.OPT_DATA + i); }
        public int u16(int i) { return s.u16(pos + Field.Tcp.OPT_DATA + i); }
        public long u32(int i) { return s.u32(pos + Field.Tcp.OPT_DATA + i); }
    }
}
