package dev.tcpstep.checksum;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fixtures: two TCP segments whose checksums were computed independently (Python's
 * struct module over the pseudo-header and segment) and then checked word by word.
 */
class PseudoHeaderAndVerifyTest {
    private static final HexFormat HEX = HexFormat.of();

    // IPv4 192.0.2.1 -> 192.0.2.2, TCP SYN with MSS 1460 (24 bytes).
    static final byte[] V4_SRC = {(byte) 192, 0, 2, 1};
    static final byte[] V4_DST = {(byte) 192, 0, 2, 2};
    static final byte[] V4_SYN = HEX.parseHex(String.join("",
            "c000",     // source port 49152
            "0050",     // destination port 80
            "00000000", // sequence number 0 (the seed notes' client ISN)
            "00000000", // acknowledgment number (ACK not set)
            "60",       // data offset 6 words (24 bytes), reserved 0
            "02",       // flags: SYN
            "ffff",     // window 65535
            "53d2",     // checksum
            "0000",     // urgent pointer
            "020405b4"  // option: MSS (kind 2, length 4) 1460
    ));

    // IPv6 2001:db8::2 -> 2001:db8::1, TCP PSH,ACK carrying "hello" (25 bytes).
    static final byte[] V6_SRC = HEX.parseHex("20010db8000000000000000000000002");
    static final byte[] V6_DST = HEX.parseHex("20010db8000000000000000000000001");
    static final byte[] V6_DATA = HEX.parseHex(String.join("",
            "0050",       // source port 80
            "c000",       // destination port 49152
            "00001388",   // sequence number 5000 (the seed notes' server ISN)
            "00000001",   // acknowledgment number 1
            "50",         // data offset 5 words
            "18",         // flags: PSH, ACK
            "ffff",       // window 65535
            "3ca7",       // checksum
            "0000",       // urgent pointer
            "68656c6c6f"  // payload "hello" (odd length)
    ));

    @Test
    void ipv4PseudoHeaderMatchesItsBytes() {
        int ph = PseudoHeader.ipv4(V4_SRC, V4_DST, V4_SYN.length);
        byte[] bytes = PseudoHeader.bytes(V4_SRC, V4_DST, V4_SYN.length);
        assertArrayEquals(HEX.parseHex("c0000201c0000202" + "00" + "06" + "0018"), bytes);
        assertEquals(InternetChecksum.sum(bytes), ph);
    }

    @Test
    void ipv6PseudoHeaderMatchesItsBytes() {
        int ph = PseudoHeader.ipv6(V6_SRC, V6_DST, V6_DATA.length);
        byte[] bytes = PseudoHeader.bytes(V6_SRC, V6_DST, V6_DATA.length);
        assertEquals(40, bytes.length);
        assertArrayEquals(HEX.parseHex("00000019" + "000000" + "06"), java.util.Arrays.copyOfRange(bytes, 32, 40));
        assertEquals(InternetChecksum.sum(bytes), ph);
    }

    @Test
    void realSegmentsVerify() throws Exception {
        assertTrue(InternetChecksum.verify(PseudoHeader.ipv4(V4_SRC, V4_DST, 24), V4_SYN, 0, 24));
        assertTrue(InternetChecksum.verify(PseudoHeader.ipv6(V6_SRC, V6_DST, 25), V6_DATA, 0, 25));
        var a = InetAddress.getByAddress(V6_SRC);
        var b = InetAddress.getByAddress(V6_DST);
        assertTrue(InternetChecksum.verify(PseudoHeader.of(a, b, 25), ByteBuffer.wrap(V6_DATA)));
    }

    @Test
    void computingTheChecksumWithTheFieldZeroedGivesTheFixtureValue() {
        byte[] seg = V4_SYN.clone();
        seg[16] = 0;
        seg[17] = 0;
        assertEquals(0x53d2, InternetChecksum.checksum(PseudoHeader.ipv4(V4_SRC, V4_DST, 24), seg, 0, 24));
        byte[] seg6 = V6_DATA.clone();
        seg6[16] = 0;
        seg6[17] = 0;
        assertEquals(0x3ca7, InternetChecksum.checksum(PseudoHeader.ipv6(V6_SRC, V6_DST, 25), ByteBuffer.wrap(seg6)));
    }

    @Test
    void anySingleBitFlipFailsVerification() {
        int ph = PseudoHeader.ipv4(V4_SRC, V4_DST, 24);
        for (int bit = 0; bit < 24 * 8; bit++) {
            byte[] seg = V4_SYN.clone();
            seg[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(InternetChecksum.verify(ph, seg, 0, 24), "bit " + bit);
        }
    }

    @Test
    void wrongPseudoHeaderFailsVerification() {
        byte[] otherDst = {(byte) 192, 0, 2, 3};
        assertFalse(InternetChecksum.verify(PseudoHeader.ipv4(V4_SRC, otherDst, 24), V4_SYN, 0, 24));
        assertFalse(InternetChecksum.verify(PseudoHeader.ipv4(V4_SRC, V4_DST, 23), V4_SYN, 0, 24));
    }

    @Test
    void badArgumentsSayWhatWasExpected() {
        var e = assertThrows(IllegalArgumentException.class, () -> PseudoHeader.ipv4(new byte[3], V4_DST, 1));
        assertEquals("source address of 3 bytes (expected: 4 bytes)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PseudoHeader.ipv4(V4_SRC, V4_DST, 70000));
        assertEquals("TCP length 70000 (expected: 0..65535)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PseudoHeader.ipv6(V6_SRC, V6_DST, 1, 256));
        assertEquals("next header 256 (expected: 0..255)", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> PseudoHeader.of(InetAddress.getByAddress(V4_SRC), InetAddress.getByAddress(V6_DST), 1));
    }
}
