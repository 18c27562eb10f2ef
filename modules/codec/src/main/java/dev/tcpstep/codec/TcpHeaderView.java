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

    /** {@return the source port} */
    public int srcPort() { return s.u16(l.tcp + Field.Tcp.SRC_PORT); }
    /** {@return the destination port} */
    public int dstPort() { return s.u16(l.tcp + Field.Tcp.DST_PORT); }
    /** {@return the sequence number, unsigned 32-bit} */
    public long seq() { return s.u32(l.tcp + Field.Tcp.SEQ); }
    /** {@return the acknowledgment number, unsigned 32-bit, whether or not ACK is set} */
    public long ack() { return s.u32(l.tcp + Field.Tcp.ACK); }
    /** {@return the data offset in 32-bit words} */
    public int dataOffset() { return s.u8(l.tcp + Field.Tcp.DATA_OFFSET) >>> 4; }
    /** {@return the TCP header's length in bytes, options included} */
    public int headerLength() { return l.tcpHeaderLength; }
    /** {@return the four reserved bits between the data offset and the flags} */
    public int reserved() { return s.u8(l.tcp + Field.Tcp.DATA_OFFSET) & 0x0F; }
    /** {@return the eight control bits; test them with the {@link TcpFlags} constants} */
    public int flags() { return s.u8(l.tcp + Field.Tcp.FLAGS); }
    /**
     * Whether control bits are set.
     *
     * @param flag one or more {@link TcpFlags} constants or-ed together
     * @return true when all of them are set
     */
    public boolean has(int flag) { return (flags() & flag) == flag; }
    /** {@return the window field, unscaled} */
    public int window() { return s.u16(l.tcp + Field.Tcp.WINDOW); }
    /** {@return the checksum field as on the wire} */
    public int checksum() { return s.u16(l.tcp + Field.Tcp.CHECKSUM); }
    /** {@return the urgent pointer} */
    public int urgentPointer() { return s.u16(l.tcp + Field.Tcp.URGENT); }
    /** {@return the bytes between the fixed 20-byte header and the data: options and padding} */
    public int optionsLength() { return l.tcpHeaderLength - Field.Tcp.MIN_HEADER; }
    /** {@return the offset of the payload from the start of the IP packet} */
    public int payloadOffset() { return l.tcp + l.tcpHeaderLength; }
    /** {@return the payload's length in bytes} */
    public int payloadLength() { return l.end - l.tcp - l.tcpHeaderLength; }
    /** {@return the offset of the TCP header from the start of the IP packet} */
    public int offset() { return l.tcp; }
    /** {@return header plus data in bytes: the TCP length of the pseudo-header} */
    public int segmentLength() { return l.tcpLength; }

    /**
     * One payload byte.
     *
     * @param i the byte's index in the payload, 0-based
     * @return the byte as 0..255
     * @throws IndexOutOfBoundsException if {@code i} is outside the payload
     */
    public int payloadByte(int i) {
        java.util.Objects.checkIndex(i, payloadLength());
        return s.u8(payloadOffset() + i);
    }

    /** {@return true when pseudo-header plus segment sum to all ones (RFC 9293 §3.1)} */
    public boolean checksumValid() {
        int sum = l.pseudoHeaderSum + s.sum(l.tcp, l.tcpLength);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        return sum == 0xFFFF;
    }

    /** {@return the option cursor, rewound to the first option} */
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

        /**
         * Moves to the next option.
         *
         * @return true when there is one (End of Option List included, once); false at the end
         */
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

        /** {@return this option's kind byte} */
        public int kind() { return s.u8(pos); }
        /** {@return the bytes this option takes, kind and length included (EOL: to the end of the header)} */
        public int length() { return len; }
        /** {@return the offset of this option from the start of the IP packet} */
        public int offset() { return pos; }
        /**
         * One byte of this option's data.
         *
         * @param i index in the data (0 is the byte after kind and length)
         * @return the byte as 0..255
         */
        public int u8(int i) { return s.u8(pos + Field.Tcp.OPT_DATA + i); }
        /**
         * A big-endian 16-bit number in this option's data.
         *
         * @param i index in the data of its first byte
         * @return the number, 0..65535
         */
        public int u16(int i) { return s.u16(pos + Field.Tcp.OPT_DATA + i); }
        /**
         * A big-endian 32-bit number in this option's data.
         *
         * @param i index in the data of its first byte
         * @return the number, 0..2^32−1
         */
        public long u32(int i) { return s.u32(pos + Field.Tcp.OPT_DATA + i); }
    }
}
