package dev.tcpstep.statemachine;

import dev.tcpstep.statemachine.internal.KeyedIsn;

/**
 * Chooses initial sequence numbers (RFC 9293 §3.4.1). Passed in, never hidden: the
 * endpoint has no random source of its own (DESIGN.md principle 1).
 */
@FunctionalInterface
public interface IsnSource {
    /**
     * The ISS for a new connection.
     *
     * @param now   virtual time in nanoseconds
     * @param tuple the connection's sockets, seen from the endpoint choosing the ISS
     * @return a sequence number, 0..2^32−1
     */
    long isn(long now, FourTuple tuple);

    /**
     * Always {@code isn}: the teaching setting (client 0, server 5000 as in the seed notes).
     *
     * @param isn the ISN, 0..2^32−1
     * @return the source
     * @throws IllegalArgumentException if {@code isn} is not a 32-bit sequence number
     */
    static IsnSource fixed(long isn) {
        SeqNum.require("isn", isn);
        return (now, tuple) -> isn;
    }

    /**
     * RFC 6528 shape, reproducible: {@code ISN = M + F(localip, localport, remoteip,
     * remoteport, secretkey)} where M is a 4-microsecond clock taken from {@code now} and F
     * is SipHash-2-4 keyed by a key derived from {@code seed}. Same seed, same {@code now},
     * same tuple, same ISN.
     *
     * @param seed the seed the secret key is derived from
     * @return the source
     */
    static IsnSource rfc6528(long seed) {
        return new KeyedIsn(seed);
    }
}
