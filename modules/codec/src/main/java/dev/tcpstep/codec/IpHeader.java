package dev.tcpstep.codec;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/** The IP header a TCP segment travelled in: {@link V4} or {@link V6}. */
public sealed interface IpHeader {
    InetAddress src();

    InetAddress dst();

    /** 4 or 6. */
    int version();

    /** IPv4 TTL or IPv6 hop limit. */
    int ttl();

    /** This header with source and destination swapped (for replies). */
    IpHeader reversed();

    /**
     * IPv4 (RFC 791). {@code totalLength} and {@code headerChecksum} are what was on the
     * wire for a decoded packet, or values a user forces; {@code null} means "fill in when
     * encoding". {@code headerChecksumValid} is {@code null} unless decoded.
     */
    record V4(Inet4Address src, Inet4Address dst, int dscp, int ecn, int identification,
              boolean dontFragment, boolean moreFragments, int fragmentOffset, int ttl,
              TcpOption.Bytes options, Integer totalLength, Integer headerChecksum,
              Boolean headerChecksumValid) implements IpHeader {
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

        /** Default header: TTL 64, DF set, everything else zero, lengths and checksum filled. */
        public static V4 of(Inet4Address src, Inet4Address dst) {
            return new V4(src, dst, 0, 0, 0, true, false, 0, 64, TcpOption.Bytes.EMPTY, null, null, null);
        }

        public int version() {
            return 4;
        }

        public V4 reversed() {
            return new V4(dst, src, dscp, ecn, identification, dontFragment, moreFragments, fragmentOffset, ttl,
                    options, null, null, null);
        }

        /** The same header with wire-derived values cleared, so encoding fills them in. */
        public V4 recomputed() {
            return new V4(src, dst, dscp, ecn, identification, dontFragment, moreFragments, fragmentOffset, ttl,
                    options, null, null, null);
        }
    }

    /**
     * IPv6 (RFC 8200). {@code extensions} are the Hop-by-Hop, Routing, Fragment and
     * Destination Options headers between the fixed header and TCP, kept for round trip.
     * {@code payloadLength} as for V4's lengths: {@code null} means "fill in".
     */
    record V6(Inet6Address src, Inet6Address dst, int trafficClass, int flowLabel, int hopLimit,
              List<ExtensionHeader> extensions, Integer payloadLength) implements IpHeader {
        public V6 {
            range("traffic class", trafficClass, 255);
            range("flow label", flowLabel, 0xFFFFF);
            range("hop limit", hopLimit, 255);
            extensions = List.copyOf(extensions);
        }

        /** Default header: hop limit 64, no extension headers. */
        public static V6 of(Inet6Address src, Inet6Address dst) {
            return new V6(src, dst, 0, 0, 64, List.of(), null);
        }

        public int version() {
            return 6;
        }

        public int ttl() {
            return hopLimit;
        }

        public V6 reversed() {
            return new V6(dst, src, trafficClass, flowLabel, hopLimit, List.of(), null);
        }

        public V6 recomputed() {
            return new V6(src, dst, trafficClass, flowLabel, hopLimit, extensions, null);
        }
    }

    /**
     * One IPv6 extension header: {@code type} is the next-header value that announced it
     * (0 Hop-by-Hop, 43 Routing, 44 Fragment, 60 Destination Options); {@code bytes} is the
     * whole header as on the wire, its own next-header byte included.
     */
    record ExtensionHeader(int type, TcpOption.Bytes bytes) {
    }

    /** IPv4 or IPv6 by the address family (both must match). */
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
