package dev.tcpstep.checksum;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worked steps in full, line by line, for data that spans two labelled parts and has
 * an odd length; plus the negative answers (a sum that does not verify) that the
 * fixture-based tests never ask for, and the kernels' report names.
 */
class ChecksumWorkRenderTest {
    @Test
    void twoPartsOddLength_everyLineOfTheWorkedSteps() {
        ChecksumWork w = ChecksumWork.builder()
                .add("a", new byte[] {0x01, 0x02, 0x03, 0x04})
                .add("b", new byte[] {0x05, 0x06, 0x07})
                .build();
        // words 0102 0304 | 0506 0700 (zero byte appended); running 102 406 90c 100c; no carry
        assertEquals(List.of(
                "a:             0102 0304",
                "b:             0506 0700",
                "(odd length: one zero byte appended, RFC 1071 §4.1)",
                "running sum:   102 406 90c 100c",
                "sum:           100c",
                "checksum:      ~100c = eff3"), w.render());
        assertEquals(0x100c, w.sum());
        assertEquals(0xeff3, w.checksum());
        assertFalse(w.verifies());
    }

    @Test
    void evenLengthHasNoPaddingLine_andEmptyDataRendersOnlyTheSums() {
        List<String> even = ChecksumWork.of(new byte[] {(byte) 0xff, (byte) 0xff, 0x00, 0x02}).render();
        assertEquals(List.of(
                "data:          ffff 0002",
                "running sum:   ffff 10001",
                "fold carry:    10001 -> 0001 + 1 = 2",
                "sum:           0002",
                "checksum:      ~0002 = fffd"), even);
        assertEquals(List.of("running sum:  ", "sum:           0000", "checksum:      ~0000 = ffff"),
                ChecksumWork.of(new byte[0]).render());
    }

    @Test
    void verifyOverABufferSaysNoToACorruptSegment() {
        byte[] seg = PseudoHeaderAndVerifyTest.V4_SYN.clone();
        int ph = PseudoHeader.ipv4(PseudoHeaderAndVerifyTest.V4_SRC, PseudoHeaderAndVerifyTest.V4_DST, 24);
        assertTrue(InternetChecksum.verify(ph, ByteBuffer.wrap(seg)));
        seg[5] ^= 0x01;
        assertFalse(InternetChecksum.verify(ph, ByteBuffer.wrap(seg)));
        assertFalse(InternetChecksum.verify(ph, ByteBuffer.allocateDirect(24).put(seg).flip()));
    }

    @Test
    void kernelsNameThemselves() {
        assertEquals("scalar", ChecksumKernel.scalar().name());
        ChecksumKernel.vector().ifPresent(k -> assertEquals("vector", k.name()));
        assertTrue(List.of("scalar", "vector").contains(ChecksumKernel.best().name()));
    }
}
