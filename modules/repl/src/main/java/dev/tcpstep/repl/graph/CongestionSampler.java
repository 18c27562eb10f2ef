package dev.tcpstep.repl.graph;

import dev.tcpstep.link.Simulation;
import dev.tcpstep.link.TraceEntry;
import dev.tcpstep.statemachine.Connection;
import dev.tcpstep.statemachine.CongestionSnapshot;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records each endpoint's congestion state (cwnd, ssthresh, flight size, phase) as a
 * simulation runs, for the cwnd plot. It listens to the trace: after every segment sent,
 * delivered, lost or dropped and every user call it reads the current connection of each
 * endpoint and keeps a sample when something changed. Samples are tied to trace positions,
 * so they are as deterministic as the trace.
 *
 * <p>A session's simulation is replaced on undo and on a failed command (a fresh one
 * replays the journal up to a point, so its trace is a prefix of the old one). Call
 * {@link #follow} with every simulation the session adopts: samples of the same
 * configuration are kept up to the new trace's length and recording continues on it.
 */
public final class CongestionSampler {
    /** One endpoint's congestion state from trace entry {@code traceIndex} on. */
    public record Sample(long time, int traceIndex, String endpoint, String algorithm, String phase, long cwnd,
                         long ssthresh, long flightSize) {
    }

    private static final class History {
        final List<Sample> samples = new ArrayList<>();
        Simulation owner;
        /** Trace entries before this index were not watched (the sampler came late). */
        int watchedFrom;
    }

    /** Keyed by the configuration object a simulation and all its restored copies share. */
    private final Map<Simulation.Config, History> histories = new IdentityHashMap<>();

    /** Starts (or continues) recording on {@code sim}. */
    public void follow(Simulation sim) {
        int size = sim.trace().size();
        History h = histories.get(sim.config());
        if (h == null) {
            h = new History();
            h.watchedFrom = size;
            histories.put(sim.config(), h);
        }
        if (h.owner == sim) {
            return;
        }
        // Only the adopted simulation is recorded; the others are let go (their samples stay for undo).
        for (History other : histories.values()) {
            other.owner = null;
        }
        h.samples.removeIf(s -> s.traceIndex() >= size);
        h.owner = sim;
        History mine = h;
        sim.trace().addListener(e -> {
            if (mine.owner == sim) {
                record(mine, sim, e);
            }
        });
    }

    /** The samples of {@code endpoint} in {@code sim}, in order (empty when it is not followed). */
    public List<Sample> samples(Simulation sim, String endpoint) {
        History h = histories.get(sim.config());
        if (h == null || h.owner != sim) {
            return List.of();
        }
        return h.samples.stream().filter(s -> s.endpoint().equals(endpoint)).toList();
    }

    /** True when recording on {@code sim} began after its first trace entry (earlier samples are missing). */
    public boolean late(Simulation sim) {
        History h = histories.get(sim.config());
        return h == null || h.owner != sim || h.watchedFrom > 0;
    }

    private static void record(History h, Simulation sim, TraceEntry e) {
        // Endpoint decisions are traced while a segment is being processed; the state is whole
        // again by the time what it sent (or the next entry) is traced.
        if (e instanceof TraceEntry.Endpoint || e instanceof TraceEntry.Suggested) {
            return;
        }
        int index = sim.trace().size() - 1;
        for (Simulation.Endpoint ep : sim.endpoints()) {
            Connection c = ep.connection();
            if (c == null) {
                continue;
            }
            Sample s = probe(c, e.time(), index, ep.name());
            if (s == null) {
                continue;
            }
            Sample last = null;
            for (int i = h.samples.size() - 1; i >= 0; i--) {
                if (h.samples.get(i).endpoint().equals(ep.name())) {
                    last = h.samples.get(i);
                    break;
                }
            }
            if (last == null || last.cwnd() != s.cwnd() || last.ssthresh() != s.ssthresh()
                    || last.flightSize() != s.flightSize() || !last.phase().equals(s.phase())) {
                h.samples.add(s);
            }
        }
    }

    /** The connection's congestion state, or null before it has a TCB to speak of. */
    private static Sample probe(Connection c, long time, int index, String endpoint) {
        CongestionSnapshot k = c.congestion();
        if (k.phase().equals("closed")) {
            return null;
        }
        return new Sample(time, index, endpoint, k.algorithm(), k.phase(), k.cwnd(), k.ssthresh(), k.flightSize());
    }
}
