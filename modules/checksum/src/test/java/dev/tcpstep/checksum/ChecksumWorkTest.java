package dev.tcpstep.checksum;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChecksumWorkTest {
    @Test
    void rfc1071ExampleShowsWordsRunningSumFoldAndComplement() {
        ChecksumWork w = ChecksumWork.of(HexFormat.of().parseHex("0001f203f4f5f6f7"));
        assertEquals(List.of(0x0001, 0xf203, 0xf4f5, 0xf6f7), w.words().stream().map(ChecksumWork.Word::value).toList());
        assertEquals(List.of(0x1L, 0xf204L, 0x1e6f9L, 0x2ddf0L), w.running());
        assertEquals(List.of(new ChecksumWork.Fold(0x2ddf0, 2, 0xddf2)), w.folds());
        assertEquals(0xddf2, w.sum());
        assertEquals(0x220d, w.checksum());
        List<String> lines = w.render();
        assertTrue(lines.contains("fold carry:    2ddf0 -> ddf0 + 2 = ddf2"), lines.toString());
        assertTrue(lines.contains("checksum:      ~ddf2 = 220d"), lines.toString());
    }

    @Test
    void labelledPartsKeepTheirNamesAndOffsets() {
        ChecksumWork w = ChecksumWork.builder()
                .add("pseudo-header", PseudoHeaderAndVerifyTest.V4_SRC)
                .add("tcp", new byte[] {1, 2, 3}).build();
        assertEquals(new ChecksumWork.Word("pseudo-header", 2, 0x0201), w.words().get(1));
        assertEquals(new ChecksumWork.Word("tcp", 6, 0x0300), w.words().get(3));
        assertTrue(w.paddedOddByte());
    }

    @Test
    void agreesWithTheKernelsOnRandomData() {
        SplittableRandom r = new SplittableRandom(5);
        for (int n = 0; n < 2000; n++) {
            byte[] b = new byte[r.nextInt(300)];
            r.nextBytes(b);
            ChecksumWork w = ChecksumWork.of(b);
            assertEquals(InternetChecksum.sum(b), w.sum());
            assertEquals(InternetChecksum.checksum(b, 0, b.length), w.checksum());
        }
    }

    @Test
    void aSegmentWithItsChecksumVerifies() {
        byte[] ph = PseudoHeader.bytes(PseudoHeaderAndVerifyTest.V4_SRC, PseudoHeaderAndVerifyTest.V4_DST, 24);
        ChecksumWork w = ChecksumWork.builder().add("pseudo-header", ph).add("tcp", PseudoHeaderAndVerifyTest.V4_SYN).build();
        assertTrue(w.verifies());
    }
}
