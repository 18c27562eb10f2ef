package dev.tcpstep.link;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A small count of {@link Soak}'s runs in every build (every profile at least 20 times);
 * {@code bin/soak} runs 10^5. {@code -Dtcpstep.soak=N} runs more here.
 */
class SoakTest {
    private static final int RUNS = Integer.getInteger("tcpstep.soak", 200);

    @Test
    void seededLossyRuns_holdTheInvariants() {
        List<String> failures = Soak.run(1, RUNS, null, (seed, done) -> { }, System.out);
        assertEquals(List.of(), failures);
    }
}
