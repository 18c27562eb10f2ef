package dev.tcpstep.repl.notebook;

import dev.tcpstep.link.Simulation;
import dev.tcpstep.repl.Ladder;

/** The ladder diagram as SVG, for a diagram cell's {@code display_data}. */
final class Diagrams {
    private Diagrams() {
    }

    static String svg(Simulation sim) {
        return Ladder.of(sim).svg();
    }
}
