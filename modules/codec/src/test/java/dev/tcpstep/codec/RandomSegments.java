package dev.tcpstep.codec;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded generator of valid segments covering every field, option kind and header shape. */
final class RandomSegments {
    private final SplittableRandom r;
    private final boolean ipExtras;

    RandomSegments(long seed) {
        this(seed, true);
    }

    /**
     * With {@code ipExtras} false: no IPv4 options and no IPv6 extension headers (their random
     * contents are not valid TLVs, which other tools rightly call malformed).
     */
    RandomSegments(long seed, boolean ipExtras) {
        this.r = new SplittableRandom(seed);
        this.ipExtras = ipExtras;
    }

    Segment next() {
        IpHeader ip = r.nextInt(4) == 0 ? ipv6() : ipv4();
        List<TcpOption> options = options();
        byte[] payload = new byte[r.nextInt(8) == 0 ? r.nextInt(1400) : r.nextInt(40)];
        r.nextBytes(payload);
        return Segment.builder().ip(ip).srcPort(r.nextInt(65536)).dstPort(r.nextInt(65536))
                .seq(r.nextLong(1L << 32)).ack(r.nextLong(1L << 32)).flags(r.nextInt(256)).reserved(r.nextInt(16))
                .window(r.nextInt(65536)).urgentPointer(r.nextInt(65536)).options(options)
                .payload(Payload.wrapOwned(payload)).build();
    }

    private IpHeader ipv4() {
        byte[] opts = new byte[ipExtras && r.nextInt(6) == 0 ? 4 * r.nextInt(1, 11) : 0];
        r.nextBytes(opts);
        return new IpHeader.V4(addr4(), addr4(), r.nextInt(64), r.nextInt(4), r.nextInt(65536), r.nextBoolean(),
                false, 0, r.nextInt(256), new TcpOption.Bytes(opts), null, null, null);
    }

    private IpHeader ipv6() {
        List<Integer> types = new ArrayList<>();
        if (ipExtras && r.nextInt(3) == 0) {
            types.add(0);
        }
        int more = ipExtras && r.nextInt(4) == 0 ? r.nextInt(1, 4) : 0;
        int[] choices = {43, 44, 60};
        for (int i = 0; i < more; i++) {
            types.add(choices[r.nextInt(3)]);
        }
        List<IpHeader.ExtensionHeader> ext = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            int type = types.get(i);
            int next = i + 1 < types.size() ? types.get(i + 1) : 6;
            byte[] b;
            if (type == 44) {
                b = new byte[8];
                r.nextBytes(b);
                b[1] = 0;
                b[2] = 0; // fragment offset 0
                b[3] = 0; // M clear: an atomic fragment
            } else {
                int units = r.nextInt(3);
                b = new byte[(units + 1) * 8];
                r.nextBytes(b);
                b[1] = (byte) units;
            }
            b[0] = (byte) next;
            ext.add(new IpHeader.ExtensionHeader(type, new TcpOption.Bytes(b)));
        }
        return new IpHeader.V6(addr6(), addr6(), r.nextInt(256), r.nextInt(1 << 20), r.nextInt(256), ext, null);
    }

    private List<TcpOption> options() {
        List<TcpOption> out = new ArrayList<>();
        int room = 40;
        int count = r.nextInt(8);
        for (int i = 0; i < count; i++) {
            TcpOption o = option();
            if (o.wireLength() > room) {
                break;
            }
            out.add(o);
            room -= o.wireLength();
        }
        int used = 40 - room;
        int pad = (4 - used % 4) % 4;
        if (pad > 0 || (r.nextInt(10) == 0 && room > 0)) {
            // A header that does not end on a word boundary ends with EOL and zero padding.
            int trailing = pad == 0 ? Math.min(room, 4) - 1 : pad - 1;
            out.add(new TcpOption.EndOfList(new TcpOption.Bytes(new byte[trailing])));
        }
        return out;
    }

    private TcpOption option() {
        return switch (r.nextInt(9)) {
            case 0 -> new TcpOption.Nop();
            case 1 -> new TcpOption.Mss(r.nextInt(65536));
            case 2 -> new TcpOption.WindowScale(r.nextInt(256));
            case 3 -> new TcpOption.SackPermitted();
            case 4 -> {
                int n = r.nextInt(1, 5);
                List<TcpOption.SackBlock> blocks = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    blocks.add(new TcpOption.SackBlock(r.nextLong(1L << 32), r.nextLong(1L << 32)));
                }
                yield new TcpOption.Sack(blocks);
            }
            case 5 -> new TcpOption.Timestamps(r.nextLong(1L << 32), r.nextLong(1L << 32));
            case 6 -> {
                byte[] d = new byte[16];
                r.nextBytes(d);
                yield new TcpOption.Md5Signature(new TcpOption.Bytes(d));
            }
            default -> {
                int kind;
                do {
                    kind = r.nextInt(256);
                } while (kind <= 5 || kind == 8 || kind == 19 || (!ipExtras && TOOL_DISSECTED.contains(kind)));
                byte[] d = new byte[r.nextInt(12)];
                r.nextBytes(d);
                yield new TcpOption.Unknown(kind, new TcpOption.Bytes(d));
            }
        };
    }

    /**
     * Kinds that tcpdump and tshark dissect with their own rules (echo, cc, scps, uto, tcp-ao,
     * mptcp, tfo, experimental): random data there is not comparable, so tool-friendly
     * generators avoid them.
     */
    private static final java.util.Set<Integer> TOOL_DISSECTED = java.util.Set.of(6, 7, 9, 10, 11, 12, 13, 14, 15, 18,
            20, 27, 28, 29, 30, 34, 253, 254);

    private Inet4Address addr4() {
        byte[] b = new byte[4];
        r.nextBytes(b);
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private Inet6Address addr6() {
        byte[] b = new byte[16];
        r.nextBytes(b);
        if (r.nextInt(8) == 0) {
            // Sometimes an IPv4-mapped address, which must stay an Inet6Address.
            java.util.Arrays.fill(b, 0, 10, (byte) 0);
            b[10] = (byte) 0xff;
            b[11] = (byte) 0xff;
        }
        try {
            return Inet6Address.getByAddress(null, b, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
