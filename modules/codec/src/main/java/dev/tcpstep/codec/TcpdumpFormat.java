package dev.tcpstep.codec;

import dev.tcpstep.codec.internal.Text;

import java.net.InetAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One line per segment, the way {@code tcpdump -n} prints it:
 * {@code IP 192.0.2.1.49152 > 192.0.2.2.80: Flags [S], seq 0, win 65535, options [mss 1460], length 0}.
 *
 * <p>Follows tcpdump 4.99's {@code print-tcp.c}: flag letters {@code F S R P . U E W} in that
 * order ({@code none} when empty); {@code seq} only when the segment carries data, SYN, FIN
 * or RST ({@code seq a:b} with data); {@code ack} only with ACK; {@code urg} only with URG;
 * option spellings {@code mss}, {@code wscale}, {@code sackOK}, {@code sack n {l:r}},
 * {@code TS val v ecr e}, {@code nop}, {@code eol} (the list stops there), {@code md5},
 * {@code unknown-K 0x...}. Application data is not dissected (tcpdump's {@code : HTTP: ...}
 * tail is not printed).
 *
 * <p>Relative sequence numbers follow tcpdump too: per connection (both directions share an
 * entry), the first segment with ACK (or any later SYN) sets the bases — each side's ISN —
 * and is printed absolute; later segments print numbers relative to those bases. Segments
 * without ACK (the first SYN) are printed absolute. A formatter with relative numbers keeps
 * that state, so use one per capture, in order.
 */
public final class TcpdumpFormat {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final boolean relative;
    private final Map<Key, long[]> bases = new HashMap<>();

    /**
     * A formatter; with {@code relative} it keeps per-connection sequence bases.
     *
     * @param relative print sequence numbers relative to each connection's first, as tcpdump does by default
     */
    public TcpdumpFormat(boolean relative) {
        this.relative = relative;
    }

    /**
     * The line with absolute numbers, no timestamp.
     *
     * @param s the segment
     * @return e.g. {@code IP 192.0.2.1.49152 > 192.0.2.2.80: Flags [S], seq 0, win 65535, length 0}
     */
    public static String line(Segment s) {
        return new TcpdumpFormat(false).format(s);
    }

    /**
     * The line prefixed with tcpdump's default timestamp {@code HH:MM:SS.uuuuuu} (UTC).
     *
     * @param epochNanos the packet's time, nanoseconds since the epoch
     * @param s          the segment
     * @return the line
     */
    public String format(long epochNanos, Segment s) {
        return timestamp(epochNanos) + " " + format(s);
    }

    /**
     * {@code HH:MM:SS.uuuuuu} in UTC, as tcpdump prints with {@code TZ=UTC}.
     *
     * @param epochNanos nanoseconds since the epoch
     * @return the time of day
     */
    public static String timestamp(long epochNanos) {
        long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
        long micros = Math.floorMod(epochNanos, 1_000_000_000L) / 1000;
        return TIME.format(Instant.ofEpochSecond(seconds)) + "." + String.format("%06d", micros);
    }

    /**
     * The line without a timestamp, relative numbers if this formatter keeps them.
     *
     * @param s the segment
     * @return the line
     */
    public String format(Segment s) {
        long seq = s.seq();
        long ack = s.ack();
        long thseq = 0;
        long thack = 0;
        boolean rev = false;
        if (relative && s.flags().ack()) {
            byte[] src = s.src().getAddress();
            byte[] dst = s.dst().getAddress();
            rev = s.srcPort() > s.dstPort()
                    || (s.srcPort() == s.dstPort() && Arrays.compareUnsigned(src, dst) > 0);
            Key key = rev ? new Key(dst, src, s.dstPort(), s.srcPort()) : new Key(src, dst, s.srcPort(), s.dstPort());
            long[] base = bases.get(key);
            if (base == null || s.flags().syn()) {
                base = new long[2];
                if (rev) {
                    base[1] = seq;
                    base[0] = Text.u32(ack - 1);
                } else {
                    base[0] = seq;
                    base[1] = Text.u32(ack - 1);
                }
                bases.put(key, base);
            } else if (rev) {
                seq = Text.u32(seq - base[1]);
                ack = Text.u32(ack - base[0]);
            } else {
                seq = Text.u32(seq - base[0]);
                ack = Text.u32(ack - base[1]);
            }
            thseq = base[0];
            thack = base[1];
        }
        StringBuilder sb = new StringBuilder(128);
        sb.append(s.ip().version() == 4 ? "IP " : "IP6 ");
        sb.append(Text.address(s.src())).append('.').append(s.srcPort()).append(" > ")
                .append(Text.address(s.dst())).append('.').append(s.dstPort()).append(": Flags [")
                .append(flags(s.flags())).append(']');
        int length = s.payload().length();
        if (length > 0 || (s.flags().bits() & (TcpFlags.SYN | TcpFlags.FIN | TcpFlags.RST)) != 0) {
            sb.append(", seq ").append(seq);
            if (length > 0) {
                sb.append(':').append(Text.u32(seq + length));
            }
        }
        if (s.flags().ack()) {
            sb.append(", ack ").append(ack);
        }
        sb.append(", win ").append(s.window());
        if (s.flags().urg()) {
            sb.append(", urg ").append(s.urgentPointer());
        }
        if (!s.options().isEmpty()) {
            sb.append(", options [");
            options(sb, s, rev ? thseq : thack);
            sb.append(']');
        }
        sb.append(", length ").append(length);
        return sb.toString();
    }

    /**
     * tcpdump's flag letters, in its table order F S R P . U E W; {@code none} when empty.
     *
     * @param f the flags
     * @return the letters
     */
    public static String flags(TcpFlags f) {
        return f.tcpdump();
    }

    private static void options(StringBuilder sb, Segment s, long sackBase) {
        boolean first = true;
        for (TcpOption o : s.options()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            switch (o) {
                case TcpOption.EndOfList e -> sb.append("eol");
                case TcpOption.Nop n -> sb.append("nop");
                case TcpOption.Mss m -> sb.append("mss ").append(m.value());
                case TcpOption.WindowScale w -> sb.append("wscale ").append(w.shift());
                case TcpOption.SackPermitted p -> sb.append("sackOK");
                case TcpOption.Sack sack -> {
                    sb.append("sack ").append(sack.blocks().size()).append(' ');
                    for (TcpOption.SackBlock b : sack.blocks()) {
                        sb.append('{').append(Text.u32(b.left() - sackBase)).append(':')
                                .append(Text.u32(b.right() - sackBase)).append('}');
                    }
                }
                case TcpOption.Timestamps ts -> sb.append("TS val ").append(ts.value()).append(" ecr ").append(ts.echoReply());
                // tcpdump built with libcrypto (as Debian's is) says it cannot check the signature.
                case TcpOption.Md5Signature md5 -> sb.append("md5 shared secret not supplied with -M, can't check - ")
                        .append(md5.digest().hex());
                case TcpOption.Unknown u -> unknown(sb, u);
            }
            if (o instanceof TcpOption.EndOfList) {
                break;
            }
        }
    }

    private static void unknown(StringBuilder sb, TcpOption.Unknown u) {
        String name = switch (u.kind()) {
            case 6 -> "echo";
            case 7 -> "echoreply";
            case 11 -> "cc";
            case 12 -> "ccnew";
            case 13 -> "ccecho";
            case 20 -> "scps";
            case 28 -> "uto";
            case 29 -> "tcp-ao";
            case 30 -> "mptcp";
            case 34 -> "tfo";
            case 254 -> "exp";
            default -> "unknown-" + u.kind();
        };
        sb.append(name);
        boolean fourByteValue = u.kind() == 6 || u.kind() == 7 || (u.kind() >= 11 && u.kind() <= 13);
        if (fourByteValue && u.data().length() == 4) {
            long v = (long) u.data().get(0) << 24 | u.data().get(1) << 16 | u.data().get(2) << 8 | u.data().get(3);
            sb.append(' ').append(v);
        } else if (u.data().length() > 0) {
            sb.append(" 0x").append(u.data().hex());
        }
    }

    private record Key(byte[] src, byte[] dst, int srcPort, int dstPort) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && srcPort == k.srcPort && dstPort == k.dstPort
                    && Arrays.equals(src, k.src) && Arrays.equals(dst, k.dst);
        }

        @Override
        public int hashCode() {
            return (Arrays.hashCode(src) * 31 + Arrays.hashCode(dst)) * 31 + (srcPort << 16 | dstPort);
        }

        @Override
        public String toString() {
            return Text.hex(src, 0, src.length) + ">" + Text.hex(dst, 0, dst.length) + ":" + srcPort + ">" + dstPort;
        }
    }

    static String address(InetAddress a) {
        return Text.address(a);
    }
}
