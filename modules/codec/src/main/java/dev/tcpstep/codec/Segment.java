package dev.tcpstep.codec;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One TCP segment with the IP header it travels in: the value every module above the
 * codec speaks (DESIGN.md principle 2). Immutable.
 *
 * <p>Sequence and acknowledgment numbers are unsigned 32-bit values held in {@code long}s.
 * The acknowledgment number is whatever the header carries; it means something only
 * when {@link TcpFlags#ACK} is set.
 *
 * <p>{@code dataOffsetWords} and {@code checksum} are what was on the wire for a decoded
 * segment, or values a user forces to craft a bad segment; {@code null} means the encoder
 * fills them in. {@code checksumValid} is the receiver's verdict for a decoded segment and
 * {@code null} for one built in memory.
 *
 * @param ip              the IPv4 or IPv6 header the segment travels in
 * @param srcPort         the source port, 0..65535
 * @param dstPort         the destination port, 0..65535
 * @param seq             the sequence number, 0..2^32−1
 * @param ack             the acknowledgment number, 0..2^32−1 (meaningful only with ACK)
 * @param flags           the control bits
 * @param reserved        the four reserved bits, 0..15 (zero unless crafted)
 * @param window          the window field, 0..65535, not scaled
 * @param urgentPointer   the urgent pointer, 0..65535
 * @param options         the TCP options in wire order
 * @param payload         the data
 * @param dataOffsetWords the data offset in 32-bit words as on the wire, or null for the encoder to compute
 * @param checksum        the checksum as on the wire or forced, or null for the encoder to compute
 * @param checksumValid   the receiver's verdict on the checksum of a decoded segment; null if built in memory
 */
public record Segment(IpHeader ip, int srcPort, int dstPort, long seq, long ack, TcpFlags flags,
                      int reserved, int window, int urgentPointer, List<TcpOption> options,
                      Payload payload, Integer dataOffsetWords, Integer checksum, Boolean checksumValid) {

    /**
     * Checks every number's range; the options list is copied.
     *
     * @throws NullPointerException     if {@code ip}, {@code flags} or {@code payload} is null
     * @throws IllegalArgumentException if a number is out of its field's range
     */
    public Segment {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(payload, "payload");
        range("source port", srcPort, 0xFFFF);
        range("destination port", dstPort, 0xFFFF);
        range("seq", seq, 0xFFFF_FFFFL);
        range("ack", ack, 0xFFFF_FFFFL);
        range("reserved", reserved, 0xF);
        range("window", window, 0xFFFF);
        range("urgent pointer", urgentPointer, 0xFFFF);
        if (dataOffsetWords != null) {
            range("data offset", dataOffsetWords, 15);
        }
        if (checksum != null) {
            range("checksum", checksum, 0xFFFF);
        }
        options = List.copyOf(options);
    }

    /** {@return the source address, from the IP header} */
    public InetAddress src() {
        return ip.src();
    }

    /** {@return the destination address, from the IP header} */
    public InetAddress dst() {
        return ip.dst();
    }

    /**
     * Whether a control bit is set.
     *
     * @param flag one of the {@link TcpFlags} bit constants, e.g. {@link TcpFlags#SYN}
     * @return true when that bit is set
     */
    public boolean has(int flag) {
        return flags.has(flag);
    }

    /**
     * SEG.LEN of RFC 9293 §3.3.1: the octets of data plus one for SYN and one for FIN,
     * the sequence space the segment occupies.
     *
     * @return the segment's length in sequence numbers
     */
    public int seqLength() {
        return payload.length() + (flags.syn() ? 1 : 0) + (flags.fin() ? 1 : 0);
    }

    /** {@return the bytes the options take on the wire, before padding} */
    public int optionsLength() {
        int n = 0;
        for (TcpOption o : options) {
            n += o.wireLength();
        }
        return n;
    }

    /**
     * True when this decoded segment's checksum is wrong in the way checksum offload leaves
     * it: the field holds the pseudo-header sum (not complemented, data not added). Linux
     * does this for packets it hands to a device that finishes the checksum (loopback, veth,
     * NICs with TX offload), so a capture taken on the sending host shows it. Such a segment
     * is not corrupt on the wire; text forms label it "likely checksum offload".
     *
     * @return true for a failed checksum that holds just the pseudo-header sum
     */
    public boolean checksumLooksOffloaded() {
        if (!Boolean.FALSE.equals(checksumValid) || checksum == null) {
            return false;
        }
        int header = dataOffsetWords != null && dataOffsetWords >= 5
                ? dataOffsetWords * 4 : SegmentCodec.tcpHeaderLength(this);
        int tcpLength = header + payload.length();
        return dev.tcpstep.checksum.PseudoHeader.of(src(), dst(), tcpLength) == checksum;
    }

    /**
     * The first option of a type.
     *
     * @param <T>  the option's type
     * @param type the option's class, e.g. {@code TcpOption.Mss.class}
     * @return the first option of that type, or null when there is none
     */
    public <T extends TcpOption> T option(Class<T> type) {
        for (TcpOption o : options) {
            if (type.isInstance(o)) {
                return type.cast(o);
            }
        }
        return null;
    }

    /** {@return a builder with the defaults: no flags, zeros, no options, empty payload} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding every field of this segment, wire values included} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.ip = ip;
        b.srcPort = srcPort;
        b.dstPort = dstPort;
        b.seq = seq;
        b.ack = ack;
        b.flags = flags;
        b.reserved = reserved;
        b.window = window;
        b.urgentPointer = urgentPointer;
        b.options = new ArrayList<>(options);
        b.payload = payload;
        b.dataOffsetWords = dataOffsetWords;
        b.checksum = checksum;
        b.checksumValid = checksumValid;
        return b;
    }

    @Override
    public String toString() {
        return src().getHostAddress() + "." + srcPort + " > " + dst().getHostAddress() + "." + dstPort
                + ": " + flags + " seq " + seq + (flags.ack() ? " ack " + ack : "") + " win " + window
                + " length " + payload.length();
    }

    /**
     * Builds a {@link Segment}. Defaults: no flags, zeros, no options, empty payload; data
     * offset and checksum left for the encoder to fill.
     */
    public static final class Builder {
        private IpHeader ip;
        private int srcPort;
        private int dstPort;
        private long seq;
        private long ack;
        private TcpFlags flags = TcpFlags.NONE;
        private int reserved;
        private int window;
        private int urgentPointer;
        private List<TcpOption> options = new ArrayList<>();
        private Payload payload = Payload.EMPTY;
        private Integer dataOffsetWords;
        private Integer checksum;
        private Boolean checksumValid;

        private Builder() {
        }

        /**
         * Sets the IP header as it is (addresses, TTL, identification and the rest).
         *
         * @param ip the IPv4 or IPv6 header
         * @return this builder
         */
        public Builder ip(IpHeader ip) { this.ip = ip; return this; }

        /**
         * Sets an IPv4 or IPv6 default header for these addresses.
         *
         * @param src the source address
         * @param dst the destination address, of the same family
         * @return this builder
         */
        public Builder addresses(InetAddress src, InetAddress dst) { this.ip = IpHeader.of(src, dst); return this; }

        /**
         * Sets the source port.
         *
         * @param v the port, 0..65535
         * @return this builder
         */
        public Builder srcPort(int v) { this.srcPort = v; return this; }
        /**
         * Sets the destination port.
         *
         * @param v the port, 0..65535
         * @return this builder
         */
        public Builder dstPort(int v) { this.dstPort = v; return this; }
        /**
         * Sets the sequence number.
         *
         * @param v the number, 0..2^32−1
         * @return this builder
         */
        public Builder seq(long v) { this.seq = v; return this; }
        /**
         * Sets the acknowledgment number (sent whatever the flags; it means something with ACK).
         *
         * @param v the number, 0..2^32−1
         * @return this builder
         */
        public Builder ack(long v) { this.ack = v; return this; }
        /**
         * Sets the control bits.
         *
         * @param v the flags
         * @return this builder
         */
        public Builder flags(TcpFlags v) { this.flags = v; return this; }
        /**
         * Sets the control bits from their bit values.
         *
         * @param bits the {@link TcpFlags} constants or-ed together
         * @return this builder
         */
        public Builder flags(int bits) { this.flags = TcpFlags.of(bits); return this; }
        /**
         * Sets the four reserved bits (crafting only; a sender sends zero).
         *
         * @param v the bits, 0..15
         * @return this builder
         */
        public Builder reserved(int v) { this.reserved = v; return this; }
        /**
         * Sets the window field as sent (unscaled).
         *
         * @param v the window, 0..65535
         * @return this builder
         */
        public Builder window(int v) { this.window = v; return this; }
        /**
         * Sets the urgent pointer.
         *
         * @param v the pointer, 0..65535
         * @return this builder
         */
        public Builder urgentPointer(int v) { this.urgentPointer = v; return this; }
        /**
         * Replaces the options with these, in wire order.
         *
         * @param v the options (copied)
         * @return this builder
         */
        public Builder options(List<? extends TcpOption> v) { this.options = new ArrayList<>(v); return this; }
        /**
         * Adds an option after those already set.
         *
         * @param v the option
         * @return this builder
         */
        public Builder option(TcpOption v) { this.options.add(v); return this; }
        /**
         * Sets the data.
         *
         * @param v the payload
         * @return this builder
         */
        public Builder payload(Payload v) { this.payload = v; return this; }
        /**
         * Forces the data offset (in 32-bit words); null lets the encoder compute it.
         *
         * @param v the data offset, 0..15, or null
         * @return this builder
         */
        public Builder dataOffsetWords(Integer v) { this.dataOffsetWords = v; return this; }
        /**
         * Forces the checksum; null lets the encoder compute it.
         *
         * @param v the checksum field, 0..65535, or null
         * @return this builder
         */
        public Builder checksum(Integer v) { this.checksum = v; return this; }
        /**
         * Sets the receiver's verdict on the checksum (what a decoder found), or null.
         *
         * @param v true, false or null
         * @return this builder
         */
        public Builder checksumValid(Boolean v) { this.checksumValid = v; return this; }

        /**
         * Clears every value the encoder derives (data offset, checksum, IP lengths and IP
         * header checksum) so that encoding computes them afresh: use after changing a
         * decoded segment.
         *
         * @return this builder
         */
        public Builder recompute() {
            dataOffsetWords = null;
            checksum = null;
            checksumValid = null;
            if (ip instanceof IpHeader.V4 v4) {
                ip = v4.recomputed();
            } else if (ip instanceof IpHeader.V6 v6) {
                ip = v6.recomputed();
            }
            return this;
        }

        /**
         * Builds the segment.
         *
         * @return a new segment with the values set
         * @throws NullPointerException     if no IP header or addresses were set
         * @throws IllegalArgumentException if a number is out of its field's range
         */
        public Segment build() {
            return new Segment(ip, srcPort, dstPort, seq, ack, flags, reserved, window, urgentPointer, options,
                    payload, dataOffsetWords, checksum, checksumValid);
        }
    }

    private static void range(String what, long v, long max) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException(what + " " + v + " (expected: 0.." + max + ")");
        }
    }
}
