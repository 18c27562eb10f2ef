package dev.tcpstep.codec;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Our tcpdump-style lines against tcpdump itself (when installed): on the project's real
 * captures with relative numbers, and on 500 seeded random segments (every option kind,
 * flag combination, IPv4 and IPv6) with absolute numbers.
 */
@Tag("external-tool")
class TcpdumpComparisonTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"lo4-ether-us.pcap", "lo4-sll-us.pcap", "lo6-ether.pcapng", "ns4-ether-valid.pcap",
            "ns46-two-ifaces-comments.pcapng"})
    void realCaptures_matchTcpdumpLineForLine(String file) throws IOException, InterruptedException {
        Tools.assumeOnPath("tcpdump");
        Path p = CaptureFilesTest.capture(file);
        Tools.Result r = Tools.run("tcpdump", "-nn", "-r", p.toString(), "tcp");
        // tcpdump dissects HTTP after "length N"; this codec stops at the TCP layer.
        List<String> theirs = r.stdout().lines().map(l -> l.replaceFirst("(length \\d+): HTTP.*", "$1")).toList();
        TcpdumpFormat f = new TcpdumpFormat(true);
        List<String> ours = new ArrayList<>();
        CaptureDecoder.decode(p, false, pk -> ours.add(f.format(pk.frame().epochNanos(), pk.segment())));
        assertEquals(theirs, ours);
    }

    @Test
    void randomSegments_matchTcpdump_withAbsoluteNumbers() throws IOException, InterruptedException {
        Tools.assumeOnPath("tcpdump");
        RandomSegments gen = new RandomSegments(2024, false);
        List<CaptureRecord> records = new ArrayList<>();
        List<String> ours = new ArrayList<>();
        TcpdumpFormat f = new TcpdumpFormat(false);
        for (int i = 0; i < 500; i++) {
            Segment s = gen.next();
            // tcpdump dissects payloads on well-known ports; keep ports out of its way.
            s = s.toBuilder().srcPort(40000 + i).dstPort(50000 + i).build();
            long t = 1_700_000_000_000_000_000L + i * 1_000_000L;
            records.add(CaptureRecord.of(t, s));
            ours.add(f.format(t, s));
        }
        Path file = dir.resolve("random.pcap");
        CaptureWriter.writePcap(file, records);
        Tools.Result r = Tools.run("tcpdump", "-nn", "-S", "-r", file.toString());
        List<String> theirs = r.stdout().lines().toList();
        for (int i = 0; i < ours.size(); i++) {
            assertEquals(theirs.get(i), ours.get(i), "segment " + i);
        }
        assertEquals(theirs.size(), ours.size());
    }
}
