package dev.tcpstep.examples;

import dev.tcpstep.link.Exports;
import dev.tcpstep.link.LinkProfile;
import dev.tcpstep.link.Simulation;

import java.io.IOException;
import java.nio.file.Path;

public class Handshake {
    public static void main(String[] args) throws IOException {
        Simulation sim = Simulation.builder().seed(7)
                .link(LinkProfile.DEFAULT.withLoss(0.1))
                .fixedIsns(0, 5000)
                .build();
        sim.server().listen();
        sim.client().connect();
        sim.run();                                   // handshake over a lossy wire
        sim.client().write("hello");
        sim.run();
        String got = sim.server().read().data().utf8();     // "hello", exactly once
        sim.client().close(); sim.run();
        sim.server().close(); sim.runUntilQuiet();   // both CLOSED after TIME-WAIT
        Exports.pcapng(sim.trace(), Path.of("session.pcapng"));   // opens in Wireshark
        System.out.println("server read \"" + got + "\"; client " + sim.client().state()
                + ", server " + sim.server().state() + "; wrote session.pcapng");
    }
}
