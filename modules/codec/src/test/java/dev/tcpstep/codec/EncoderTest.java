package dev.tcpstep.codec;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EncoderTest {
    private static Segment.Builder syn() {
        return Segment.builder().addresses(Fixtures.v4("192.0.2.1"), Fixtures.v4("192.0.2.2"))
                .srcPort(49152).dstPort(80).flags(TcpFlags.SYN).window(65535);
    }

    @Test
    void fillsDataOffsetPaddingLengthsAndChecksums() {
        Segment s = syn().option(new TcpOption.Mss(1460)).option(new TcpOption.WindowScale(7)).build();
        byte[] wire = SegmentCodec.encode(s);
        // 4 + 3 = 7 option bytes, padded to 8: a 28-byte header.
        assertEquals(20 + 28, wire.length);
        Segment d = SegmentCodec.decode(wire);
        assertEquals(7, d.dataOffsetWords());
        assertEquals(48, ((IpHeader.V4) d.ip()).totalLength());
        assertEquals(Boolean.TRUE, d.checksumValid());
        assertEquals(Boolean.TRUE, ((IpHeader.V4) d.ip()).headerChecksumValid());
        // The padding byte is zero, which decodes as End of Option List.
        assertEquals(new TcpOption.EndOfList(), d.options().get(2));
    }

    @Test
    void forcedChecksum_isWrittenAsIs_andTheReceiverSeesItWrong() {
        Segment good = SegmentCodec.decode(SegmentCodec.encode(syn().build()));
        int wrong = good.checksum() ^ 0x0001;
        Segment d = SegmentCodec.decode(SegmentCodec.encode(syn().checksum(wrong).build()));
        assertEquals(wrong, d.checksum());
        assertEquals(Boolean.FALSE, d.checksumValid());
        assertFalse(d.checksumLooksOffloaded());
    }

    @Test
    void forcedDataOffset_belowFive_isWritten_andStrictDecodingRejectsIt() {
        byte[] wire = SegmentCodec.encode(syn().dataOffsetWords(4).build());
        assertEquals(40, wire.length); // the header itself stays 20 bytes
        MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> SegmentCodec.decode(wire));
        assertEquals("data offset", e.field());
        Decoded lenient = SegmentCodec.decodeLenient(wire);
        assertEquals(4, lenient.segment().dataOffsetWords());
    }

    @Test
    void forcedDataOffset_aboveTheOptions_padsWithZeros() {
        byte[] wire = SegmentCodec.encode(syn().dataOffsetWords(8).build());
        assertEquals(20 + 32, wire.length);
        Segment d = SegmentCodec.decode(wire);
        assertEquals(8, d.dataOffsetWords());
        assertEquals(List.of(new TcpOption.EndOfList(TcpOption.Bytes.ofHex("00".repeat(11)))), d.options());
    }

    @Test
    void forcedIpFields_areWrittenAsIs() {
        IpHeader.V4 ip = new IpHeader.V4(Fixtures.v4("192.0.2.1"), Fixtures.v4("192.0.2.2"), 0, 0, 1, true, false, 0,
                64, TcpOption.Bytes.EMPTY, null, 0xBEEF, null);
        byte[] wire = SegmentCodec.encode(syn().ip(ip).build());
        // Strict decoding refuses the forced checksum; lenient decoding shows what was written.
        assertThrows(MalformedPacketException.class, () -> SegmentCodec.decode(wire));
        Decoded lenient = SegmentCodec.decodeLenient(wire);
        assertEquals("IPv4 header checksum", lenient.anomalies().get(0).field());
        Segment d = lenient.segment();
        assertEquals(0xBEEF, ((IpHeader.V4) d.ip()).headerChecksum());
        assertEquals(Boolean.FALSE, ((IpHeader.V4) d.ip()).headerChecksumValid());
        assertEquals(Boolean.TRUE, d.checksumValid()); // the TCP checksum does not cover the IP checksum
    }

    @Test
    void optionsBeyondFortyBytes_areRefused() {
        Segment s = syn().option(new TcpOption.Unknown(99, new TcpOption.Bytes(new byte[38])))
                .option(new TcpOption.Nop()).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SegmentCodec.encode(s));
        assertEquals("options take 41 bytes (expected: 0..40)", e.getMessage());
    }

    @Test
    void ipv6ExtensionChain_isWrittenFromTheListOrder() {
        // Next-header bytes inside the extension headers are rewritten to match the list.
        IpHeader.V6 ip = new IpHeader.V6(Fixtures.v6("2001:db8::1"), Fixtures.v6("2001:db8::2"), 0, 0, 64, List.of(
                new IpHeader.ExtensionHeader(0, TcpOption.Bytes.ofHex("ff00010400000000")),
                new IpHeader.ExtensionHeader(60, TcpOption.Bytes.ofHex("ff00010400000000"))), null);
        Segment d = SegmentCodec.decode(SegmentCodec.encode(syn().ip(ip).build()));
        IpHeader.V6 got = (IpHeader.V6) d.ip();
        assertEquals("3c00010400000000", got.extensions().get(0).bytes().hex());
        assertEquals("0600010400000000", got.extensions().get(1).bytes().hex());
        assertEquals(Boolean.TRUE, d.checksumValid());
    }

    @Test
    void encodeIntoArrayAndBuffer_matchTheOneShotEncode() {
        Segment s = syn().payload(Payload.ofUtf8("hello")).build();
        byte[] expected = SegmentCodec.encode(s);
        byte[] into = new byte[expected.length + 7];
        assertEquals(expected.length, SegmentCodec.encode(s, into, 7));
        assertArrayEquals(expected, java.util.Arrays.copyOfRange(into, 7, into.length));
        ByteBuffer heap = ByteBuffer.allocate(100).position(3);
        SegmentCodec.encode(s, heap);
        assertEquals(3 + expected.length, heap.position());
        ByteBuffer direct = ByteBuffer.allocateDirect(100);
        SegmentCodec.encode(s, direct);
        assertEquals(s, SegmentCodec.decode(direct.flip()).toBuilder().recompute().build());
    }

    @Test
    void windowScaleAbove14_isKeptOnTheWire_butEffectiveShiftIsClamped() {
        Segment d = SegmentCodec.decode(SegmentCodec.encode(syn().option(new TcpOption.WindowScale(20)).build()));
        TcpOption.WindowScale ws = d.option(TcpOption.WindowScale.class);
        assertEquals(20, ws.shift());
        assertEquals(14, ws.effectiveShift());
    }

    @Test
    void checksumOffload_isRecognisedFromThePseudoHeaderSum() {
        Segment s = syn().build();
        int tcpLength = 20;
        int partial = dev.tcpstep.checksum.PseudoHeader.of(s.src(), s.dst(), tcpLength);
        Segment d = SegmentCodec.decode(SegmentCodec.encode(syn().checksum(partial).build()));
        assertEquals(Boolean.FALSE, d.checksumValid());
        assertTrue(d.checksumLooksOffloaded());
        assertTrue(FieldView.render(d).contains("likely checksum offload"));
    }
}
