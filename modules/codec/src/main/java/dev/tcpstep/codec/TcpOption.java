package dev.tcpstep.codec;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * TCP options (RFC 9293 §3.2 and the RFCs that define each kind): a closed set of known
 * kinds plus {@link Unknown} for every other kind, kept byte for byte. A known kind with
 * a wrong length is malformed when decoding.
 */
public sealed interface TcpOption {
    int KIND_EOL = 0;
    int KIND_NOP = 1;
    int KIND_MSS = 2;
    int KIND_WSCALE = 3;
    int KIND_SACK_PERMITTED = 4;
    int KIND_SACK = 5;
    int KIND_TIMESTAMPS = 8;
    int KIND_MD5 = 19;

    /** The option kind byte. */
    int kind();

    /** Bytes this option takes on the wire (kind and length bytes included). */
    int wireLength();

    /**
     * End of option list (kind 0). {@code trailing} keeps whatever bytes followed it up to
     * the end of the TCP header (normally zeros), so a decoded header re-encodes to the
     * same bytes.
     */
    record EndOfList(Bytes trailing) implements TcpOption {
        public EndOfList() {
            this(Bytes.EMPTY);
        }

        public int kind() { return KIND_EOL; }
        public int wireLength() { return 1 + trailing.length(); }
    }

    /** No-operation (kind 1), used to align options. */
    record Nop() implements TcpOption {
        public int kind() { return KIND_NOP; }
        public int wireLength() { return 1; }
    }

    /** Maximum segment size (kind 2, length 4), RFC 9293 §3.7.1. */
    record Mss(int value) implements TcpOption {
        public Mss {
            check("mss", value, 0xFFFF);
        }

        public int kind() { return KIND_MSS; }
        public int wireLength() { return 4; }
    }

    /**
     * Window scale (kind 3, length 3), RFC 7323 §2. The shift is kept as sent; a receiver
     * clamps values above 14.
     */
    record WindowScale(int shift) implements TcpOption {
        public WindowScale {
            check("wscale", shift, 0xFF);
        }

        public int kind() { return KIND_WSCALE; }
        public int wireLength() { return 3; }

        /** The shift a receiver uses: the one sent, clamped to 14. */
        public int effectiveShift() {
            // RFC 7323 §2.3: "If a Window Scale option is received with a shift.cnt value
            // larger than 14, the TCP SHOULD log the error but MUST use 14 instead of the
            // specified value."
            return Math.min(shift, 14);
        }
    }

    /** SACK permitted (kind 4, length 2), RFC 2018. */
    record SackPermitted() implements TcpOption {
        public int kind() { return KIND_SACK_PERMITTED; }
        public int wireLength() { return 2; }
    }

    /** One SACK block: left edge (inclusive) and right edge (exclusive), unsigned 32-bit. */
    record SackBlock(long left, long right) {
        public SackBlock {
            check("sack left edge", left, 0xFFFF_FFFFL);
            check("sack right edge", right, 0xFFFF_FFFFL);
        }
    }

    /** SACK (kind 5, length 2 + 8n, n = 1..4), RFC 2018. */
    record Sack(List<SackBlock> blocks) implements TcpOption {
        public Sack {
            blocks = List.copyOf(blocks);
            if (blocks.isEmpty() || blocks.size() > 4) {
                throw new IllegalArgumentException("sack with " + blocks.size() + " blocks (expected: 1..4)");
            }
        }

        public int kind() { return KIND_SACK; }
        public int wireLength() { return 2 + 8 * blocks.size(); }
    }

    /** Timestamps (kind 8, length 10), RFC 7323 §3: TSval and TSecr, unsigned 32-bit. */
    record Timestamps(long value, long echoReply) implements TcpOption {
        public Timestamps {
            check("TS val", value, 0xFFFF_FFFFL);
            check("TS ecr", echoReply, 0xFFFF_FFFFL);
        }

        public int kind() { return KIND_TIMESTAMPS; }
        public int wireLength() { return 10; }
    }

    /** TCP MD5 signature (kind 19, length 18), RFC 2385: 16 opaque bytes. */
    record Md5Signature(Bytes digest) implements TcpOption {
        public Md5Signature {
            if (digest.length() != 16) {
                throw new IllegalArgumentException("md5 digest of " + digest.length() + " bytes (expected: 16)");
            }
        }

        public int kind() { return KIND_MD5; }
        public int wireLength() { return 18; }
    }

    /** Any other kind, kept with its data (the bytes after the length byte). */
    record Unknown(int kind, Bytes data) implements TcpOption {
        public Unknown {
            check("option kind", kind, 0xFF);
            if (data.length() > 38) {
                throw new IllegalArgumentException("option data of " + data.length() + " bytes (expected: 0..38)");
            }
        }

        public int wireLength() { return 2 + data.length(); }
    }

    /** Immutable bytes with content equality, for option data. */
    record Bytes(byte[] value) {
        public static final Bytes EMPTY = new Bytes(new byte[0]);

        public Bytes {
            value = value.clone();
        }

        public static Bytes ofHex(String hex) {
            return new Bytes(HexFormat.of().parseHex(hex));
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        public int length() {
            return value.length;
        }

        public int get(int i) {
            return value[i] & 0xFF;
        }

        public String hex() {
            return HexFormat.of().formatHex(value);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return hex();
        }
    }

    private static void check(String what, long v, long max) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException(what + " " + v + " (expected: 0.." + max + ")");
        }
    }
}
