package dev.tcpstep.codec.internal;

import java.net.Inet4Address;
import java.net.InetAddress;

/** Text helpers shared by the text forms. */
public final class Text {
    private Text() {
    }

    /**
     * An address as {@code inet_ntop} writes it: dotted quad for IPv4; for IPv6 the
     * RFC 5952 form (lowercase, the longest run of two or more zero groups as {@code ::}),
     * with an embedded IPv4 tail for IPv4-mapped and IPv4-compatible addresses, as tcpdump
     * prints them.
     */
    public static String address(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return (b[0] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[2] & 0xFF) + "." + (b[3] & 0xFF);
        }
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = (b[2 * i] & 0xFF) << 8 | (b[2 * i + 1] & 0xFF);
        }
        int bestBase = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (w[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && w[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestBase = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestBase = -1;
        }
        StringBuilder sb = new StringBuilder(40);
        for (int i = 0; i < 8; i++) {
            if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    sb.append(':');
                }
                continue;
            }
            if (i != 0) {
                sb.append(':');
            }
            // Like glibc's inet_ntop: an IPv4 tail after ::/96 (compatible) or ::ffff:0:0/96 (mapped).
            if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xFFFF))) {
                sb.append(b[12] & 0xFF).append('.').append(b[13] & 0xFF).append('.')
                        .append(b[14] & 0xFF).append('.').append(b[15] & 0xFF);
                return sb.toString();
            }
            sb.append(Integer.toHexString(w[i]));
        }
        if (bestBase >= 0 && bestBase + bestLen == 8) {
            sb.append(':');
        }
        return sb.toString();
    }

    public static String hex(byte[] b, int off, int len) {
        return java.util.HexFormat.of().formatHex(b, off, off + len);
    }

    /** Unsigned 32-bit arithmetic for sequence numbers. */
    public static long u32(long v) {
        return v & 0xFFFF_FFFFL;
    }
}
