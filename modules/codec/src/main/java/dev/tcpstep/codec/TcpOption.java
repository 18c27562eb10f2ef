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
    /** End of option list. */
    int KIND_EOL = 0;
    /** No-operation. */
    int KIND_NOP = 1;
    /** Maximum segment size. */
    int KIND_MSS = 2;
    /** Window scale. */
    int KIND_WSCALE = 3;
    /** SACK permitted. */
    int KIND_SACK_PERMITTED = 4;
    /** SACK blocks. */
    int KIND_SACK = 5;
    /** Timestamps. */
    int KIND_TIMESTAMPS = 8;
    /** TCP MD5 signature. */
    int KIND_MD5 = 19;

    /** {@return the option kind byte, 0..255} */
    int kind();

    /** {@return the bytes this option takes on the wire (kind and length bytes included)} */
    int wireLength();

    /**
     * End of option list (kind 0). {@code trailing} keeps whatever bytes followed it up to
     * the end of the TCP header (normally zeros), so a decoded header re-encodes to the
     * same bytes.
     *
     * @param trailing the bytes after the kind byte up to the end of the header
     */
    record EndOfList(Bytes trailing) implements TcpOption {
        /** An end of option list with nothing after it. */
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

    /**
     * Maximum segment size (kind 2, length 4), RFC 9293 §3.7.1.
     *
     * @param value the largest segment the sender can receive, in bytes, 0..65535
     */
    record Mss(int value) implements TcpOption {
        /**
         * Checks the value's range.
         *
         * @throws IllegalArgumentException if the value is not 0..65535
         */
        public Mss {
            check("mss", value, 0xFFFF);
        }

        public int kind() { return KIND_MSS; }
        public int wireLength() { return 4; }
    }

    /**
     * Window scale (kind 3, length 3), RFC 7323 §2. The shift is kept as sent; a receiver
     * clamps values above 14.
     *
     * @param shift the shift count as sent, 0..255
     */
    record WindowScale(int shift) implements TcpOption {
        /**
         * Checks the shift's range (a byte; values above 14 are kept as sent).
         *
         * @throws IllegalArgumentException if the shift is not 0..255
         */
        public WindowScale {
            check("wscale", shift, 0xFF);
        }

        public int kind() { return KIND_WSCALE; }
        public int wireLength() { return 3; }

        /** {@return the shift a receiver uses: the one sent, clamped to 14} */
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

    /**
     * One SACK block: left edge (inclusive) and right edge (exclusive), unsigned 32-bit.
     *
     * @param left  the first sequence number of the block
     * @param right the sequence number just after the block
     */
    record SackBlock(long left, long right) {
        /**
         * Checks both edges' range.
         *
         * @throws IllegalArgumentException if an edge is not 0..2^32−1
         */
        public SackBlock {
            check("sack left edge", left, 0xFFFF_FFFFL);
            check("sack right edge", right, 0xFFFF_FFFFL);
        }
    }

    /**
     * SACK (kind 5, length 2 + 8n, n = 1..4), RFC 2018.
     *
     * @param blocks the blocks as sent, 1..4
     */
    record Sack(List<SackBlock> blocks) implements TcpOption {
        /**
         * Copies the blocks and checks their number.
         *
         * @throws IllegalArgumentException if there are not 1..4 blocks
         */
        public Sack {
            blocks = List.copyOf(blocks);
            if (blocks.isEmpty() || blocks.size() > 4) {
                throw new IllegalArgumentException("sack with " + blocks.size() + " blocks (expected: 1..4)");
            }
        }

        public int kind() { return KIND_SACK; }
        public int wireLength() { return 2 + 8 * blocks.size(); }
    }

    /**
     * Timestamps (kind 8, length 10), RFC 7323 §3: TSval and TSecr, unsigned 32-bit.
     *
     * @param value     TSval, the sender's timestamp clock
     * @param echoReply TSecr, the timestamp echoed back
     */
    record Timestamps(long value, long echoReply) implements TcpOption {
        /**
         * Checks both values' range.
         *
         * @throws IllegalArgumentException if a value is not 0..2^32−1
         */
        public Timestamps {
            check("TS val", value, 0xFFFF_FFFFL);
            check("TS ecr", echoReply, 0xFFFF_FFFFL);
        }

        public int kind() { return KIND_TIMESTAMPS; }
        public int wireLength() { return 10; }
    }

    /**
     * TCP MD5 signature (kind 19, length 18), RFC 2385: 16 opaque bytes.
     *
     * @param digest the 16-byte digest
     */
    record Md5Signature(Bytes digest) implements TcpOption {
        /**
         * Checks the digest's length.
         *
         * @throws IllegalArgumentException if the digest is not 16 bytes
         */
        public Md5Signature {
            if (digest.length() != 16) {
                throw new IllegalArgumentException("md5 digest of " + digest.length() + " bytes (expected: 16)");
            }
        }

        public int kind() { return KIND_MD5; }
        public int wireLength() { return 18; }
    }

    /**
     * Any other kind, kept with its data (the bytes after the length byte).
     *
     * @param kind the kind byte, 0..255
     * @param data the bytes after the length byte, 0..38
     */
    record Unknown(int kind, Bytes data) implements TcpOption {
        /**
         * Checks the kind's range and the data's length.
         *
         * @throws IllegalArgumentException if the kind is not 0..255 or the data is over 38 bytes
         */
        public Unknown {
            check("option kind", kind, 0xFF);
            if (data.length() > 38) {
                throw new IllegalArgumentException("option data of " + data.length() + " bytes (expected: 0..38)");
            }
        }

        public int wireLength() { return 2 + data.length(); }
    }

    /**
     * Immutable bytes with content equality, for option data.
     *
     * @param value the bytes (copied in and out)
     */
    record Bytes(byte[] value) {
        /** No bytes. */
        public static final Bytes EMPTY = new Bytes(new byte[0]);

        /** Copies the array, so later changes to it do not show here. */
        public Bytes {
            value = value.clone();
        }

        /**
         * Bytes from hex digits.
         *
         * @param hex an even number of hex digits, e.g. {@code "0204"}
         * @return the bytes
         * @throws IllegalArgumentException if {@code hex} is not hex digits in pairs
         */
        public static Bytes ofHex(String hex) {
            return new Bytes(HexFormat.of().parseHex(hex));
        }

        /** {@return a copy of the bytes} */
        @Override
        public byte[] value() {
            return value.clone();
        }

        /** {@return the number of bytes} */
        public int length() {
            return value.length;
        }

        /**
         * One byte, unsigned.
         *
         * @param i its index
         * @return the byte, 0..255
         * @throws IndexOutOfBoundsException if {@code i} is not an index of these bytes
         */
        public int get(int i) {
            return value[i] & 0xFF;
        }

        /** {@return the bytes as lower-case hex digits, two per byte} */
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
