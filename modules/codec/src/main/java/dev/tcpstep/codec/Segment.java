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
 */
public record Segment(IpHeader ip, int srcPort, int dstPort, long seq, long ack, TcpFlags flags,
                      int reserved, int window, int urgentPointer, List<TcpOption> options,
                      Payload payload, Integer dataOffsetWords, Integer checksum, Boolean checksumValid) {

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

    public InetAddress src() {
        return ip.src();
    }

    public InetAddress dst() {
        return ip.dst();
    }

    public boolean has(int flag) {
        return flags.has(flag);
    }

    /**
     * SEG.LEN of RFC 9293 §3.3.1: the octets of data plus one for SYN and one for FIN,
     * the sequence space the segment occupies.
     */
    public int seqLength() {
        return payload.length() + (flags.syn() ? 1 : 0) + (flags.fin() ? 1 : 0);
    }

    /** Bytes the options take on the wire, before padding. */
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

    /** The first option of a type, or null. */
    public <T extends TcpOption> T option(Class<T> type) {
        for (TcpOption o : options) {
            if (type.isInstance(o)) {
                return type.cast(o);
            }
        }
        return null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every field of this segment, wire values included. */
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

        public Builder ip(IpHeader ip) { this.ip = ip; return this; }

        /** IPv4 or IPv6 default header for these addresses. */
        public Builder addresses(InetAddress src, InetAddress dst) { this.ip = IpHeader.of(src, dst); return this; }

        public Builder srcPort(int v) { this.srcPort = v; return this; }
        public Builder dstPort(int v) { this.dstPort = v; return this; }
        public Builder seq(long v) { this.seq = v; return this; }
        public Builder ack(long v) { this.ack = v; return this; }
        public Builder flags(TcpFlags v) { this.flags = v; return this; }
        public Builder flags(int bits) { this.flags = TcpFlags.of(bits); return this; }
        public Builder reserved(int v) { this.reserved = v; return this; }
        public Builder window(int v) { this.window = v; return this; }
        public Builder urgentPointer(int v) { this.urgentPointer = v; return this; }
        public Builder options(List<? extends TcpOption> v) { this.options = new ArrayList<>(v); return this; }
        public Builder option(TcpOption v) { this.options.add(v); return this; }
        public Builder payload(Payload v) { this.payload = v; return this; }
        /** Forces the data offset (in 32-bit words); null lets the encoder compute it. */
        public Builder dataOffsetWords(Integer v) { this.dataOffsetWords = v; return this; }
        /** Forces the checksum; null lets the encoder compute it. */
        public Builder checksum(Integer v) { this.checksum = v; return this; }
        public Builder checksumValid(Boolean v) { this.checksumValid = v; return this; }

        /**
         * Clears every value the encoder derives (data offset, checksum, IP lengths and IP
         * header checksum) so that encoding computes them afresh: use after changing a
         * decoded segment.
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
