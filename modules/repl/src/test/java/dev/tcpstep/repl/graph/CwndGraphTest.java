package dev.tcpstep.repl.graph;

import dev.tcpstep.link.LinkProfile;
import dev.tcpstep.link.Simulation;
import dev.tcpstep.link.TraceEntry;
import dev.tcpstep.statemachine.Profile;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CwndGraphTest {
    private static final int MSS = 1460;

    private static CwndGraph graph() {
        CongestionSampler sampler = new CongestionSampler();
        Simulation sim = Scenarios.connected(Profile.rfc9293(), LinkProfile.DEFAULT, sampler);
        Scenarios.transfer(sim, 20 * MSS, 4);
        return CwndGraph.of("client", sampler.samples(sim, "client"), sim.trace().entries(), sim.now());
    }

    @Test
    void retransmissionsAreTheSendersFromTheTrace() {
        CongestionSampler sampler = new CongestionSampler();
        Simulation sim = Scenarios.connected(Profile.rfc9293(), LinkProfile.DEFAULT, sampler);
        Scenarios.transfer(sim, 20 * MSS, 4);
        CwndGraph g = CwndGraph.of("client", sampler.samples(sim, "client"), sim.trace().entries(), sim.now());
        List<Long> expected = sim.trace().of(TraceEntry.Sent.class).stream()
                .filter(s -> s.retransmission() && s.from().equals("client")).map(TraceEntry.Sent::time).toList();
        assertTrue(!expected.isEmpty());
        assertEquals(expected, g.retransmissions());
    }

    @Test
    void textFitsTheWidthWithAllThreeLinesAndTheRetransmission() {
        CwndGraph g = graph();
        for (int width : new int[] {60, 100, 140}) {
            List<String> lines = g.text(width, 16, false);
            for (String l : lines) {
                assertTrue(l.codePointCount(0, l.length()) <= width, width + ": " + l);
            }
            String plot = String.join("\n", lines.subList(2, 2 + 16));
            assertTrue(plot.contains("●"), "cwnd:\n" + plot);
            assertTrue(plot.contains("═"), "ssthresh after the loss:\n" + plot);
            assertTrue(plot.contains("·"), "flight size:\n" + plot);
            assertTrue(lines.get(2).contains("R"), "retransmission on the top row:\n" + plot);
        }
        assertTrue(String.join("", g.text(100, 16, true)).chars().allMatch(c -> c < 128));
    }

    @Test
    void svgHasAxesWithUnitsLegendAndOneTrianglePerRetransmission() {
        CwndGraph g = graph();
        String svg = g.svg();
        assertTrue(svg.contains(">time (ms)</text>") || svg.contains(">time (s)</text>"), "x axis title with unit");
        assertTrue(svg.contains(">cwnd, ssthresh, flight size (kB)</text>"), "y axis title with unit");
        for (String key : List.of("cwnd", "flight size", "retransmission", "recovery")) {
            assertTrue(svg.contains(">" + key + "</text>"), key);
        }
        assertEquals(g.retransmissions().size() + 1, count(svg, "l-6,11z\" fill=\"#d1242f\""),
                "one triangle per retransmission plus the legend's");
        assertTrue(count(svg, "fill=\"#fbe3c4\"") >= 2, "the recovery episode is shaded (and the legend's sample)");
        assertEquals(svg, graph().svg(), "deterministic");
    }

    private static long count(String s, String needle) {
        long n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
