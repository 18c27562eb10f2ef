package dev.tcpstep.repl.cli;

import dev.tcpstep.codec.CaptureRecord;
import dev.tcpstep.codec.CaptureWriter;
import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.SegmentCodec;
import dev.tcpstep.codec.TcpFlags;
import dev.tcpstep.codec.TcpOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecodeVerbTest {
    /** The SYN of the codec's golden fixtures. */
    static final String SYN_HEX = "4500002c1c46400040069a82c0000201c0000202c000005000000000000000006002ffff53d20000020405b4";
    static final String SYN_LINE =
            "IP 192.0.2.1.49152 > 192.0.2.2.80: Flags [S], seq 0, win 65535, options [mss 1460], length 0";

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    static Path resource(String name) {
        try {
            return Path.of(DecodeVerbTest.class.getResource("/cli/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private int run(String... args) {
        return DecodeVerb.run(List.of(args), out, err);
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @AfterEach
    void neverAStackTrace() {
        assertFalse(err().contains("\tat "), err());
        assertFalse(err().contains("Exception"), err());
    }

    @Nested
    class Usage {
        @Test
        void noArguments_exit2_withUsage() {
            assertEquals(2, run());
            assertEquals("decode: missing FILE or --hex HEX\n" + DecodeVerb.USAGE + "\n", err());
        }

        @Test
        void help_exit0() {
            assertEquals(0, run("--help"));
            assertEquals(DecodeVerb.USAGE + "\n", out());
        }

        @Test
        void unknownOption_exit2_oneLineSayingWhatIsExpected() {
            assertEquals(2, run("x.pcap", "--jsn"));
            assertTrue(err().startsWith("decode: unknown option --jsn (expected: --json, --relative, --lenient, --detail, --hex)\n"), err());
        }

        @Test
        void relativeWithJson_isRefused_sayingWhy() {
            assertEquals(2, run("x.pcap", "--json", "--relative"));
            assertTrue(err().startsWith("decode: --relative applies to the tcpdump lines; --json keeps seq and ack "
                    + "as on the wire (give one or the other)\n"), err());
            assertEquals("", out());
        }

        @Test
        void relativeWithHex_isRefused_sayingWhy() {
            assertEquals(2, run("--relative", "--hex", "4500"));
            assertTrue(err().startsWith("decode: --relative needs a capture"), err());
        }

        @Test
        void twoFiles_exit2() {
            assertEquals(2, run("a.pcap", "b.pcap"));
            assertTrue(err().startsWith("decode: one FILE expected, got a.pcap and b.pcap\n"), err());
        }
    }

    @Nested
    class Files_ {
        @TempDir
        Path dir;

        @Test
        void missingFile_exit2() {
            assertEquals(2, run(dir.resolve("nope.pcap").toString()));
            assertEquals("decode: cannot read " + dir.resolve("nope.pcap") + ": no such file\n", err());
        }

        @Test
        void directory_exit2() {
            assertEquals(2, run(dir.toString()));
            assertEquals("decode: cannot read " + dir + ": is a directory\n", err());
        }

        @Test
        void notACapture_exit2_oneLine() throws IOException {
            Path f = dir.resolve("notes.txt");
            Files.writeString(f, "hello, world\n");
            assertEquals(2, run(f.toString()));
            assertEquals("decode: " + f + ": not a pcap or pcapng file: magic 0x68656c6c "
                    + "(expected: a1b2c3d4, a1b23c4d or 0a0d0d0a) at byte 0\n", err());
            assertEquals("", out());
        }

        @Test
        void truncatedCapture_printsWhatItRead_thenExit2() throws IOException {
            byte[] whole = Files.readAllBytes(resource("lo4-ether-us.pcap"));
            Path f = dir.resolve("cut.pcap");
            Files.write(f, Arrays.copyOf(whole, whole.length - 5));
            assertEquals(2, run(f.toString()));
            assertEquals(11, out().lines().count());
            assertTrue(err().contains("truncated record"), err());
        }

        @Test
        void realCapture_oneTcpdumpLinePerPacket_andTheOffloadNote() {
            assertEquals(0, run(resource("lo4-ether-us.pcap").toString()));
            List<String> lines = out().lines().toList();
            assertEquals(12, lines.size());
            assertEquals("06:57:08.252085 IP 127.0.0.1.47692 > 127.0.0.1.18080: Flags [S], seq 569986237, win 65495, "
                    + "options [mss 65495,sackOK,TS val 886706627 ecr 0,nop,wscale 10], length 0", lines.get(0));
            // Without --relative the numbers stay absolute.
            assertTrue(lines.get(2).contains("Flags [.], ack 457781853, win 64"), lines.get(2));
            assertEquals("decode: 12 of 12 TCP checksums hold only the pseudo-header sum: likely checksum offload "
                    + "on the capturing host (reported as checksumValid=false), not corruption\n", err());
        }

        @Test
        void relative_likeTcpdump() {
            assertEquals(0, run(resource("lo4-ether-us.pcap").toString(), "--relative"));
            assertTrue(out().lines().toList().get(3).contains("Flags [P.], seq 1:90, ack 1, win 64"), out());
        }

        @Test
        void nonTcpFramesAreSkippedAndCounted() {
            assertEquals(0, run(resource("ns46-two-ifaces-comments.pcapng").toString(), "--json"));
            assertEquals(14, out().lines().count());
            assertEquals("decode: skipped 10 of 24 frames (not TCP)\n", err());
            assertTrue(out().lines().findFirst().orElseThrow().startsWith("{\"frame\":9,\"time\":1795676255.756172459,"),
                    out());
        }

        @Test
        void json_malformedPacketGivesAnErrorObject_andDecodingGoesOn() throws IOException {
            byte[] good = HexFormat.of().parseHex(SYN_HEX);
            byte[] bad = good.clone();
            bad[32] = 0x40; // data offset 4 words
            Path f = dir.resolve("mixed.pcapng");
            CaptureWriter.writePcapng(f, List.of(new CaptureRecord(1_000_000_000L, good, null),
                    new CaptureRecord(2_000_000_000L, bad, "bad one"), new CaptureRecord(3_000_000_000L, good, null)));
            assertEquals(0, run(f.toString(), "--json"));
            List<String> lines = out().lines().toList();
            assertEquals(3, lines.size());
            assertTrue(lines.get(0).startsWith("{\"frame\":1,\"time\":1.000000000,\"ipVersion\":4,"), lines.get(0));
            assertEquals("{\"frame\":2,\"error\":\"data offset 4 words (expected: 5..15) at byte 32\","
                    + "\"field\":\"data offset\",\"offset\":32}", lines.get(1));
            assertTrue(lines.get(2).startsWith("{\"frame\":3,"), lines.get(2));
        }

        @Test
        void lenient_decodesTheBadPacket_andListsTheAnomaly() throws IOException {
            byte[] bad = HexFormat.of().parseHex(SYN_HEX);
            bad[32] = 0x40;
            Path f = dir.resolve("bad.pcap");
            CaptureWriter.writePcap(f, List.of(new CaptureRecord(0, bad, null)));
            assertEquals(0, run(f.toString(), "--lenient"));
            // Lenient decoding takes the fixed 20-byte header, so the 4 option bytes read as data.
            assertEquals("00:00:00.000000 IP 192.0.2.1.49152 > 192.0.2.2.80: Flags [S], seq 0:4, win 65535, "
                    + "length 4 [malformed: data offset 4 words (expected: 5..15) at byte 32]\n", out());
        }

        @Test
        void filesTheCodecWrites_decodeBack() throws IOException {
            Segment s = Segment.builder().addresses(InetAddress.getByName("2001:db8::1"), InetAddress.getByName("2001:db8::2"))
                    .srcPort(1234).dstPort(80).seq(7).ack(9).flags(TcpFlags.ACK | TcpFlags.PSH).window(100)
                    .option(new TcpOption.Sack(List.of(new TcpOption.SackBlock(100, 200)))).build();
            Path f = dir.resolve("ours.pcapng");
            CaptureWriter.writePcapng(f, List.of(CaptureRecord.of(0, s, "hello")));
            assertEquals(0, run(f.toString()));
            assertEquals("00:00:00.000000 IP6 2001:db8::1.1234 > 2001:db8::2.80: Flags [P.], ack 9, win 100, "
                    + "options [sack 1 {100:200},eol], length 0\n", out()); // 10 option bytes + 2 zero padding bytes
            assertEquals("", err());
        }
    }

    @Nested
    class Hex {
        @Test
        void hexWithSpacesAndColons() {
            String spaced = SYN_HEX.replaceAll("(..)", "$1:").replace("::", ":");
            assertEquals(0, run("--hex", spaced.substring(0, 30), spaced.substring(30)));
            assertEquals(SYN_LINE + "\n", out());
        }

        @Test
        void hexAsJson() {
            assertEquals(0, run("--hex", SYN_HEX, "--json"));
            assertTrue(out().startsWith("{\"frame\":1,\"time\":0,\"ipVersion\":4,\"src\":\"192.0.2.1\""), out());
            assertTrue(out().contains("\"checksum\":\"53d2\",\"checksumValid\":true"), out());
        }

        @Test
        void hexDetail_showsTheFieldViewAndTheAnnotatedDump() {
            assertEquals(0, run("--hex", SYN_HEX, "--detail"));
            assertTrue(out().contains("    Checksum: 0x53d2 [correct]\n"), out());
            assertTrue(out().contains("option mss 1460"), out());
        }

        @Test
        void notHex_exit2() {
            assertEquals(2, run("--hex", "45zz"));
            assertEquals("decode: --hex: 'z' at digit 3 is not a hex digit\n", err());
        }

        @Test
        void oddNumberOfDigits_exit2() {
            assertEquals(2, run("--hex", "450"));
            assertEquals("decode: --hex has 3 hex digits (expected: an even number)\n", err());
        }

        @Test
        void malformedPacket_exit1_oneLine() {
            // 25 of the 44 bytes the IPv4 header announces.
            assertEquals(1, run("--hex", SYN_HEX.substring(0, 50)));
            assertEquals("decode: truncated: IPv4 total length 44 bytes (expected: at most 25 (bytes present)) at byte 2\n",
                    err());
        }

        @Test
        void malformedPacket_asJson_exit1() {
            assertEquals(1, run("--hex", "60", "--json"));
            assertEquals("{\"frame\":1,\"error\":\"IPv6 header 1 bytes (expected: at least 40 bytes) at byte 0\","
                    + "\"field\":\"IPv6 header\",\"offset\":0}\n", out());
        }

        @Test
        void offloadedChecksum_isNoted() {
            // A loopback SYN from the project's capture: the checksum field holds the pseudo-header sum.
            Segment s = SegmentCodec.decode(HexFormat.of().parseHex(SYN_HEX));
            int partial = dev.tcpstep.checksum.PseudoHeader.of(s.src(), s.dst(), 24);
            String hex = HexFormat.of().formatHex(SegmentCodec.encode(s.toBuilder().checksum(partial).build()));
            assertEquals(0, run("--hex", hex, "--json"));
            assertTrue(out().contains("\"checksumValid\":false"), out());
            assertTrue(err().contains("likely checksum offload"), err());
        }
    }
}
