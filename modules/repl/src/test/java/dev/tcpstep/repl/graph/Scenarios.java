package dev.tcpstep.repl.graph;

import dev.tcpstep.codec.Payload;
import dev.tcpstep.link.LinkProfile;
import dev.tcpstep.link.Simulation;
import dev.tcpstep.link.Wire;
import dev.tcpstep.statemachine.Profile;

import java.time.Duration;

/** Simulations the graph tests draw. */
final class Scenarios {
    private Scenarios() {
    }

    /** A connected pair (ISNs 0 and 5000), both auto, followed by {@code sampler} when not null. */
    static Simulation connected(Profile tcp, LinkProfile link, CongestionSampler sampler) {
        Simulation sim = Simulation.builder().seed(3).fixedIsns(0, 5000).tcp(tcp).link(link).build();
        if (sampler != null) {
            sampler.follow(sim);
        }
        sim.server().listen();
        sim.client().connect();
        sim.run();
        return sim;
    }

    /**
     * The client sends {@code bytes} while the server reads; the {@code dropNth} data segment
     * from now is lost on the wire (0: none).
     */
    static void transfer(Simulation sim, int bytes, int dropNth) {
        if (dropNth > 0) {
            sim.aim(sim.client(), Wire.Shot.DROP, dropNth, Duration.ZERO);
        }
        sim.client().write(Payload.copyOf(new byte[bytes]));
        for (int i = 0; i < 200 && sim.hasPending(); i++) {
            sim.run(200, Duration.ofMinutes(1));
            sim.server().read();
        }
    }
}
