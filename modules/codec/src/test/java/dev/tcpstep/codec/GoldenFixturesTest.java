package dev.tcpstep.codec;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GoldenFixturesTest {

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("syn", Fixtures.syn(),
                        "IP 192.0.2.1.49152 > 192.0.2.2.80: Flags [S], seq 0, win 65535, options [mss 1460], length 0"),
                Arguments.of("synAck", Fixtures.synAck(),
                        "IP 192.0.2.2.80 > 192.0.2.1.49152: Flags [S.], seq 5000, ack 1, win 65535, "
                                + "options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0"),
                Arguments.of("data", Fixtures.data(),
                        "IP 192.0.2.1.49152 > 192.0.2.2.80: Flags [P.], seq 1:19, ack 5001, win 502, length 18"),
                Arguments.of("fin", Fixtures.fin(),
                        "IP 192.0.2.1.49152 > 192.0.2.2.80: Flags [F.], seq 19, ack 5001, win 502, length 0"),
                Arguments.of("rst", Fixtures.rst(),
                        "IP 192.0.2.2.80 > 192.0.2.1.49152: Flags [R], seq 5001, win 0, length 0"),
                Arguments.of("ipv6", Fixtures.ipv6WithDestinationOptions(),
                        "IP6 2001:db8::1.49152 > 2001:db8::2.443: Flags [S], seq 0, win 65535, options [mss 1440], length 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void decodes_withValidChecksums_andRoundTripsByteForByte(String name, byte[] wire, String tcpdump) {
        Segment s = SegmentCodec.decode(wire);
        assertEquals(Boolean.TRUE, s.checksumValid(), name);
        if (s.ip() instanceof IpHeader.V4 v4) {
            assertEquals(Boolean.TRUE, v4.headerChecksumValid());
            assertEquals(wire.length, v4.totalLength());
        }
        assertEquals(tcpdump, TcpdumpFormat.line(s));
        assertArrayEquals(wire, SegmentCodec.encode(s));
        // Clearing every derived value and encoding again computes the same lengths and checksums.
        assertArrayEquals(wire, SegmentCodec.encode(s.toBuilder().recompute().build()));
        assertTrue(SegmentCodec.isWellFormed(wire));
    }

    @Nested
    class Syn {
        final Segment s = SegmentCodec.decode(Fixtures.syn());

        @Test
        void everyField() {
            IpHeader.V4 ip = (IpHeader.V4) s.ip();
            assertEquals(Fixtures.v4("192.0.2.1"), ip.src());
            assertEquals(Fixtures.v4("192.0.2.2"), ip.dst());
            assertEquals(0x1c46, ip.identification());
            assertTrue(ip.dontFragment());
            assertFalse(ip.moreFragments());
            assertEquals(64, ip.ttl());
            assertEquals(0x9a82, ip.headerChecksum());
            assertEquals(49152, s.srcPort());
            assertEquals(80, s.dstPort());
            assertEquals(0, s.seq());
            assertEquals(TcpFlags.of(TcpFlags.SYN), s.flags());
            assertEquals(6, s.dataOffsetWords());
            assertEquals(65535, s.window());
            assertEquals(0x53d2, s.checksum());
            assertEquals(List.of(new TcpOption.Mss(1460)), s.options());
            assertEquals(1, s.seqLength());
        }

        @Test
        void builtFromScratch_encodesToTheFixture() {
            Segment built = Segment.builder()
                    .ip(new IpHeader.V4(Fixtures.v4("192.0.2.1"), Fixtures.v4("192.0.2.2"), 0, 0, 0x1c46, true, false,
                            0, 64, TcpOption.Bytes.EMPTY, null, null, null))
                    .srcPort(49152).dstPort(80).seq(0).flags(TcpFlags.SYN).window(65535)
                    .option(new TcpOption.Mss(1460)).build();
            assertArrayEquals(Fixtures.syn(), SegmentCodec.encode(built));
        }
    }

    @Nested
    class SynAck {
        @Test
        void optionsInWireOrder() {
            Segment s = SegmentCodec.decode(Fixtures.synAck());
            assertEquals(List.of(new TcpOption.Mss(1460), new TcpOption.SackPermitted(),
                    new TcpOption.Timestamps(1, 0), new TcpOption.Nop(), new TcpOption.WindowScale(7)), s.options());
            assertEquals(10, s.dataOffsetWords());
            assertEquals(5000, s.seq());
            assertEquals(1, s.ack());
        }
    }

    @Nested
    class Data {
        @Test
        void payloadAndSequenceSpace() {
            Segment s = SegmentCodec.decode(Fixtures.data());
            assertEquals("GET / HTTP/1.1\r\n\r\n", s.payload().utf8());
            assertEquals(18, s.seqLength());
            assertTrue(s.has(TcpFlags.PSH | TcpFlags.ACK));
        }

        @Test
        void ethernetPaddingAfterTheIpPacket_isIgnored() {
            byte[] padded = java.util.Arrays.copyOf(Fixtures.fin(), 60); // Ethernet minimum frame body
            Segment s = SegmentCodec.decode(padded);
            assertEquals(0, s.payload().length());
            assertEquals(Boolean.TRUE, s.checksumValid());
        }
    }

    @Nested
    class Rst {
        @Test
        void rstWithoutAck() {
            Segment s = SegmentCodec.decode(Fixtures.rst());
            assertTrue(s.flags().rst());
            assertFalse(s.flags().ack());
            assertEquals(0, s.seqLength());
        }
    }

    @Nested
    class Ipv6 {
        @Test
        void destinationOptionsHeaderIsWalkedAndKept() {
            Segment s = SegmentCodec.decode(Fixtures.ipv6WithDestinationOptions());
            IpHeader.V6 ip = (IpHeader.V6) s.ip();
            assertEquals(0x12345, ip.flowLabel());
            assertEquals(64, ip.hopLimit());
            assertEquals(32, ip.payloadLength());
            assertEquals(1, ip.extensions().size());
            assertEquals(60, ip.extensions().get(0).type());
            assertEquals("0600010400000000", ip.extensions().get(0).bytes().hex());
            assertEquals(443, s.dstPort());
            assertEquals(List.of(new TcpOption.Mss(1440)), s.options());
        }

        @Test
        void viewSeesTheSameHeader() {
            PacketView v = new PacketView().wrap(Fixtures.ipv6WithDestinationOptions());
            assertEquals(6, v.ipVersion());
            assertEquals(60, v.ipv6().nextHeader());
            assertEquals(1, v.ipv6().extensionHeaderCount());
            assertEquals(48, v.ipHeaderLength());
            assertEquals(0x20010db8_00000000L, v.ipv6().srcHigh());
            assertEquals(1L, v.ipv6().srcLow());
            assertEquals(443, v.tcp().dstPort());
            assertTrue(v.tcp().checksumValid());
        }
    }

    @Test
    void builtSegment_hasNoVerdictUntilDecoded() {
        Segment built = Segment.builder().addresses(Fixtures.v4("192.0.2.1"), Fixtures.v4("192.0.2.2"))
                .srcPort(1).dstPort(2).flags(TcpFlags.SYN).build();
        assertNull(built.checksumValid());
        assertEquals(Boolean.TRUE, SegmentCodec.decode(SegmentCodec.encode(built)).checksumValid());
    }
}
