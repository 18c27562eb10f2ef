package dev.tcpstep.link.internal;

/**
 * SplitMix64 (Steele, Lea and Flood, 2014): a tiny random source whose whole state is
 * one long, so a simulation snapshot can copy it and a restored run draws the same
 * numbers again.
 */
public final class SplitMix64 {
    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound). */
    public long nextLong(long bound) {
        if (bound <= 0) {
            return 0;
        }
        return Math.floorMod(nextLong(), bound);
    }

    public SplitMix64 copy() {
        SplitMix64 c = new SplitMix64(0);
        c.state = state;
        return c;
    }
}
