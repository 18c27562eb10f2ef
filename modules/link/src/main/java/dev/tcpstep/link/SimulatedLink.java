package dev.tcpstep.link;

import dev.tcpstep.codec.Segment;

import java.net.InetAddress;
import java.util.List;

/** {@link Link} over a {@link Simulation}: the near endpoint injects, its peer is the TCP under test. */
final class SimulatedLink implements Link {
    private final Simulation sim;
    private final Simulation.Endpoint near;
    /** Trace entries before this index have been looked at for arrivals. */
    private int cursor;

    SimulatedLink(Simulation sim, Simulation.Endpoint near) {
        this.sim = sim;
        this.near = near;
        this.cursor = sim.trace().size();
    }

    @Override
    public long now() {
        return sim.now();
    }

    @Override
    public InetAddress nearAddress() {
        return near.address();
    }

    @Override
    public InetAddress farAddress() {
        return near.peer().address();
    }

    @Override
    public void inject(Segment segment) {
        near.send(segment);
    }

    @Override
    public Arrival awaitFar(long deadline) {
        while (true) {
            Segment s = nextArrival();
            if (s != null) {
                return new Arrival(sim.now(), s);
            }
            long t = sim.nextAutoTime();
            if (t > deadline) {
                sim.idleTo(deadline);
                return null;
            }
            sim.step();
        }
    }

    private Segment nextArrival() {
        List<TraceEntry> entries = sim.trace().entries();
        while (cursor < entries.size()) {
            TraceEntry e = entries.get(cursor++);
            if (e instanceof TraceEntry.Delivered d && d.to().equals(near.name())) {
                return d.segment();
            }
        }
        return null;
    }

    @Override
    public Trace trace() {
        return sim.trace();
    }

    @Override
    public String toString() {
        return "simulated link " + near.name() + " -> " + near.peer().name();
    }
}
