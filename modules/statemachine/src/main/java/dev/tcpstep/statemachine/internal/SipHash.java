package dev.tcpstep.statemachine.internal;

/** SipHash-2-4 (Aumasson and Bernstein, 2012), written from the paper's description. */
public final class SipHash {
    private SipHash() {
    }

    public static long hash(long k0, long k1, byte[] m) {
        long v0 = k0 ^ 0x736f_6d65_7073_6575L;
        long v1 = k1 ^ 0x646f_7261_6e64_6f6dL;
        long v2 = k0 ^ 0x6c79_6765_6e65_7261L;
        long v3 = k1 ^ 0x7465_6462_7974_6573L;
        int n = m.length;
        int end = n - (n % 8);
        for (int i = 0; i < end; i += 8) {
            long w = word(m, i, 8);
            v3 ^= w;
            for (int r = 0; r < 2; r++) {
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= w;
        }
        long last = ((long) n & 0xFF) << 56 | word(m, end, n - end);
        v3 ^= last;
        for (int r = 0; r < 2; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        v0 ^= last;
        v2 ^= 0xFF;
        for (int r = 0; r < 4; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    /** Little-endian word of {@code len} (0..8) bytes at {@code off}. */
    private static long word(byte[] m, int off, int len) {
        long w = 0;
        for (int i = 0; i < len; i++) {
            w |= (m[off + i] & 0xFFL) << (8 * i);
        }
        return w;
    }
}
