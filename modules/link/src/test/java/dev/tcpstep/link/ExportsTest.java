package dev.tcpstep.link;

import dev.tcpstep.codec.CaptureDecoder;
import dev.tcpstep.codec.SegmentCodec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportsTest {
    @TempDir
    Path dir;

    static Simulation lossyScenario(long seed) {
        Simulation sim = Simulation.builder().seed(seed).fixedIsns(0, 5000)
                .link(LinkProfile.DEFAULT.withLoss(0.2).withDuplicate(0.05)).build();
        sim.server().listen();
        sim.aim(sim.client(), Wire.Shot.CORRUPT, 2, null);
        sim.client().connect();
        sim.run();
        sim.client().write("hello, server");
        sim.run();
        sim.client().close();
        sim.run();
        sim.server().close();
        sim.runUntilQuiet();
        return sim;
    }

    @Test
    void pcapngReadsBackPacketForPacketWithComments() throws IOException {
        Simulation sim = lossyScenario(5);
        Path f = dir.resolve("s.pcapng");
        Exports.pcapng(sim.trace(), f);
        List<CaptureDecoder.Packet> packets = CaptureDecoder.decodeAll(f, false);
        List<TraceEntry.Sent> sent = sim.trace().of(TraceEntry.Sent.class);
        assertEquals(sent.size(), packets.size());
        for (int i = 0; i < sent.size(); i++) {
            assertTrue(packets.get(i).ok());
            assertArrayEquals(sent.get(i).bytes(), SegmentCodec.encode(packets.get(i).segment()), "packet " + (i + 1));
            assertEquals(sent.get(i).time(), packets.get(i).frame().epochNanos());
        }
        var comments = Exports.comments(sim.trace());
        assertTrue(comments.get(1L).contains("client CLOSED → SYN-SENT (§3.10.1)"), comments.get(1L).toString());
    }

    @Test
    void sameSeedGivesByteIdenticalExports() throws IOException {
        Path a = dir.resolve("a.pcapng");
        Path b = dir.resolve("b.pcapng");
        Exports.pcapng(lossyScenario(9).trace(), a);
        Exports.pcapng(lossyScenario(9).trace(), b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        Exports.jsonLines(lossyScenario(9).trace(), a);
        Exports.jsonLines(lossyScenario(9).trace(), b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void jsonLinesHaveOneObjectPerTraceEntry() throws IOException {
        Simulation sim = lossyScenario(3);
        Path f = dir.resolve("t.jsonl");
        Exports.jsonLines(sim.trace(), f);
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        assertEquals(sim.trace().size(), lines.size());
        for (String l : lines) {
            assertTrue(l.startsWith("{\"type\":\"") && l.endsWith("}"), l);
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("{\"type\":\"event\"") && l.contains("\"section\":\"3.10.7.3\"")));
    }

    @Tag("external-tool")
    @Test
    void tsharkReadsTheExportWithoutMalformedPacketsOrBadChecksums() throws Exception {
        Assumptions.assumeTrue(onPath("tshark"), "tshark is not installed (apt-get install tshark); .ci/run installs it");
        Simulation sim = lossyScenario(5);
        Path f = dir.resolve("s.pcapng");
        Exports.pcapng(sim.trace(), f);
        Process p = new ProcessBuilder("tshark", "-r", f.toString(), "-o", "tcp.check_checksum:TRUE",
                "-o", "ip.check_checksum:TRUE", "-T", "fields", "-e", "frame.number", "-e", "tcp.checksum.status",
                "-e", "_ws.malformed", "-e", "frame.comment")
                .redirectError(dir.resolve("tshark.err").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out + Files.readString(dir.resolve("tshark.err")));
        List<String> rows = out.lines().toList();
        assertEquals(sim.trace().of(TraceEntry.Sent.class).size(), rows.size(), out);
        for (String row : rows) {
            String[] cols = row.split("\t", -1);
            assertEquals("1", cols[1], "checksum status Good: " + row);
            assertEquals("", cols[2], "not malformed: " + row);
        }
        assertTrue(out.contains("client CLOSED → SYN-SENT"), out);
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
