package dev.tcpstep.codec;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextFormsTest {
    private static Segment.Builder base() {
        return Segment.builder().addresses(Fixtures.v4("192.0.2.1"), Fixtures.v4("192.0.2.2")).srcPort(49152).dstPort(80);
    }

    @Nested
    class TcpdumpLine {
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
                "0x02, S", "0x12, S.", "0x18, P.", "0x11, F.", "0x19, FP.", "0x04, R", "0x14, R.",
                "0x03, FS", "0x30, .U", "0x50, .E", "0xc2, SEW", "0x00, none", "0xff, FSRP.UEW"})
        void flagLetters_inTcpdumpTableOrder(String bits, String letters) {
            assertEquals(letters, TcpFlags.of(Integer.decode(bits)).tcpdump());
        }

        @Test
        void pureAck_printsNoSeq() {
            assertEquals("IP 192.0.2.1.49152 > 192.0.2.2.80: Flags [.], ack 7, win 10, length 0",
                    TcpdumpFormat.line(base().seq(5).ack(7).flags(TcpFlags.ACK).window(10).build()));
        }

        @Test
        void urgentPointer_printedWithUrg() {
            assertEquals("IP 192.0.2.1.49152 > 192.0.2.2.80: Flags [P.U], seq 1:4, ack 1, win 0, urg 3, length 3",
                    TcpdumpFormat.line(base().seq(1).ack(1).flags(TcpFlags.PSH | TcpFlags.ACK | TcpFlags.URG)
                            .urgentPointer(3).payload(Payload.ofUtf8("abc")).build()));
        }

        @Test
        void sequenceRange_wrapsAt2To32() {
            assertTrue(TcpdumpFormat.line(base().seq(0xFFFF_FFFEL).flags(TcpFlags.PSH).payload(Payload.ofUtf8("abcd")).build())
                    .contains("seq 4294967294:2,"));
        }

        @Test
        void everyOptionSpelling() {
            Segment s = base().flags(TcpFlags.ACK).ack(1).options(List.of(
                    new TcpOption.Nop(),
                    new TcpOption.Sack(List.of(new TcpOption.SackBlock(10, 20), new TcpOption.SackBlock(30, 40))),
                    new TcpOption.Md5Signature(TcpOption.Bytes.ofHex("00112233445566778899aabbccddeeff")),
                    new TcpOption.Unknown(253, TcpOption.Bytes.ofHex("abcd")),
                    new TcpOption.Unknown(30, TcpOption.Bytes.EMPTY),
                    new TcpOption.EndOfList(TcpOption.Bytes.ofHex("00")))).build();
            assertEquals("IP 192.0.2.1.49152 > 192.0.2.2.80: Flags [.], ack 1, win 0, options [nop,sack 2 {10:20}{30:40},"
                    + "md5 shared secret not supplied with -M, can't check - 00112233445566778899aabbccddeeff,"
                    + "unknown-253 0xabcd,mptcp,eol], length 0", TcpdumpFormat.line(s));
        }

        @Test
        void ipv6Addresses_inCompressedForm() {
            Segment s = Segment.builder().addresses(Fixtures.v6("2001:db8:0:0:1:0:0:1"), Fixtures.v6("::1"))
                    .srcPort(1).dstPort(2).flags(TcpFlags.SYN).build();
            assertEquals("IP6 2001:db8::1:0:0:1.1 > ::1.2: Flags [S], seq 0, win 0, length 0", TcpdumpFormat.line(s));
        }

        @Test
        void relativeNumbers_likeTcpdump_firstAckSegmentSetsTheBases() {
            TcpdumpFormat f = new TcpdumpFormat(true);
            Segment synFromClient = base().seq(1000).flags(TcpFlags.SYN).build();
            Segment synAck = Segment.builder().addresses(Fixtures.v4("192.0.2.2"), Fixtures.v4("192.0.2.1"))
                    .srcPort(80).dstPort(49152).seq(5000).ack(1001).flags(TcpFlags.SYN | TcpFlags.ACK).build();
            Segment ack = base().seq(1001).ack(5001).flags(TcpFlags.ACK).build();
            Segment data = base().seq(1001).ack(5001).flags(TcpFlags.PSH | TcpFlags.ACK).payload(Payload.ofUtf8("hi")).build();
            assertTrue(f.format(synFromClient).contains("Flags [S], seq 1000, win"));
            assertTrue(f.format(synAck).contains("Flags [S.], seq 5000, ack 1001, win"));
            assertTrue(f.format(ack).contains("Flags [.], ack 1, win"));
            assertTrue(f.format(data).contains("Flags [P.], seq 1:3, ack 1, win"));
        }

        @Test
        void timestamp_isUtcWithMicroseconds() {
            assertEquals("06:57:08.252085", TcpdumpFormat.timestamp(1_795_676_228_252_085_999L));
        }
    }

    @Nested
    class Json {
        @Test
        void synAck_exactObject() {
            assertEquals("{\"frame\":3,\"time\":1.5,\"ipVersion\":4,\"src\":\"192.0.2.2\",\"dst\":\"192.0.2.1\",\"ttl\":64,"
                    + "\"ipLength\":60,\"srcPort\":80,\"dstPort\":49152,\"seq\":5000,\"ack\":1,\"dataOffset\":40,"
                    + "\"flags\":[\"ACK\",\"SYN\"],\"window\":65535,\"checksum\":\"f011\",\"checksumValid\":true,"
                    + "\"urgentPointer\":0,\"options\":[{\"kind\":\"mss\",\"value\":1460},{\"kind\":\"sackOK\"},"
                    + "{\"kind\":\"ts\",\"val\":1,\"ecr\":0},{\"kind\":\"nop\"},{\"kind\":\"wscale\",\"shift\":7}],"
                    + "\"payloadLength\":0}", SegmentJson.segment(3, "1.5", SegmentCodec.decode(Fixtures.synAck())));
        }

        @Test
        void otherOptionsAndIpv6Length() {
            Segment s = SegmentCodec.decode(SegmentCodec.encode(Segment.builder()
                    .addresses(Fixtures.v6("2001:db8::1"), Fixtures.v6("2001:db8::2")).flags(TcpFlags.ACK).options(List.of(
                            new TcpOption.Sack(List.of(new TcpOption.SackBlock(1, 2))),
                            new TcpOption.Md5Signature(TcpOption.Bytes.ofHex("00".repeat(16))),
                            new TcpOption.Unknown(77, TcpOption.Bytes.ofHex("0a")),
                            new TcpOption.EndOfList())).build()));
            String json = SegmentJson.segment(1, "0", s);
            assertTrue(json.contains("\"ipVersion\":6"), json);
            assertTrue(json.contains("\"ipLength\":" + (40 + 20 + 32)), json);
            assertTrue(json.contains("\"options\":[{\"kind\":\"sack\",\"blocks\":[[1,2]]},{\"kind\":\"md5\",\"data\":\""
                    + "00".repeat(16) + "\"},{\"kind\":\"unknown\",\"code\":77,\"data\":\"0a\"},{\"kind\":\"eol\"}]"), json);
        }

        @Test
        void errorObject() {
            MalformedPacketException e = org.junit.jupiter.api.Assertions.assertThrows(MalformedPacketException.class,
                    () -> SegmentCodec.decode(new byte[] {0x45, 0}));
            assertEquals("{\"frame\":9,\"error\":\"IPv4 header 2 bytes (expected: at least 20 bytes) at byte 0\","
                    + "\"field\":\"IPv4 header\",\"offset\":0}", SegmentJson.error(9, e));
        }
    }

    @Nested
    class FieldViewAndHexDump {
        @Test
        void fieldView_listsEveryLayerAndTheChecksumVerdicts() {
            String v = FieldView.render(SegmentCodec.decode(Fixtures.synAck()));
            assertTrue(v.startsWith("Internet Protocol Version 4, Src: 192.0.2.2, Dst: 192.0.2.1\n"), v);
            assertTrue(v.contains("    Header Checksum: 0xb6b8 [correct]\n"), v);
            assertTrue(v.contains("Transmission Control Protocol, Src Port: 80, Dst Port: 49152, Seq: 5000, Ack: 1, Len: 0\n"), v);
            assertTrue(v.contains("    1010 .... = Header Length: 40 bytes (10)\n"), v);
            assertTrue(v.contains("        .... ..1. = Syn: Set\n"), v);
            assertTrue(v.contains("    Checksum: 0xf011 [correct]\n"), v);
            assertTrue(v.contains("        Window scale: 7 (multiply by 128)\n"), v);
        }

        @Test
        void fieldView_ofACorruptSegment_saysWhatTheChecksumShouldBe() {
            byte[] b = Fixtures.synAck();
            b[36] ^= 0x01; // checksum f011 -> f111
            String v = FieldView.render(SegmentCodec.decode(b));
            assertTrue(v.contains("Checksum: 0xf111 [incorrect, should be 0xf011]\n"), v);
        }

        @Test
        void annotatedHexDump_startsARowAtEveryField() {
            String dump = HexDump.annotated(Fixtures.syn());
            List<String> lines = dump.lines().toList();
            assertEquals("0000  45" + " ".repeat(48) + "E                 IPv4 version 4, header length 20 bytes", lines.get(0));
            assertEquals("0014  c0 00" + " ".repeat(45) + "..                source port 49152", lines.get(10));
            assertTrue(lines.get(lines.size() - 1).endsWith("option mss 1460"), lines.get(lines.size() - 1));
        }

        @Test
        void annotatedHexDump_ofUndecodableBytes_saysWhyAndDumpsThem() {
            String dump = HexDump.annotated(new byte[] {0x55, 1, 2});
            assertEquals("cannot decode: IP version 5 (expected: 4 or 6) at byte 0\n0000  55 01 02" + " ".repeat(42) + "U..\n", dump);
        }

        @Test
        void plainHexDump_sixteenBytesARow() {
            String dump = HexDump.plain(Fixtures.data());
            assertEquals("0000  45 00 00 3a 1c 46 40 00  40 06 9a 74 c0 00 02 01  E..:.F@.@..t....", dump.lines().findFirst().orElseThrow());
            assertEquals(4, dump.lines().count());
        }
    }
}
