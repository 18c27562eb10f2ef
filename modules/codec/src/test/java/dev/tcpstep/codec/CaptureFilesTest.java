package dev.tcpstep.codec;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaptureFilesTest {
    static Path capture(String name) {
        try {
            return Path.of(CaptureFilesTest.class.getResource("/captures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    static List<CapturedFrame> frames(InputStream in) throws IOException {
        List<CapturedFrame> out = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(in)) {
            for (CapturedFrame f; (f = r.next()) != null; ) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * Real Linux captures made for this project (see captures/README.md): loopback ones carry
     * checksums left unfinished by offload; the namespace ones (offload switched off) carry
     * complete checksums.
     */
    @Nested
    class RealCaptures {
        @ParameterizedTest(name = "{0}")
        @CsvSource({
                // file,                           format, link type, digits, frames, tcp, skipped, offloaded, valid
                "lo4-ether-us.pcap,                PCAP,   1,   6, 12, 12,  0, 12,  0",
                "lo4-sll-us.pcap,                  PCAP,   113, 6, 12, 12,  0, 12,  0",
                "lo4-sll2-ns.pcap,                 PCAP,   276, 9, 12, 12,  0, 12,  0",
                "lo6-ether.pcapng,                 PCAPNG, 1,   9, 12, 12,  0, 12,  0",
                "ns4-ether-valid.pcap,             PCAP,   1,   6, 12, 12,  0,  0, 12",
                "ns46-two-ifaces-comments.pcapng,  PCAPNG, 1,   9, 24, 14, 10,  0, 14"})
        void decodesEveryTcpPacket(String file, CaptureReader.Format format, int linkType, int digits, int frames,
                                   int tcp, int skipped, int offloaded, int valid) throws IOException {
            List<CaptureDecoder.Packet> packets = new ArrayList<>();
            CaptureDecoder.Summary sum = CaptureDecoder.decode(capture(file), false, packets::add);
            assertEquals(format, sum.format());
            assertEquals(frames, sum.frames());
            assertEquals(tcp, sum.tcpPackets());
            assertEquals(skipped, sum.skippedNonTcp());
            assertEquals(0, sum.errors());
            assertEquals(linkType, packets.get(0).frame().linkType());
            assertEquals(digits, packets.get(0).frame().timeDigits());
            assertEquals(offloaded, packets.stream().filter(p -> p.segment().checksumLooksOffloaded()).count());
            assertEquals(valid, packets.stream().filter(p -> Boolean.TRUE.equals(p.segment().checksumValid())).count());
            // Offloaded means checksumValid=false, never a silent pass.
            assertEquals(tcp - valid, packets.stream().filter(p -> Boolean.FALSE.equals(p.segment().checksumValid())).count());
            for (CaptureDecoder.Packet p : packets) {
                byte[] d = p.frame().data();
                int at = p.frame().ipOffset();
                // Every real packet re-encodes to exactly its captured bytes.
                assertArrayEquals(java.util.Arrays.copyOfRange(d, at, d.length), SegmentCodec.encode(p.segment()));
            }
        }

        @Test
        void handshakeOfTheLoopbackCapture() throws IOException {
            List<CaptureDecoder.Packet> p = CaptureDecoder.decodeAll(capture("lo4-ether-us.pcap"), false);
            assertEquals("06:57:08.252085 IP 127.0.0.1.47692 > 127.0.0.1.18080: Flags [S], seq 569986237, win 65495, "
                    + "options [mss 65495,sackOK,TS val 886706627 ecr 0,nop,wscale 10], length 0",
                    new TcpdumpFormat(true).format(p.get(0).frame().epochNanos(), p.get(0).segment()));
            assertEquals("1795676228.252085", p.get(0).frame().time());
            // The offloaded checksum holds the pseudo-header sum: 127.0.0.1 twice, protocol 6, length 40.
            assertEquals(0xfe30, p.get(0).segment().checksum());
        }

        @Test
        void pcapngComments_areRead() throws IOException {
            List<CapturedFrame> f = frames(Files.newInputStream(capture("ns46-two-ifaces-comments.pcapng")));
            assertEquals("first SYN of the IPv4 connection", f.get(0).comment());
            assertEquals("request", f.get(3).comment());
            assertNull(f.get(1).comment());
        }
    }

    @Nested
    class SynthesizedFiles {
        private final byte[] syn = Fixtures.syn();

        @Test
        void bigEndianPcap_readsLikeLittleEndian() throws IOException {
            ByteBuffer b = ByteBuffer.allocate(24 + 16 + syn.length).order(ByteOrder.BIG_ENDIAN);
            b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(101);
            b.putInt(1_700_000_000).putInt(123_456).putInt(syn.length).putInt(syn.length).put(syn);
            List<CapturedFrame> f = frames(new ByteArrayInputStream(b.array()));
            assertEquals(1, f.size());
            assertEquals(1_700_000_000_123_456_000L, f.get(0).epochNanos());
            assertEquals("1700000000.123456", f.get(0).time());
            assertEquals(LinkType.RAW, f.get(0).linkType());
            assertArrayEquals(syn, f.get(0).data());
        }

        @Test
        void nanosecondMagic_bigEndian() throws IOException {
            ByteBuffer b = ByteBuffer.allocate(24 + 16 + syn.length);
            b.putInt(0xa1b23c4d).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(101);
            b.putInt(1).putInt(999_999_999).putInt(syn.length).putInt(syn.length).put(syn);
            assertEquals("1.999999999", frames(new ByteArrayInputStream(b.array())).get(0).time());
        }

        @Test
        void nullLinkType_bothByteOrdersOfTheFamily() throws IOException {
            byte[] le = frame(new byte[] {2, 0, 0, 0}, syn);        // AF_INET written little-endian
            byte[] be = frame(new byte[] {0, 0, 0, 30}, Fixtures.ipv6WithDestinationOptions()); // macOS AF_INET6, BE
            byte[] other = frame(new byte[] {7, 0, 0, 0}, syn);     // not an IP family
            assertEquals(4, LinkType.ipOffset(LinkType.NULL, le));
            assertEquals(4, LinkType.ipOffset(LinkType.NULL, be));
            assertEquals(-1, LinkType.ipOffset(LinkType.NULL, other));
        }

        @Test
        void ethernetWith8021QTags_andArpSkipped() {
            byte[] macs = new byte[12];
            byte[] tagged = frame(macs, new byte[] {(byte) 0x81, 0x00, 0x00, 0x05, (byte) 0x88, (byte) 0xa8, 0, 7, 0x08, 0x00}, syn);
            assertEquals(22, LinkType.ipOffset(LinkType.ETHERNET, tagged));
            byte[] arp = frame(macs, new byte[] {0x08, 0x06}, new byte[28]);
            assertEquals(-1, LinkType.ipOffset(LinkType.ETHERNET, arp));
            byte[] sll = frame(new byte[14], new byte[] {(byte) 0x86, (byte) 0xdd}, Fixtures.ipv6WithDestinationOptions());
            assertEquals(16, LinkType.ipOffset(LinkType.LINUX_SLL, sll));
            assertEquals(-1, LinkType.ipOffset(LinkType.ETHERNET, new byte[5]));
        }

        @Test
        void pcapng_twoInterfaces_simplePacketBlock_resolutionAndComments() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(block(0x0A0D0D0A, le(16).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1).array()));
            // Interface 0: RAW, default resolution (µs). Interface 1: ETHERNET, if_tsresol 2^-10.
            out.write(block(1, le(12).putShort((short) 101).putShort((short) 0).putInt(0).putInt(0).array()));
            out.write(block(1, le(20).putShort((short) 1).putShort((short) 0).putInt(0)
                    .putShort((short) 9).putShort((short) 1).put((byte) 0x8a).put(new byte[3]).putInt(0).array()));
            byte[] eth = frame(new byte[12], new byte[] {0x08, 0x00}, syn);
            out.write(block(6, epb(1, 3L * 1024 + 512, eth, "on eth")));
            out.write(block(6, epb(0, 2_000_001, syn, null)));
            out.write(block(5, new byte[8])); // an Interface Statistics Block: skipped
            out.write(block(3, le(4 + ((syn.length + 3) & ~3)).putInt(syn.length).put(syn).array()));
            List<CapturedFrame> f = frames(new ByteArrayInputStream(out.toByteArray()));
            assertEquals(3, f.size());
            assertEquals(1, f.get(0).interfaceId());
            assertEquals(LinkType.ETHERNET, f.get(0).linkType());
            assertEquals(3_500_000_000L, f.get(0).epochNanos());
            assertEquals("on eth", f.get(0).comment());
            assertEquals("2.000001", f.get(1).time());
            assertEquals(LinkType.RAW, f.get(1).linkType());
            assertArrayEquals(syn, f.get(2).data()); // SPB: interface 0, no timestamp
            assertEquals(-1, f.get(2).timeDigits());
        }

        @Test
        void notACapture_isOneClearError() {
            CaptureFormatException e = assertThrows(CaptureFormatException.class,
                    () -> frames(new ByteArrayInputStream("hello, world\n".getBytes(StandardCharsets.US_ASCII))));
            assertEquals("not a pcap or pcapng file: magic 0x68656c6c (expected: a1b2c3d4, a1b23c4d or 0a0d0d0a) at byte 0",
                    e.getMessage());
            assertThrows(CaptureFormatException.class, () -> frames(new ByteArrayInputStream(new byte[0])));
        }

        @Test
        void truncatedRecord_isReportedWithItsOffset() throws IOException {
            byte[] whole = Files.readAllBytes(capture("lo4-ether-us.pcap"));
            byte[] cut = java.util.Arrays.copyOf(whole, 24 + 16 + 10);
            CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> frames(new ByteArrayInputStream(cut)));
            assertEquals("truncated record: 10 of 74 bytes at byte 24", e.getMessage());
        }

        private static ByteBuffer le(int n) {
            return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        }

        private static byte[] epb(int iface, long ts, byte[] data, String comment) {
            byte[] c = comment == null ? new byte[0] : comment.getBytes(StandardCharsets.UTF_8);
            int padded = (data.length + 3) & ~3;
            int opts = comment == null ? 0 : 4 + ((c.length + 3) & ~3) + 4;
            ByteBuffer b = le(20 + padded + opts);
            b.putInt(iface).putInt((int) (ts >>> 32)).putInt((int) ts).putInt(data.length).putInt(data.length).put(data);
            b.position(20 + padded);
            if (comment != null) {
                b.putShort((short) 1).putShort((short) c.length).put(c);
                b.position(b.position() + (((c.length + 3) & ~3) - c.length));
                b.putInt(0);
            }
            return b.array();
        }

        private static byte[] block(int type, byte[] body) {
            int len = 12 + body.length;
            return le(len).putInt(type).putInt(len).put(body).putInt(len).array();
        }
    }

    static byte[] frame(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Nested
    class Writing {
        @TempDir
        Path dir;

        private List<CaptureRecord> records() {
            return List.of(new CaptureRecord(1_700_000_000_123_456_789L, Fixtures.syn(), "SYN_SENT: sent SYN"),
                    new CaptureRecord(1_700_000_000_223_456_789L, Fixtures.synAck(), null),
                    new CaptureRecord(1_700_000_000_323_456_789L, Fixtures.ipv6WithDestinationOptions(), "ünïcode ✓"));
        }

        @Test
        void pcapng_roundTripsTimesBytesAndComments() throws IOException {
            Path f = dir.resolve("out.pcapng");
            CaptureWriter.writePcapng(f, records());
            List<CapturedFrame> frames = frames(Files.newInputStream(f));
            assertEquals(3, frames.size());
            for (int i = 0; i < 3; i++) {
                assertEquals(records().get(i).epochNanos(), frames.get(i).epochNanos());
                assertArrayEquals(records().get(i).packet(), frames.get(i).data());
                assertEquals(records().get(i).comment(), frames.get(i).comment());
                assertEquals(LinkType.RAW, frames.get(i).linkType());
            }
            assertEquals("1700000000.123456789", frames.get(0).time());
        }

        @Test
        void classicPcap_microAndNano() throws IOException {
            Path us = dir.resolve("us.pcap");
            Path ns = dir.resolve("ns.pcap");
            CaptureWriter.writePcap(us, records());
            CaptureWriter.writePcap(ns, records(), true);
            assertEquals(1_700_000_000_123_456_000L, frames(Files.newInputStream(us)).get(0).epochNanos());
            assertEquals(1_700_000_000_123_456_789L, frames(Files.newInputStream(ns)).get(0).epochNanos());
            assertEquals(3, CaptureDecoder.decodeAll(us, false).size());
        }

        @Test
        void writesAtomically_replacingTheOldFile_leavingNoTemporaryFile() throws IOException {
            Path f = dir.resolve("out.pcapng");
            Files.writeString(f, "old");
            CaptureWriter.writePcapng(f, records());
            assertEquals(CaptureReader.Format.PCAPNG, CaptureReader.open(f).format());
            try (var files = Files.list(dir)) {
                assertEquals(List.of(f), files.toList());
            }
        }

        @Test
        void aFailedWrite_leavesTheOldFileAndNoTemporaryFile() throws IOException {
            Path f = dir.resolve("out.pcapng");
            Files.writeString(f, "old");
            List<CaptureRecord> bad = List.of(new CaptureRecord(0, Fixtures.syn(), "x".repeat(70_000)));
            assertThrows(IllegalArgumentException.class, () -> CaptureWriter.writePcapng(f, bad));
            assertEquals("old", Files.readString(f));
            try (var files = Files.list(dir)) {
                assertEquals(List.of(f), files.toList());
            }
        }

        @Tag("external-tool")
        @Test
        void writtenFiles_openInTshark_withoutWarnings() throws IOException, InterruptedException {
            Tools.assumeOnPath("tshark");
            // Stress the file format with 200 random segments, comments on every third.
            List<CaptureRecord> random = new ArrayList<>();
            RandomSegments gen = new RandomSegments(42, false);
            for (int i = 0; i < 200; i++) {
                random.add(CaptureRecord.of(1_700_000_000_000_000_000L + i * 1000L, gen.next(), i % 3 == 0 ? "note " + i : null));
            }
            for (Path p : List.of(dir.resolve("w.pcapng"), dir.resolve("w.pcap"))) {
                if (p.toString().endsWith("ng")) {
                    CaptureWriter.writePcapng(p, random);
                } else {
                    CaptureWriter.writePcap(p, random);
                }
                Tools.Result r = Tools.run("tshark", "-n", "-r", p.toString());
                assertEquals(0, r.exit(), r.stderr());
                assertEquals("", r.stderrWithoutRootNotice(), "tshark complained about " + p.getFileName());
                assertEquals(200, r.stdout().lines().count());
            }
            // Real conversations, re-encoded by the codec (checksums computed afresh): tshark finds
            // nothing malformed and every IP and TCP checksum correct.
            List<CaptureRecord> real = new ArrayList<>();
            for (String f : List.of("lo4-ether-us.pcap", "lo6-ether.pcapng", "ns46-two-ifaces-comments.pcapng")) {
                for (CaptureDecoder.Packet p : CaptureDecoder.decodeAll(capture(f), false)) {
                    real.add(CaptureRecord.of(p.frame().epochNanos(), p.segment().toBuilder().recompute().build(),
                            "frame " + p.frame().number() + " of " + f));
                }
            }
            Path ng = dir.resolve("real.pcapng");
            CaptureWriter.writePcapng(ng, real);
            Tools.Result all = Tools.run("tshark", "-n", "-r", ng.toString());
            assertEquals("", all.stderrWithoutRootNotice());
            assertEquals(real.size(), all.stdout().lines().count());
            assertFalse(all.stdout().contains("Malformed"), all.stdout());
            Tools.Result bad = Tools.run("tshark", "-n", "-r", ng.toString(), "-o", "tcp.check_checksum:TRUE",
                    "-o", "ip.check_checksum:TRUE", "-Y", "tcp.checksum.status != 1 || ip.checksum.status == 0");
            assertEquals(0, bad.exit(), bad.stderr());
            assertEquals("", bad.stdout());
            Tools.Result comments = Tools.run("tshark", "-n", "-r", ng.toString(), "-T", "fields", "-e", "frame.comment");
            assertEquals("frame 1 of lo4-ether-us.pcap", comments.stdout().lines().findFirst().orElseThrow());
        }
    }
}
