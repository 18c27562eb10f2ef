package dev.tcpstep.repl.graph;

import dev.tcpstep.link.LinkProfile;
import dev.tcpstep.link.Simulation;
import dev.tcpstep.link.TraceEntry;
import dev.tcpstep.statemachine.Profile;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeqGraphTest {
    private static final int MSS = 1460;

    private static Simulation lossy() {
        Simulation sim = Scenarios.connected(Profile.rfc9293(), LinkProfile.DEFAULT, null);
        Scenarios.transfer(sim, 20 * MSS, 4);
        return sim;
    }

    @Test
    void everySegmentOfTheSenderIsABarAtItsRelativeSequenceRange() {
        Simulation sim = lossy();
        SeqGraph g = SeqGraph.of(sim.trace().entries(), "client");
        List<TraceEntry.Sent> sent = sim.trace().of(TraceEntry.Sent.class).stream()
                .filter(s -> s.from().equals("client") && s.segment().seqLength() > 0).toList();
        assertEquals(sent.size(), g.bars().size());
        for (int i = 0; i < sent.size(); i++) {
            TraceEntry.Sent s = sent.get(i);
            SeqGraph.Bar b = g.bars().get(i);
            // ISN 0: relative and absolute sequence numbers agree.
            assertEquals(s.segment().seq(), b.start());
            assertEquals(s.segment().seq() + s.segment().seqLength(), b.end());
            assertEquals(s.retransmission(), b.retransmission());
            assertEquals(s.time(), b.time());
        }
        assertEquals(0, g.bars().getFirst().start(), "the SYN sits at relative 0");
    }

    @Test
    void theDroppedSegmentIsCrossedAndItsRetransmissionMarked() {
        Simulation sim = lossy();
        SeqGraph g = SeqGraph.of(sim.trace().entries(), "client");
        List<SeqGraph.Bar> lost = g.bars().stream().filter(SeqGraph.Bar::lost).toList();
        assertEquals(1, lost.size());
        SeqGraph.Bar gone = lost.getFirst();
        assertTrue(g.bars().stream().anyMatch(b -> b.retransmission() && b.start() == gone.start()
                && b.time() > gone.time()), "the same bytes are sent again later");
        assertTrue(g.acks().getLast().ack() == 20 * MSS + 1, "everything is acknowledged in the end");
    }

    @Test
    void ackLineComesFromTheReceiversAcksAsTheyArriveWithTheWindowEdge() {
        Simulation sim = lossy();
        SeqGraph g = SeqGraph.of(sim.trace().entries(), "client");
        List<TraceEntry.Delivered> acks = sim.trace().of(TraceEntry.Delivered.class).stream()
                .filter(d -> d.to().equals("client") && d.segment().flags().ack()).toList();
        assertEquals(acks.size(), g.acks().size());
        for (int i = 0; i < acks.size(); i++) {
            TraceEntry.Delivered d = acks.get(i);
            SeqGraph.Ack a = g.acks().get(i);
            assertEquals(d.time(), a.time());
            assertEquals(d.segment().ack(), a.ack());
            assertEquals(d.segment().ack() + d.segment().window(), a.windowEdge(), "no window scaling negotiated");
        }
    }

    @Test
    void windowEdgeIsScaledWhenBothSynsCarriedTheOption() {
        Profile scaled = Profile.rfc9293().toBuilder().windowScale(7).receiveWindow(1 << 20).build();
        Simulation sim = Scenarios.connected(scaled, LinkProfile.DEFAULT, null);
        Scenarios.transfer(sim, 10 * MSS, 0);
        SeqGraph g = SeqGraph.of(sim.trace().entries(), "client");
        SeqGraph.Ack last = g.acks().getLast();
        TraceEntry.Delivered d = sim.trace().of(TraceEntry.Delivered.class).stream()
                .filter(e -> e.to().equals("client")).toList().getLast();
        assertEquals(d.segment().ack() + ((long) d.segment().window() << 7), last.windowEdge());
        assertTrue(last.windowEdge() - last.ack() > 65535, "a scaled window is larger than the field");
    }

    @Test
    void sackBlocksAreTheOptionsTheSenderReceived() {
        Simulation sim = Scenarios.connected(Profile.rfc9293().toBuilder().sack(true).build(), LinkProfile.DEFAULT,
                null);
        Scenarios.transfer(sim, 20 * MSS, 4);
        SeqGraph g = SeqGraph.of(sim.trace().entries(), "client");
        List<SeqGraph.Ack> withSack = g.acks().stream().filter(a -> !a.sacks().isEmpty()).toList();
        assertFalse(withSack.isEmpty(), "the hole makes the receiver SACK");
        SeqGraph.Bar gone = g.bars().stream().filter(SeqGraph.Bar::lost).findFirst().orElseThrow();
        for (SeqGraph.Ack a : withSack) {
            assertTrue(a.sacks().getFirst()[0] >= gone.end(), "blocks lie above the hole");
        }
        assertTrue(String.join("\n", g.text(100, 16, false).subList(2, 2 + 16)).contains("S"), "SACK drawn");
        assertTrue(g.svg().contains("stroke=\"#8250df\" stroke-width=\"3\"/>"), "SACK drawn in the SVG");
    }

    @Test
    void textFitsTheWidthAndShowsRetransmissionsAndLosses() {
        SeqGraph g = SeqGraph.of(lossy().trace().entries(), "client");
        for (int width : new int[] {60, 100, 160}) {
            List<String> lines = g.text(width, 16, false);
            for (String l : lines) {
                assertTrue(l.codePointCount(0, l.length()) <= width, width + ": " + l);
            }
            String plot = String.join("\n", lines.subList(2, 2 + 16));
            assertTrue(plot.contains("R"), "retransmission drawn:\n" + plot);
            assertTrue(plot.contains("✗"), "loss drawn:\n" + plot);
            assertTrue(plot.contains("─"), "ACK line drawn:\n" + plot);
        }
    }

    @Test
    void asciiFallbackUsesOnlyAscii() {
        List<String> lines = SeqGraph.of(lossy().trace().entries(), "client").text(100, 16, true);
        String all = String.join("\n", lines);
        assertTrue(all.chars().allMatch(c -> c < 128), all);
        assertTrue(all.contains("x lost"), all);
    }

    @Test
    void svgHasTitledAxesWithUnitsALegendAndOneMarkPerRetransmission() {
        Simulation sim = lossy();
        SeqGraph g = SeqGraph.of(sim.trace().entries(), "client");
        String svg = g.svg();
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assertTrue(svg.strip().endsWith("</svg>"));
        assertTrue(svg.contains(">time (ms)</text>"), "x axis title with unit");
        assertTrue(svg.contains(">relative sequence number (kB)</text>"), "y axis title with unit");
        for (String key : List.of("segment sent", "retransmission", "lost / dropped", "ACK", "ACK + window")) {
            assertTrue(svg.contains(">" + key + "</text>"), key);
        }
        long retransmitted = g.bars().stream().filter(SeqGraph.Bar::retransmission).count();
        assertTrue(retransmitted > 0);
        // Retransmissions are the thick red I-beams; one more is the legend's sample.
        assertEquals(retransmitted + 1, count(svg, "stroke=\"#d1242f\" stroke-width=\"2.5\" fill=\"none\"")
                + count(svg, "h6M11,15h6\" stroke=\"#d1242f\""));
    }

    @Test
    void aTimeWindowKeepsItsSegmentsAndTheAckLineAsItStood() {
        SeqGraph all = SeqGraph.of(lossy().trace().entries(), "client");
        SeqGraph.Bar re = all.bars().stream().filter(SeqGraph.Bar::retransmission).findFirst().orElseThrow();
        long from = re.time() - 1;
        long to = re.time() + 50_000_000L;
        SeqGraph zoom = all.between(from, to);
        assertEquals(all.bars().stream().filter(b -> b.time() >= from && b.time() <= to).toList(), zoom.bars());
        SeqGraph.Ack before = all.acks().stream().filter(a -> a.time() < from).toList().getLast();
        assertEquals(from, zoom.acks().getFirst().time());
        assertEquals(before.ack(), zoom.acks().getFirst().ack(), "the ACK line starts where it stood");
        assertTrue(zoom.svg().contains("1 retransmitted"));
    }

    @Test
    void sameSeedSamePicture() {
        assertEquals(SeqGraph.of(lossy().trace().entries(), "client").svg(),
                SeqGraph.of(lossy().trace().entries(), "client").svg());
    }

    @Test
    void aSenderWithNothingSentIsEmpty() {
        Simulation sim = Simulation.builder().build();
        assertTrue(SeqGraph.of(sim.trace().entries(), "client").isEmpty());
        assertFalse(SeqGraph.of(lossy().trace().entries(), "client").isEmpty());
    }

    private static long count(String s, String needle) {
        long n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
