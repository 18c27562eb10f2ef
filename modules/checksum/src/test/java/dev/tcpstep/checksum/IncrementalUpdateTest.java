package dev.tcpstep.checksum;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IncrementalUpdateTest {

    private static int full(byte[] b) {
        return InternetChecksum.checksum(b, 0, b.length);
    }

    private static void put(byte[] b, int word, int value) {
        b[2 * word] = (byte) (value >>> 8);
        b[2 * word + 1] = (byte) value;
    }

    private static int get(byte[] b, int word) {
        return (b[2 * word] & 0xFF) << 8 | (b[2 * word + 1] & 0xFF);
    }

    @Test
    void rfc1624Section4Example() {
        // RFC 1624 §4: HC = 0xDD2F, m = 0x5555 -> m' = 0x3285 gives 0x0000, where eqn. 2
        // wrongly gives 0xFFFF. Other words sum to 0xCD7A.
        assertEquals(0x0000, InternetChecksum.update(0xDD2F, 0x5555, 0x3285));
    }

    @Test
    void matchesFullRecomputeOnSeededRandomCases() {
        SplittableRandom r = new SplittableRandom(1624);
        for (int n = 0; n < 100_000; n++) {
            int words = 1 + r.nextInt(12);
            byte[] b = new byte[2 * words];
            r.nextBytes(b);
            int which = r.nextInt(words);
            int newWord = r.nextInt(0x10000);
            switch (n % 5) {
                case 0 -> newWord = 0;
                case 1 -> newWord = 0xFFFF;
                case 2 -> put(b, which, 0xFFFF);
                default -> { }
            }
            int before = full(b);
            int oldWord = get(b, which);
            put(b, which, newWord);
            if (isAllZero(b)) {
                continue; // covered by the test below: no incremental formula can see this
            }
            assertEquals(full(b), InternetChecksum.update(before, oldWord, newWord),
                    "case " + n + ": word " + which + " " + oldWord + " -> " + newWord);
        }
    }

    @Test
    void casesWhereTheOtherWordsSumToNegativeZero() {
        // The rest of the data folds to 0xFFFF (e.g. one word 0xFFFF); every old/new value
        // of the changing word is tried, including 0x0000 and 0xFFFF.
        for (int oldWord = 0; oldWord <= 0xFFFF; oldWord += 0x00FF) {
            for (int newWord : new int[] {0, 1, 0x7FFF, 0xFFFE, 0xFFFF}) {
                byte[] b = new byte[4];
                put(b, 0, 0xFFFF);
                put(b, 1, oldWord);
                int before = full(b);
                put(b, 1, newWord);
                assertEquals(full(b), InternetChecksum.update(before, oldWord, newWord), oldWord + "->" + newWord);
            }
        }
    }

    @Test
    void theOneCaseNoIncrementalFormulaSees() {
        // All covered data becomes zero: a recompute says 0xFFFF, eqn. 3 says 0x0000.
        // TCP never meets it (the pseudo-header holds protocol 6); documented on update().
        byte[] b = new byte[4];
        put(b, 1, 0x1234);
        int before = full(b);
        assertEquals(0xFFFF, full(new byte[4]));
        assertEquals(0x0000, InternetChecksum.update(before, 0x1234, 0));
    }

    private static boolean isAllZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
