package dev.tcpstep.codec;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/** The IP header a TCP segment travelled in: {@link V4} or {@link V6}. */
public sealed interface IpHeader {
    /** {@return the source address} */
    InetAddress src();

    /** {@return the destination address} */
    InetAddress dst();

    /** {@return the IP version, 4 or 6} */
    int version();

    /** {@return the IPv4 TTL or IPv6 hop limit} */
    int ttl();

    /** {@return this header with source and destination swapped (for replies)} */
    IpHeader reversed();

    /**
     * IPv4 (RFC 791). {@code totalLength} and {@code headerChecksum} are what was on the
     * wire for a decoded packet, or values a user forces; {@code null} means "fill in when
     * encoding". {@code headerChecksumValid} is {@code null} unless decoded.
     *
     * @param src                 the source address
     * @param dst                 the destination address
     * @param dscp                the differentiated services code point, 0..63
     * @param ecn                 the ECN bits, 0..3
     * @param identification      the identification field, 0..65535
     * @param dontFragment        the DF flag
     * @param moreFragments       the MF flag
     * @param fragmentOffset      the fragment offset in 8-byte units, 0..8191
     * @param ttl                 the time to live, 0..255
     * @param options             the IPv4 options as on the wire, 0..40 bytes, a multiple of 4
     * @param totalLength         the total length as on the wire or forced; null to fill in
     * @param headerChecksum      the header checksum as on the wire or forced; null to fill in
     * @param headerChecksumValid the receiver's verdict on the header checksum; null unless decoded
     */
    record V4(Inet4Address src, Inet4Address dst, int dscp, int ecn, int identification,
              boolean dontFragment, boolean moreFragments, int fragmentOffset, int ttl,
              TcpOption.Bytes options, Integer totalLength, Integer headerChecksum,
              Boolean headerChecksumValid) implements IpHeader {
        /**
         * Checks every number's range.
         *
         * @throws IllegalArgumentException if a number is out of range or the options are not 0..40
         *                                  bytes in a multiple of 4
         */
        public V4 {
            range("dscp", dscp, 63);
            range("ecn", ecn, 3);
            range("identification", identification, 0xFFFF);
            range("fragment offset", fragmentOffset, 0x1FFF);
            range("ttl", ttl, 255);
            if (options.length() > 40 || options.length() % 4 != 0) {
                throw new IllegalArgumentException(
                        "IPv4 options of " + options.length() + " bytes (expected: 0..40, a multiple of 4)");
            }
        }

        /**
         * Default header: TTL 64, DF set, everything else zero, lengths and checksum filled.
         *
         * @param src the source address
         * @param dst the destination address
         * @return the header
         */
        public static V4 of(Inet4Address src, Inet4Address dst) {
            return new V4(src, dst, 0, 0, 0, true, false, 0, 64, TcpOption.Bytes.EMPTY, null, null, null);
        }

        @Override
        public int version() {
            return 4;
        }

        @Override
        public V4 reversed() {
            return new V4(dst, src, dscp, ecn, identification, dontFragment, moreFragments, fragmentOffset, ttl,
                    options, null, null, null);
        }

        /** {@return the same header with wire-derived values cleared, so encoding fills them in} */
        public V4 recomputed() {
            return new V4(src, dst, dscp, ecn, identification, dontFragment, moreFragments, fragmentOffset, ttl,
                    options, null, null, null);
        }
    }

    /**
     * IPv6 (RFC 8200). {@code extensions} are the Hop-by-Hop, Routing, Fragment and
     * Destination Options headers between the fixed header and TCP, kept for round trip.
     * {@code payloadLength} as for V4's lengths: {@code null} means "fill in".
     *
     * @param src           the source address
     * @param dst           the destination address
     * @param trafficClass  the traffic class, 0..255
     * @param flowLabel     the flow label, 0..2^20−1
     * @param hopLimit      the hop limit, 0..255
     * @param extensions    the extension headers in wire order
     * @param payloadLength the payload length as on the wire or forced; null to fill in
     */
    record V6(Inet6Address src, Inet6Address dst, int trafficClass, int flowLabel, int hopLimit,
              List<ExtensionHeader> extensions, Integer payloadLength) implements IpHeader {
        /**
         * Checks every number's range; the extension list is copied.
         *
         * @throws IllegalArgumentException if a number is out of range
         */
        public V6 {
            range("traffic class", trafficClass, 255);
            range("flow label", flowLabel, 0xFFFFF);
            range("hop limit", hopLimit, 255);
            extensions = List.copyOf(extensions);
        }

        /**
         * Default header: hop limit 64, no extension headers.
         *
         * @param src the source address
         * @param dst the destination address
         * @return the header
         */
        public static V6 of(Inet6Address src, Inet6Address dst) {
            return new V6(src, dst, 0, 0, 64, List.of(), null);
        }

        @Override
        public int version() {
            return 6;
        }

        @Override
        public int ttl() {
            return hopLimit;
        }

        /** {@return this header with source and destination swapped, without extension headers} */
        @Override
        public V6 reversed() {
            return new V6(dst, src, trafficClass, flowLabel, hopLimit, List.of(), null);
        }

        /** {@return the same header with the payload length cleared, so encoding fills it in} */
        public V6 recomputed() {
            return new V6(src, dst, trafficClass, flowLabel, hopLimit, extensions, null);
        }
    }

    /**
     * One IPv6 extension header: {@code type} is the next-header value that announced it
     * (0 Hop-by-Hop, 43 Routing, 44 Fragment, 60 Destination Options); {@code bytes} is the
     * whole header as on the wire, its own next-header byte included.
     *
     * @param type  the next-header value that announced this header
     * @param bytes the whole header as on the wire
     */
    record ExtensionHeader(int type, TcpOption.Bytes bytes) {
    }

    /**
     * A default IPv4 or IPv6 header by the address family (both must match).
     *
     * @param src the source address
     * @param dst the destination address
     * @return {@link V4#of} or {@link V6#of} for them
     * @throws IllegalArgumentException if the families differ
     */
    static IpHeader of(InetAddress src, InetAddress dst) {
        if (src instanceof Inet4Address s && dst instanceof Inet4Address d) {
            return V4.of(s, d);
        }
        if (src instanceof Inet6Address s && dst instanceof Inet6Address d) {
            return V6.of(s, d);
        }
        throw new IllegalArgumentException("address families differ: " + src.getHostAddress()
                + " and " + dst.getHostAddress());
    }

    private static void range(String what, int v, int max) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException(what + " " + v + " (expected: 0.." + max + ")");
        }
    }
}
