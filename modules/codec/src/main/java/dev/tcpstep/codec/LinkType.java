package dev.tcpstep.codec;

import dev.tcpstep.codec.internal.Field;
import dev.tcpstep.codec.internal.Wire;

/**
 * The link-layer types the capture readers understand (tcpdump.org's LINKTYPE_ values),
 * and where the IP packet starts inside a frame of each.
 */
public final class LinkType {
    /** BSD loopback: a 4-byte address family in the capturing host's byte order. */
    public static final int NULL = 0;
    /** Ethernet II, with any number of 802.1Q / 802.1ad VLAN tags. */
    public static final int ETHERNET = 1;
    /** Raw IP: the frame is the IP packet (what tcpstep writes). */
    public static final int RAW = 101;
    /** Linux "cooked" capture v1 (tcpdump -i any, older). */
    public static final int LINUX_SLL = 113;
    /** Raw IPv4 (the same as RAW for one version). */
    public static final int IPV4 = 228;
    /** Raw IPv6 (the same as RAW for one version). */
    public static final int IPV6 = 229;
    /** Linux "cooked" capture v2 (tcpdump -i any, libpcap 1.10+). */
    public static final int LINUX_SLL2 = 276;

    private LinkType() {
    }

    /**
     * Whether frames of a link type can be decoded.
     *
     * @param linkType a LINKTYPE_ value
     * @return true for the link types named here
     */
    public static boolean supported(int linkType) {
        return linkType == NULL || linkType == ETHERNET || linkType == RAW || linkType == LINUX_SLL
                || linkType == IPV4 || linkType == IPV6 || linkType == LINUX_SLL2;
    }

    /**
     * The name of a link type.
     *
     * @param linkType a LINKTYPE_ value
     * @return its name here, e.g. {@code ETHERNET}, or {@code LINKTYPE n} for others
     */
    public static String name(int linkType) {
        return switch (linkType) {
            case NULL -> "NULL";
            case ETHERNET -> "ETHERNET";
            case RAW -> "RAW";
            case LINUX_SLL -> "LINUX_SLL";
            case IPV4 -> "IPV4";
            case IPV6 -> "IPV6";
            case LINUX_SLL2 -> "LINUX_SLL2";
            default -> "LINKTYPE " + linkType;
        };
    }

    /**
     * Where the IPv4 or IPv6 packet starts in {@code frame}, or -1 when the frame carries
     * something else (ARP, an unknown link type, a frame too short for its link header).
     *
     * @param linkType the frame's link type
     * @param frame    the frame's bytes
     * @return the IP packet's offset in {@code frame}, or -1
     */
    public static int ipOffset(int linkType, byte[] frame) {
        int n = frame.length;
        switch (linkType) {
            case RAW, IPV4, IPV6:
                return n > 0 && isIpVersion(frame[0]) ? 0 : -1;
            case NULL: {
                if (n < Field.Link.NULL_HEADER) {
                    return -1;
                }
                // The family is in the writer's byte order: AF_INET is 2 everywhere; AF_INET6 is
                // 10 (Linux), 24 (NetBSD, OpenBSD), 28 (FreeBSD), 30 (macOS).
                long be = Wire.u32(frame, 0);
                long le = Long.reverseBytes(be) >>> 32;
                long family = be < 256 ? be : le;
                return family == 2 || family == 10 || family == 24 || family == 28 || family == 30
                        ? ipIfVersion(frame, Field.Link.NULL_HEADER) : -1;
            }
            case ETHERNET: {
                int at = Field.Link.ETHERNET_TYPE;
                while (at + 2 <= n) {
                    int type = Wire.u16(frame, at);
                    // IEEE 802.1Q: a tag is the TPID 0x8100 (0x88a8 for 802.1ad) and a 2-byte TCI;
                    // the real EtherType follows.
                    if (type == Field.Link.ETHERTYPE_VLAN || type == Field.Link.ETHERTYPE_QINQ) {
                        at += Field.Link.VLAN_TAG;
                        continue;
                    }
                    return isIpEthertype(type) ? ipIfVersion(frame, at + 2) : -1;
                }
                return -1;
            }
            case LINUX_SLL:
                return n >= Field.Link.SLL_HEADER && isIpEthertype(Wire.u16(frame, Field.Link.SLL_PROTOCOL))
                        ? ipIfVersion(frame, Field.Link.SLL_HEADER) : -1;
            case LINUX_SLL2:
                return n >= Field.Link.SLL2_HEADER && isIpEthertype(Wire.u16(frame, Field.Link.SLL2_PROTOCOL))
                        ? ipIfVersion(frame, Field.Link.SLL2_HEADER) : -1;
            default:
                return -1;
        }
    }

    private static boolean isIpEthertype(int type) {
        return type == Field.Link.ETHERTYPE_IPV4 || type == Field.Link.ETHERTYPE_IPV6;
    }

    private static boolean isIpVersion(byte b) {
        int v = (b & 0xFF) >>> 4;
        return v == 4 || v == 6;
    }

    private static int ipIfVersion(byte[] frame, int at) {
        return at < frame.length && isIpVersion(frame[at]) ? at : -1;
    }
}
