package dev.tcpstep.repl.graph;

import dev.tcpstep.link.LinkProfile;
import dev.tcpstep.link.Simulation;
import dev.tcpstep.statemachine.Profile;
import dev.tcpstep.statemachine.Tcb;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CongestionSamplerTest {
    private static final int MSS = 1460;

    @Test
    void samplesFollowTheConnectionAndEndAtItsState() {
        CongestionSampler sampler = new CongestionSampler();
        Simulation sim = Scenarios.connected(Profile.rfc9293(), LinkProfile.DEFAULT, sampler);
        Scenarios.transfer(sim, 30 * MSS, 0);
        List<CongestionSampler.Sample> s = sampler.samples(sim, "client");
        assertTrue(s.size() > 5, "cwnd grows in slow start: " + s);
        Tcb t = sim.client().connection().tcb();
        CongestionSampler.Sample last = s.getLast();
        assertEquals(t.cwnd(), last.cwnd());
        assertEquals(t.ssthresh(), last.ssthresh());
        assertEquals(0, last.flightSize(), "all acknowledged");
        assertTrue(s.stream().anyMatch(x -> x.flightSize() > 0));
        for (int i = 1; i < s.size(); i++) {
            CongestionSampler.Sample a = s.get(i - 1);
            CongestionSampler.Sample b = s.get(i);
            assertTrue(b.traceIndex() > a.traceIndex() && b.time() >= a.time(), "in trace order");
            assertFalse(a.cwnd() == b.cwnd() && a.ssthresh() == b.ssthresh() && a.flightSize() == b.flightSize()
                    && a.phase().equals(b.phase()), "a sample is kept only when something changed");
        }
        assertFalse(sampler.late(sim));
    }

    @Test
    void aLossShowsInTheSamplesAsASmallerWindowAndARecoveryPhase() {
        CongestionSampler sampler = new CongestionSampler();
        Simulation sim = Scenarios.connected(Profile.rfc9293(), LinkProfile.DEFAULT, sampler);
        Scenarios.transfer(sim, 20 * MSS, 4);
        List<CongestionSampler.Sample> s = sampler.samples(sim, "client");
        long peak = 0;
        boolean fell = false;
        for (CongestionSampler.Sample x : s) {
            fell |= x.cwnd() < peak;
            peak = Math.max(peak, x.cwnd());
        }
        assertTrue(fell, "cwnd is cut after the loss: " + s);
        assertTrue(s.stream().anyMatch(x -> x.ssthresh() < Integer.MAX_VALUE), "ssthresh set by the loss");
        assertTrue(s.stream().anyMatch(x -> x.phase().contains("recovery")), "a recovery episode: " + s);
        assertEquals("NewReno", s.getLast().algorithm(), "the profile's default");
    }

    @Test
    void aRestoredSimulationKeepsThePrefixAndContinuesIdentically() {
        CongestionSampler sampler = new CongestionSampler();
        Simulation sim = Scenarios.connected(Profile.rfc9293(), LinkProfile.DEFAULT, sampler);
        Simulation.Snapshot mid = sim.snapshot();
        int midSize = sim.trace().size();
        List<CongestionSampler.Sample> before = sampler.samples(sim, "client");
        Scenarios.transfer(sim, 20 * MSS, 4);
        List<CongestionSampler.Sample> full = sampler.samples(sim, "client");
        assertNotEquals(before, full);

        Simulation back = Simulation.restore(mid);
        sampler.follow(back);
        assertEquals(midSize, back.trace().size());
        assertEquals(before, sampler.samples(back, "client"), "samples up to the restored point");
        assertEquals(List.of(), sampler.samples(sim, "client"), "the replaced simulation is no longer followed");
        Scenarios.transfer(back, 20 * MSS, 4);
        assertEquals(full, sampler.samples(back, "client"), "deterministic: the same calls give the same samples");
    }

    @Test
    void anotherSimulationInBetweenLetsTheFirstGoAndUndoFindsItsSamples() {
        CongestionSampler sampler = new CongestionSampler();
        Simulation first = Scenarios.connected(Profile.rfc9293(), LinkProfile.DEFAULT, sampler);
        Scenarios.transfer(first, 10 * MSS, 0);
        Simulation.Snapshot end = first.snapshot();
        List<CongestionSampler.Sample> firstSamples = sampler.samples(first, "client");
        Simulation second = Scenarios.connected(Profile.rfc9293(), LinkProfile.DEFAULT, sampler);
        assertEquals(List.of(), sampler.samples(first, "client"), "only the adopted simulation is followed");
        assertFalse(sampler.samples(second, "client").isEmpty());
        Simulation back = Simulation.restore(end);
        sampler.follow(back);
        assertEquals(firstSamples, sampler.samples(back, "client"));
        assertFalse(sampler.late(back));
    }

    @Test
    void followingLateIsSaid() {
        Simulation sim = Scenarios.connected(Profile.rfc9293(), LinkProfile.DEFAULT, null);
        CongestionSampler sampler = new CongestionSampler();
        sampler.follow(sim);
        assertTrue(sampler.late(sim));
    }
}
