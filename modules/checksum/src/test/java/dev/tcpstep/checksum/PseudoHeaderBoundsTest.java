package dev.tcpstep.checksum;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The pseudo-header's argument ranges at their exact edges, each address checked on its
 * own, lengths wider than one byte (and, for IPv6, wider than 16 bits), and the
 * address-family dispatch of {@link PseudoHeader#of}. The reference value is always the
 * folded sum of the pseudo-header's bytes written out here.
 */
class PseudoHeaderBoundsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] V4_SRC = {(byte) 192, 0, 2, 1};
    private static final byte[] V4_DST = {(byte) 192, 0, 2, 2};
    private static final byte[] V6_SRC = HEX.parseHex("20010db8000000000000000000000002");
    private static final byte[] V6_DST = HEX.parseHex("20010db8000000000000000000000001");

    /** RFC 9293 §3.1 / RFC 8200 §8.1 pseudo-header, written field by field. */
    private static byte[] v6Bytes(long length, int nextHeader) {
        byte[] b = new byte[40];
        System.arraycopy(V6_SRC, 0, b, 0, 16);
        System.arraycopy(V6_DST, 0, b, 16, 16);
        for (int i = 0; i < 4; i++) {
            b[32 + i] = (byte) (length >>> (24 - 8 * i)); // upper-layer packet length, 32 bits
        }
        b[39] = (byte) nextHeader;                       // three zero bytes, then next header
        return b;
    }

    @Test
    void ipv4TcpLengthIsAcceptedFrom0To65535_andRejectedJustOutside() {
        for (int len : new int[] {0, 1, 0x0100, 0x1234, 0xFFFF}) {
            byte[] b = HEX.parseHex("c0000201c0000202" + "00" + "06" + String.format("%04x", len));
            assertEquals(InternetChecksum.sum(b), PseudoHeader.ipv4(V4_SRC, V4_DST, len), "length " + len);
        }
        var e = assertThrows(IllegalArgumentException.class, () -> PseudoHeader.ipv4(V4_SRC, V4_DST, -1));
        assertEquals("TCP length -1 (expected: 0..65535)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PseudoHeader.ipv4(V4_SRC, V4_DST, 0x10000));
        assertEquals("TCP length 65536 (expected: 0..65535)", e.getMessage());
    }

    @Test
    void eachAddressIsCheckedOnItsOwn_nullIncluded() {
        var e = assertThrows(IllegalArgumentException.class, () -> PseudoHeader.ipv4(V4_SRC, new byte[6], 20));
        assertEquals("destination address of 6 bytes (expected: 4 bytes)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PseudoHeader.ipv4(null, V4_DST, 20));
        assertEquals("source address of null (expected: 4 bytes)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PseudoHeader.ipv6(new byte[18], V6_DST, 20));
        assertEquals("source address of 18 bytes (expected: 16 bytes)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PseudoHeader.ipv6(V6_SRC, new byte[18], 20));
        assertEquals("destination address of 18 bytes (expected: 16 bytes)", e.getMessage());
    }

    @Test
    void ipv6LengthIs32Bits_andNextHeaderOneByte_bothCheckedAtTheirEdges() {
        for (long len : new long[] {0, 0xFFFF, 0x1_0000, 0x1_2345, 0xABCD_EF01L, 0xFFFF_FFFFL}) {
            for (int nh : new int[] {0, 6, 17, 255}) {
                assertEquals(InternetChecksum.sum(v6Bytes(len, nh)), PseudoHeader.ipv6(V6_SRC, V6_DST, len, nh),
                        "length " + len + ", next header " + nh);
            }
        }
        var e = assertThrows(IllegalArgumentException.class, () -> PseudoHeader.ipv6(V6_SRC, V6_DST, -1, 6));
        assertEquals("upper-layer length -1 (expected: 0..4294967295)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PseudoHeader.ipv6(V6_SRC, V6_DST, 0x1_0000_0000L, 6));
        assertEquals("upper-layer length 4294967296 (expected: 0..4294967295)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PseudoHeader.ipv6(V6_SRC, V6_DST, 20, -1));
        assertEquals("next header -1 (expected: 0..255)", e.getMessage());
    }

    @Test
    void bytesCarryEveryByteOfTheLength() {
        assertArrayEquals(HEX.parseHex("c0000201c0000202" + "00" + "06" + "1234"),
                PseudoHeader.bytes(V4_SRC, V4_DST, 0x1234));
        byte[] v6 = PseudoHeader.bytes(V6_SRC, V6_DST, 0x0102_0304);
        assertArrayEquals(v6Bytes(0x0102_0304, 6), v6);
        assertArrayEquals(HEX.parseHex("01020304" + "000000" + "06"), Arrays.copyOfRange(v6, 32, 40));
    }

    @Test
    void bytesNamesAnAddressOfNeitherFamily() {
        // A 4-byte source with a 16-byte destination is not IPv4, so both must be IPv6 addresses.
        var e = assertThrows(IllegalArgumentException.class, () -> PseudoHeader.bytes(V4_SRC, V6_DST, 20));
        assertEquals("source address of 4 bytes (expected: 16 bytes)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PseudoHeader.bytes(V6_SRC, V4_DST, 20));
        assertEquals("destination address of 4 bytes (expected: 16 bytes)", e.getMessage());
    }

    @Test
    void ofDispatchesOnTheAddressFamily_andRefusesAMixedPair() throws Exception {
        InetAddress a4 = InetAddress.getByAddress(V4_SRC);
        InetAddress b4 = InetAddress.getByAddress(V4_DST);
        InetAddress a6 = InetAddress.getByAddress(V6_SRC);
        InetAddress b6 = InetAddress.getByAddress(V6_DST);
        assertEquals(PseudoHeader.ipv4(V4_SRC, V4_DST, 300), PseudoHeader.of(a4, b4, 300));
        assertEquals(PseudoHeader.ipv6(V6_SRC, V6_DST, 300), PseudoHeader.of(a6, b6, 300));
        var e = assertThrows(IllegalArgumentException.class, () -> PseudoHeader.of(a4, b6, 20));
        assertEquals("address families differ: " + a4 + " and " + b6, e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PseudoHeader.of(a6, b4, 20));
        assertEquals("address families differ: " + a6 + " and " + b4, e.getMessage());
    }
}
