package dev.tcpstep.codec;

import dev.tcpstep.codec.Anomaly.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every rejected packet is a row: why it is bad, the bytes, the reason, field and byte
 * offset strict decoding must report, and whether lenient decoding recovers.
 */
class MalformedTableTest {
    private static final boolean RECOVERS = true;
    private static final boolean FATAL = false;

    /** A copy of {@code base} with bytes at {@code index} onwards replaced. */
    private static byte[] set(byte[] base, int index, int... values) {
        byte[] b = base.clone();
        for (int i = 0; i < values.length; i++) {
            b[index + i] = (byte) values[i];
        }
        return b;
    }

    /**
     * The SYN fixture encoded again with its IPv4 total length forced to {@code total}: the
     * encoder writes a header checksum that verifies, so the row tests the length alone
     * (patching the length byte by hand would also break the header checksum).
     */
    private static byte[] synWithTotalLength(int total) {
        Segment s = SegmentCodec.decode(Fixtures.syn());
        IpHeader.V4 ip = (IpHeader.V4) s.ip();
        IpHeader.V4 forced = new IpHeader.V4(ip.src(), ip.dst(), ip.dscp(), ip.ecn(), ip.identification(),
                ip.dontFragment(), ip.moreFragments(), ip.fragmentOffset(), ip.ttl(), ip.options(), total, null, null);
        return SegmentCodec.encode(s.toBuilder().ip(forced).build());
    }

    private static byte[] cut(byte[] base, int length) {
        return Arrays.copyOf(base, length);
    }

    private static Arguments row(String why, byte[] packet, Reason reason, String field, int offset, boolean lenient) {
        return Arguments.of(why, packet, reason, field, offset, lenient);
    }

    static Stream<Arguments> rows() {
        byte[] syn = Fixtures.syn();         // 20 IPv4 + 24 TCP (mss option at 40..43)
        byte[] synAck = Fixtures.synAck();   // 20 IPv4 + 40 TCP: mss 40, sackOK 44, TS 46, nop 56, wscale 57
        byte[] v6 = Fixtures.ipv6WithDestinationOptions(); // 40 + 8 (dest opts) + 24 TCP
        return Stream.of(
                // --- IP version and IPv4 header ---
                row("no bytes at all: not even a version nibble", new byte[0], Reason.TRUNCATED, "IP version", 0, FATAL),
                row("version 5 is neither IPv4 nor IPv6", set(syn, 0, 0x55), Reason.MALFORMED, "IP version", 0, FATAL),
                row("version 0 is neither IPv4 nor IPv6", set(syn, 0, 0x05), Reason.MALFORMED, "IP version", 0, FATAL),
                row("19 bytes cannot hold the 20-byte IPv4 header", cut(syn, 19), Reason.TRUNCATED, "IPv4 header", 0, FATAL),
                row("IHL 4 is below the minimum of 5 words", set(syn, 0, 0x44), Reason.MALFORMED, "IPv4 header length", 0, FATAL),
                row("IHL 15 asks for 60 header bytes; 44 are present", set(syn, 0, 0x4f), Reason.TRUNCATED,
                        "IPv4 header length", 0, FATAL),
                row("total length 70 but only 44 bytes captured", synWithTotalLength(70), Reason.TRUNCATED,
                        "IPv4 total length", 2, RECOVERS),
                row("total length 10 is shorter than the header itself", synWithTotalLength(10), Reason.MALFORMED,
                        "IPv4 total length", 2, RECOVERS),
                row("the reserved flag bit must be zero (RFC 791)", set(syn, 6, 0xc0), Reason.MALFORMED,
                        "IPv4 reserved flag", 6, RECOVERS),
                row("MF set: a first fragment; TCP needs reassembly", set(syn, 6, 0x20), Reason.UNSUPPORTED,
                        "IPv4 fragment", 6, FATAL),
                row("fragment offset 1: a later fragment has no TCP header", set(syn, 6, 0x40, 0x01), Reason.UNSUPPORTED,
                        "IPv4 fragment", 6, FATAL),
                row("protocol 17 is UDP, not TCP", set(syn, 9, 17), Reason.UNSUPPORTED, "IPv4 protocol", 9, FATAL),
                row("header checksum wrong by one bit (RFC 1122 §3.2.1.2: discard)", set(syn, 11, 0x83),
                        Reason.MALFORMED, "IPv4 header checksum", 10, RECOVERS),
                row("TTL decremented without updating the header checksum", set(syn, 8, 0x3f), Reason.MALFORMED,
                        "IPv4 header checksum", 10, RECOVERS),
                // --- TCP header ---
                row("total length 39 leaves 19 bytes for a 20-byte TCP header", synWithTotalLength(39), Reason.TRUNCATED,
                        "TCP header", 20, FATAL),
                row("capture cut at 30 bytes (total length agrees): TCP header incomplete",
                        cut(synWithTotalLength(30), 30), Reason.TRUNCATED, "TCP header", 20, FATAL),
                row("data offset 4 words is below the fixed 5-word header", set(syn, 32, 0x40), Reason.MALFORMED,
                        "data offset", 32, RECOVERS),
                row("data offset 0 words", set(syn, 32, 0x00), Reason.MALFORMED, "data offset", 32, RECOVERS),
                row("data offset 7 words (28 bytes) in a 24-byte segment", set(syn, 32, 0x70), Reason.MALFORMED,
                        "data offset", 32, RECOVERS),
                row("data offset 15 words (60 bytes) in a 24-byte segment", set(syn, 32, 0xf0), Reason.MALFORMED,
                        "data offset", 32, RECOVERS),
                // --- options: known kinds with wrong lengths ---
                row("mss length 3: MSS is always 4 bytes", set(syn, 41, 3), Reason.MALFORMED, "option mss length", 41, RECOVERS),
                row("mss length 5: MSS is always 4 bytes", set(synAck, 41, 5), Reason.MALFORMED, "option mss length", 41,
                        RECOVERS),
                row("wscale length 4 runs past the header and is not 3", set(synAck, 58, 4), Reason.MALFORMED,
                        "option wscale length", 58, RECOVERS),
                row("sackOK length 3: SACK-permitted is always 2 bytes", set(synAck, 45, 3), Reason.MALFORMED,
                        "option sackOK length", 45, RECOVERS),
                row("timestamps length 8: TS is always 10 bytes", set(synAck, 47, 8), Reason.MALFORMED,
                        "option ts length", 47, RECOVERS),
                row("sack length 9 is not 2 + 8n", set(synAck, 46, 5, 9), Reason.MALFORMED, "option sack length", 47,
                        RECOVERS),
                row("sack length 2 carries no block", set(synAck, 46, 5, 2), Reason.MALFORMED, "option sack length", 47,
                        RECOVERS),
                row("md5 length 10: the signature option is 18 bytes", set(synAck, 46, 19, 10), Reason.MALFORMED,
                        "option md5 length", 47, RECOVERS),
                // --- options: lengths that break the walk ---
                row("option length 0 would loop forever", set(syn, 40, 30, 0, 0, 0), Reason.MALFORMED,
                        "option kind 30 length", 41, RECOVERS),
                row("option length 1 cannot cover its own kind and length bytes", set(syn, 40, 30, 1, 0, 0),
                        Reason.MALFORMED, "option kind 30 length", 41, RECOVERS),
                row("option length 10 runs past the 4 option bytes", set(syn, 40, 254, 10, 0, 0), Reason.MALFORMED,
                        "option kind 254 length", 41, RECOVERS),
                row("last option byte is a kind with no room for its length", set(syn, 40, 1, 1, 1, 30), Reason.MALFORMED,
                        "option kind 30 length", 44, RECOVERS),
                // --- IPv6 ---
                row("39 bytes cannot hold the 40-byte IPv6 header", cut(v6, 39), Reason.TRUNCATED, "IPv6 header", 0, FATAL),
                row("payload length 0 means a jumbogram", set(v6, 4, 0, 0), Reason.UNSUPPORTED, "IPv6 payload length", 4,
                        FATAL),
                row("payload length 40 but 32 bytes follow the header", set(v6, 4, 0, 40), Reason.TRUNCATED,
                        "IPv6 payload length", 4, RECOVERS),
                row("next header 17 is UDP", set(v6, 6, 17), Reason.UNSUPPORTED, "IPv6 next header", 6, FATAL),
                row("next header 50 is ESP: encrypted, no TCP to read", set(v6, 6, 50), Reason.UNSUPPORTED,
                        "IPv6 next header", 6, FATAL),
                row("destination options say No Next Header (59)", set(v6, 40, 59), Reason.UNSUPPORTED,
                        "IPv6 next header", 40, FATAL),
                row("extension header of 48 bytes in a 32-byte payload", set(v6, 41, 5), Reason.TRUNCATED,
                        "IPv6 extension header length", 41, FATAL),
                row("Hop-by-Hop after another extension header (RFC 8200 §4.3)", set(v6, 40, 0), Reason.MALFORMED,
                        "IPv6 next header", 40, FATAL),
                row("fragment header with offset 1: not an atomic fragment", set(v6, 6, 44, 0x40, 0x20, 0x01, 0x0d, 0xb8),
                        Reason.UNSUPPORTED, "IPv6 fragment", 42, FATAL),
                row("payload length 18 leaves 10 bytes for the TCP header", set(v6, 4, 0, 18), Reason.TRUNCATED,
                        "TCP header", 48, FATAL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void strictDecode_rejectsWithReasonFieldAndOffset(String why, byte[] packet, Reason reason, String field, int offset,
                                                       boolean lenientRecovers) {
        MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> SegmentCodec.decode(packet));
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
        assertTrue(e.getMessage().startsWith(field + " "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" at byte " + offset), e.getMessage());
        assertFalse(SegmentCodec.isWellFormed(packet));
        // The view runs the same checks.
        MalformedPacketException v = assertThrows(MalformedPacketException.class, () -> new PacketView().wrap(packet));
        assertEquals(e.anomaly(), v.anomaly());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void lenientDecode_listsTheSameAnomaly_orGivesUpWhereNothingCanBeDecoded(String why, byte[] packet, Reason reason,
                                                                             String field, int offset,
                                                                             boolean lenientRecovers) {
        Anomaly strict = assertThrows(MalformedPacketException.class, () -> SegmentCodec.decode(packet)).anomaly();
        try {
            Decoded d = SegmentCodec.decodeLenient(packet);
            if (!lenientRecovers) {
                fail("lenient decoding recovered from a fatal problem: " + d);
            }
            assertEquals(strict, d.anomalies().get(0));
        } catch (MalformedPacketException e) {
            if (lenientRecovers) {
                fail("lenient decoding gave up: " + e.getMessage());
            }
            assertEquals(strict, e.anomaly());
        }
    }

    @org.junit.jupiter.api.Test
    void tableHasAtLeastThirtyRows() {
        assertTrue(rows().count() >= 30);
    }

    @org.junit.jupiter.api.Test
    void messageReadsLikeTheStyleGuide() {
        MalformedPacketException e = assertThrows(MalformedPacketException.class,
                () -> SegmentCodec.decode(set(Fixtures.syn(), 32, 0x40)));
        assertEquals("data offset 4 words (expected: 5..15) at byte 32", e.getMessage());
    }
}
