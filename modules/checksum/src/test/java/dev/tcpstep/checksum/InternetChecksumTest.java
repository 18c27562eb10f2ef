package dev.tcpstep.checksum;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InternetChecksumTest {
    private static final HexFormat HEX = HexFormat.of();

    /** The plain byte-pair loop every kernel is checked against. */
    static int referenceSum(byte[] b, int off, int len) {
        long s = 0;
        for (int i = 0; i < len; i += 2) {
            int hi = b[off + i] & 0xFF;
            int lo = i + 1 < len ? b[off + i + 1] & 0xFF : 0;
            s += hi << 8 | lo;
        }
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }

    static Stream<ChecksumKernel> kernels() {
        // The surefire configuration resolves jdk.incubator.vector, so both kernels run.
        return Stream.concat(Stream.of(ChecksumKernel.scalar()), ChecksumKernel.vector().stream());
    }

    @Test
    void vectorKernelIsAvailableUnderTest() {
        assertTrue(ChecksumKernel.vector().isPresent(),
                "tests run with --add-modules jdk.incubator.vector, so the vector kernel must load");
        assertEquals("vector", ChecksumKernel.best().name());
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void rfc1071Section3Example(ChecksumKernel k) {
        // RFC 1071 §3: bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2 (2ddf0 folded).
        byte[] b = HEX.parseHex("0001f203f4f5f6f7");
        assertEquals(0xddf2, k.sum(b, 0, b.length));
        assertEquals(0x220d, ~k.sum(b, 0, b.length) & 0xFFFF);
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void emptyRangeSumsToZero(ChecksumKernel k) {
        assertEquals(0, k.sum(new byte[0], 0, 0));
        assertEquals(0, k.sum(new byte[5], 3, 0));
        assertEquals(0, k.sum(ByteBuffer.allocateDirect(0)));
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void oddLengthIsPaddedOnTheRight(ChecksumKernel k) {
        // RFC 1071 §4.1: a trailing odd byte is the high byte of a word whose low byte is 0.
        assertEquals(0xab00, k.sum(new byte[] {(byte) 0xab}, 0, 1));
        assertEquals(0x0102 + 0x0300, k.sum(new byte[] {1, 2, 3}, 0, 3));
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void allZeroAndAllOnes(ChecksumKernel k) {
        for (int len : new int[] {1, 2, 7, 64, 1500, 65536}) {
            byte[] zeros = new byte[len];
            byte[] ones = new byte[len];
            Arrays.fill(ones, (byte) 0xFF);
            assertEquals(0, k.sum(zeros, 0, len), "zeros " + len);
            assertEquals(referenceSum(ones, 0, len), k.sum(ones, 0, len), "ones " + len);
        }
        byte[] ones = new byte[64];
        Arrays.fill(ones, (byte) 0xFF);
        assertEquals(0xFFFF, k.sum(ones, 0, 64), "nonzero data never folds to 0x0000");
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void everyOffsetAndLengthAroundTheUnrolledLoop(ChecksumKernel k) {
        byte[] b = new byte[600];
        new SplittableRandom(1071).nextBytes(b);
        for (int off = 0; off <= 7; off++) {
            for (int len = 0; len <= 300; len++) {
                assertEquals(referenceSum(b, off, len), k.sum(b, off, len), "off " + off + " len " + len);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void everyLengthUpTo2048AtEveryAlignmentInArraysAndDirectBuffers(ChecksumKernel k) {
        // The long-wise loop, its tail of 0..7 bytes and the odd byte, at every start
        // alignment: heap arrays and direct buffers (the buffer path has its own loop).
        byte[] b = new byte[2048 + 8];
        new SplittableRandom(16).nextBytes(b);
        ByteBuffer direct = ByteBuffer.allocateDirect(b.length).put(b).clear();
        for (int off = 0; off < 8; off++) {
            for (int len = 0; len <= 2048; len++) {
                int expected = referenceSum(b, off, len);
                if (expected != k.sum(b, off, len)) {
                    assertEquals(expected, k.sum(b, off, len), "array off " + off + " len " + len);
                }
                direct.limit(off + len).position(off);
                if (expected != k.sum(direct)) {
                    assertEquals(expected, k.sum(direct), "direct off " + off + " len " + len);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void rangesEndingExactlyAtTheArrayEnd(ChecksumKernel k) {
        // The vector kernel's tail is a masked load: it must not read past the array.
        SplittableRandom r = new SplittableRandom(77);
        for (int len = 0; len <= 300; len++) {
            for (int off = 0; off <= 3; off++) {
                byte[] b = new byte[off + len];
                r.nextBytes(b);
                assertEquals(referenceSum(b, off, len), k.sum(b, off, len), "off " + off + " len " + len);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void sixtyFourKiBWorstCaseCarries(ChecksumKernel k) {
        byte[] b = new byte[65536];
        Arrays.fill(b, (byte) 0xFF);
        b[1] = (byte) 0xFE;
        assertEquals(referenceSum(b, 0, b.length), k.sum(b, 0, b.length));
        byte[] big = new byte[3 << 20]; // 3 MiB: several vector drain blocks
        new SplittableRandom(3).nextBytes(big);
        assertEquals(referenceSum(big, 0, big.length), k.sum(big, 0, big.length));
        Arrays.fill(big, (byte) 0xFF);
        assertEquals(0xFFFF, k.sum(big, 1, big.length - 2));
        assertEquals(0xFF00, k.sum(big, 1, big.length - 1), "odd tail 0xff padded to 0xff00");
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void seededRandomBuffersMatchTheReferenceLoop(ChecksumKernel k) {
        SplittableRandom r = new SplittableRandom(20260101);
        byte[] b = new byte[2100];
        for (int n = 0; n < 100_000; n++) {
            int len = n % 10 == 0 ? r.nextInt(2048) : r.nextInt(80);
            int off = r.nextInt(8);
            for (int i = off; i < off + len; i++) {
                b[i] = (byte) r.nextInt();
            }
            int expected = referenceSum(b, off, len);
            if (expected != k.sum(b, off, len)) {
                assertEquals(expected, k.sum(b, off, len), "case " + n + " off " + off + " len " + len);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void byteBuffersHeapAndDirectLeaveTheBufferAlone(ChecksumKernel k) {
        byte[] b = new byte[1501];
        new SplittableRandom(9).nextBytes(b);
        for (ByteBuffer buf : List.of(ByteBuffer.wrap(b), ByteBuffer.allocateDirect(b.length).put(b).clear(),
                ByteBuffer.wrap(new byte[b.length + 10], 5, b.length).slice().put(b).clear())) {
            buf.order(ByteOrder.BIG_ENDIAN).position(3).limit(1500);
            assertEquals(referenceSum(b, 3, 1497), k.sum(buf), buf.toString());
            assertEquals(3, buf.position());
            assertEquals(1500, buf.limit());
            assertEquals(ByteOrder.BIG_ENDIAN, buf.order());
        }
    }

    @Test
    void rangesOutsideTheArrayAreRejected() {
        assertThrows(IndexOutOfBoundsException.class, () -> InternetChecksum.sum(new byte[4], 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> InternetChecksum.sum(new byte[4], -1, 2));
    }

    @Nested
    class Combining {
        @Test
        void evenSplitAddsSums() {
            byte[] b = HEX.parseHex("0001f203f4f5f6f7");
            int a = InternetChecksum.sum(b, 0, 4);
            int c = InternetChecksum.sum(b, 4, 4);
            assertEquals(0xddf2, InternetChecksum.combine(a, c, 4));
        }

        @Test
        void partStartingAtAnOddOffsetIsByteSwapped() {
            SplittableRandom r = new SplittableRandom(2);
            for (int n = 0; n < 20_000; n++) {
                byte[] b = new byte[1 + r.nextInt(200)];
                r.nextBytes(b);
                int cut = r.nextInt(b.length + 1);
                int a = InternetChecksum.sum(b, 0, cut);
                int c = InternetChecksum.sum(b, cut, b.length - cut);
                assertEquals(referenceSum(b, 0, b.length), InternetChecksum.combine(a, c, cut),
                        "length " + b.length + " cut " + cut);
            }
        }

        @Test
        void negativeOffsetIsRejected() {
            var e = assertThrows(IllegalArgumentException.class, () -> InternetChecksum.combine(1, 2, -1));
            assertEquals("offsetOfB -1 (expected: >= 0)", e.getMessage());
        }
    }
}
