package dev.tcpstep.statemachine.internal;

import dev.tcpstep.statemachine.FourTuple;
import dev.tcpstep.statemachine.IsnSource;
import dev.tcpstep.statemachine.SeqNum;

/**
 * RFC 6528 ISN generator, deterministic given a seed: the secret key is two 64-bit words
 * drawn from the seed by SplitMix64, F() is SipHash-2-4 over the 4-tuple.
 */
public final class KeyedIsn implements IsnSource {
    private final long k0;
    private final long k1;

    public KeyedIsn(long seed) {
        long s = seed;
        s += 0x9E37_79B9_7F4A_7C15L;
        k0 = mix(s);
        s += 0x9E37_79B9_7F4A_7C15L;
        k1 = mix(s);
    }

    @Override
    public long isn(long now, FourTuple t) {
        // RFC 9293 §3.4.1 (MUST-8): "ISN = M + F(localip, localport, remoteip, remoteport, secretkey)
        // where M is the 4 microsecond timer".
        long m = Math.floorDiv(now, 4_000L);
        byte[] l = t.localAddress().getAddress();
        byte[] r = t.remoteAddress().getAddress();
        byte[] msg = new byte[l.length + r.length + 4];
        System.arraycopy(l, 0, msg, 0, l.length);
        System.arraycopy(r, 0, msg, l.length, r.length);
        int o = l.length + r.length;
        msg[o] = (byte) (t.localPort() >>> 8);
        msg[o + 1] = (byte) t.localPort();
        msg[o + 2] = (byte) (t.remotePort() >>> 8);
        msg[o + 3] = (byte) t.remotePort();
        return SeqNum.add(m, SipHash.hash(k0, k1, msg));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
