package dev.tcpstep.link.internal;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The link's random source is SplitMix64 (Steele, Lea, Flood 2014), the generator the JDK's
 * {@link SplittableRandom} is built on: same golden gamma, same mix. The JDK is the
 * independent reference here, for longs, doubles in [0, 1) and bounded draws.
 */
class SplitMix64Test {
    @Test
    void longsAndDoublesMatchTheJdksSplitMix() {
        for (long seed : new long[] {0, 1, -1, 42, Long.MIN_VALUE}) {
            SplitMix64 ours = new SplitMix64(seed);
            SplittableRandom jdk = new SplittableRandom(seed);
            for (int i = 0; i < 500; i++) {
                assertEquals(jdk.nextLong(), ours.nextLong(), "seed " + seed + ", draw " + i);
                double d = ours.nextDouble();
                assertEquals(jdk.nextDouble(), d, 0.0, "seed " + seed + ", double " + i);
                assertTrue(d >= 0 && d < 1, "double " + d);
            }
        }
    }

    @Test
    void boundedDrawsAreTheFloorModulusOfTheNextLong_andANonPositiveBoundDrawsNothing() {
        SplitMix64 ours = new SplitMix64(7);
        SplittableRandom jdk = new SplittableRandom(7);
        for (long bound : new long[] {1, 2, 3, 10, 1_000_003, Long.MAX_VALUE}) {
            for (int i = 0; i < 50; i++) {
                long v = ours.nextLong(bound);
                assertEquals(Math.floorMod(jdk.nextLong(), bound), v, "bound " + bound);
                assertTrue(v >= 0 && v < bound, v + " for bound " + bound);
            }
        }
        assertEquals(0, ours.nextLong(0));
        assertEquals(0, ours.nextLong(-5));
        assertEquals(jdk.nextLong(), ours.nextLong(), "a non-positive bound leaves the sequence where it was");
    }

    @Test
    void aCopyContinuesTheSameSequence_independently() {
        SplitMix64 a = new SplitMix64(99);
        a.nextLong();
        SplitMix64 b = a.copy();
        long fromCopy = b.nextLong();
        b.nextLong();
        assertEquals(fromCopy, a.nextLong(), "the copy starts where the original was");
        assertNotEquals(b.nextLong(), a.nextLong(), "advancing the copy did not advance the original");
    }
}
