package dev.tcpstep.checksum;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Sums of the pseudo-headers that TCP's checksum covers.
 *
 * <p>IPv4 (RFC 9293 §3.1): source address, destination address, a zero byte, the
 * protocol number (6) and the TCP length (header plus data, not counting the
 * pseudo-header). IPv6 (RFC 8200 §8.1): source, destination, a 32-bit upper-layer packet
 * length, three zero bytes and the next-header value (6 for TCP).
 */
public final class PseudoHeader {
    /** The IP protocol number of TCP. */
    public static final int PROTOCOL_TCP = 6;

    private PseudoHeader() {
    }

    /**
     * The folded sum of the IPv4 pseudo-header for a TCP segment of {@code tcpLength} bytes.
     *
     * @param src       the source address, 4 bytes
     * @param dst       the destination address, 4 bytes
     * @param tcpLength the TCP header plus data, in bytes (0..65535)
     * @return the pseudo-header's folded sum, for {@link InternetChecksum#checksum(int, byte[], int, int)}
     * @throws IllegalArgumentException if an address is not 4 bytes or the length is out of range
     */
    public static int ipv4(byte[] src, byte[] dst, int tcpLength) {
        requireLength("source address", src, 4);
        requireLength("destination address", dst, 4);
        if (tcpLength < 0 || tcpLength > 0xFFFF) {
            throw new IllegalArgumentException("TCP length " + tcpLength + " (expected: 0..65535)");
        }
        long s = words(src) + words(dst) + PROTOCOL_TCP + tcpLength;
        return foldLong(s);
    }

    /**
     * The folded sum of the IPv4 pseudo-header, from {@link Inet4Address}es.
     *
     * @param src       the source address
     * @param dst       the destination address
     * @param tcpLength the TCP header plus data, in bytes (0..65535)
     * @return the pseudo-header's folded sum
     * @throws IllegalArgumentException if the length is out of range
     */
    public static int ipv4(Inet4Address src, Inet4Address dst, int tcpLength) {
        return ipv4(src.getAddress(), dst.getAddress(), tcpLength);
    }

    /**
     * The folded sum of the IPv6 pseudo-header for an upper-layer packet of
     * {@code upperLayerLength} bytes with the given next-header value.
     *
     * @param src              the source address, 16 bytes
     * @param dst              the destination address, 16 bytes
     * @param upperLayerLength the upper-layer packet length in bytes (0..2^32−1)
     * @param nextHeader       the upper-layer protocol (0..255; 6 for TCP)
     * @return the pseudo-header's folded sum
     * @throws IllegalArgumentException if an address is not 16 bytes or a number is out of range
     */
    public static int ipv6(byte[] src, byte[] dst, long upperLayerLength, int nextHeader) {
        requireLength("source address", src, 16);
        requireLength("destination address", dst, 16);
        if (upperLayerLength < 0 || upperLayerLength > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(
                    "upper-layer length " + upperLayerLength + " (expected: 0..4294967295)");
        }
        if (nextHeader < 0 || nextHeader > 255) {
            throw new IllegalArgumentException("next header " + nextHeader + " (expected: 0..255)");
        }
        long s = words(src) + words(dst) + (upperLayerLength >>> 16) + (upperLayerLength & 0xFFFF) + nextHeader;
        return foldLong(s);
    }

    /**
     * The IPv6 pseudo-header sum for TCP (next header 6).
     *
     * @param src       the source address, 16 bytes
     * @param dst       the destination address, 16 bytes
     * @param tcpLength the TCP header plus data, in bytes
     * @return the pseudo-header's folded sum
     * @throws IllegalArgumentException if an address is not 16 bytes or the length is out of range
     */
    public static int ipv6(byte[] src, byte[] dst, long tcpLength) {
        return ipv6(src, dst, tcpLength, PROTOCOL_TCP);
    }

    /**
     * The IPv6 pseudo-header sum for TCP, from {@link Inet6Address}es.
     *
     * @param src       the source address
     * @param dst       the destination address
     * @param tcpLength the TCP header plus data, in bytes
     * @return the pseudo-header's folded sum
     * @throws IllegalArgumentException if the length is out of range
     */
    public static int ipv6(Inet6Address src, Inet6Address dst, long tcpLength) {
        return ipv6(src.getAddress(), dst.getAddress(), tcpLength, PROTOCOL_TCP);
    }

    /**
     * The pseudo-header sum for TCP over IPv4 or IPv6, by the addresses' family.
     *
     * @param src       the source address
     * @param dst       the destination address, of the same family
     * @param tcpLength the TCP header plus data, in bytes
     * @return the pseudo-header's folded sum
     * @throws IllegalArgumentException if the families differ or the length is out of range
     */
    public static int of(InetAddress src, InetAddress dst, int tcpLength) {
        if (src instanceof Inet4Address s4 && dst instanceof Inet4Address d4) {
            return ipv4(s4, d4, tcpLength);
        }
        if (src instanceof Inet6Address s6 && dst instanceof Inet6Address d6) {
            return ipv6(s6, d6, tcpLength);
        }
        throw new IllegalArgumentException("address families differ: " + src + " and " + dst);
    }

    /**
     * The pseudo-header's bytes, for display and for {@link ChecksumWork}: 12 bytes for
     * IPv4, 40 for IPv6.
     *
     * @param src       the source address, 4 or 16 bytes
     * @param dst       the destination address, as long as {@code src}
     * @param tcpLength the TCP header plus data, in bytes
     * @return the pseudo-header as it is summed, a new array
     * @throws IllegalArgumentException if the addresses are neither both 4 nor both 16 bytes
     */
    public static byte[] bytes(byte[] src, byte[] dst, int tcpLength) {
        if (src.length == 4 && dst.length == 4) {
            return new byte[] {
                src[0], src[1], src[2], src[3], dst[0], dst[1], dst[2], dst[3],
                0, PROTOCOL_TCP, (byte) (tcpLength >>> 8), (byte) tcpLength};
        }
        requireLength("source address", src, 16);
        requireLength("destination address", dst, 16);
        byte[] b = new byte[40];
        System.arraycopy(src, 0, b, 0, 16);
        System.arraycopy(dst, 0, b, 16, 16);
        b[32] = (byte) (tcpLength >>> 24);
        b[33] = (byte) (tcpLength >>> 16);
        b[34] = (byte) (tcpLength >>> 8);
        b[35] = (byte) tcpLength;
        b[39] = PROTOCOL_TCP;
        return b;
    }

    private static long words(byte[] a) {
        long s = 0;
        for (int i = 0; i < a.length; i += 2) {
            s += (a[i] & 0xFF) << 8 | (a[i + 1] & 0xFF);
        }
        return s;
    }

    private static int foldLong(long s) {
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }

    private static void requireLength(String what, byte[] a, int expected) {
        if (a == null || a.length != expected) {
            throw new IllegalArgumentException(what + " of " + (a == null ? "null" : a.length + " bytes")
                    + " (expected: " + expected + " bytes)");
        }
    }
}
