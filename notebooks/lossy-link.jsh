// A seeded Simulation over a link that loses 20% of segments: handshake, data, close.
// Run: bin/jshell notebooks/lossy-link.jsh
Simulation sim = Simulation.builder().seed(7).link(LinkProfile.DEFAULT.withLoss(0.2)).build();
sim.server().listen();
sim.client().connect();
sim.runUntilQuiet();
sim.client().write("hello over a lossy link");
sim.runUntilQuiet();
System.out.println("server read " + sim.server().read().data().length() + " bytes");
sim.client().close();
sim.server().close();
sim.runUntilQuiet();

// The trace as a plain-text ladder: one line per event, segments in tcpdump form, the link's
// losses where they happened. Same seed, same losses, same text on every run.
for (TraceEntry e : sim.trace().entries()) {
    String t = String.format("%10.6f  ", e.time() / 1e9);
    switch (e) {
        case TraceEntry.Sent s -> System.out.println(t + s.from() + " sent #" + s.number()
                + (s.retransmission() ? " (retransmission)" : "") + "  " + TcpdumpFormat.line(s.segment()));
        case TraceEntry.Link l -> System.out.println(t + "   link: #" + l.number() + " " + l.detail());
        case TraceEntry.Delivered d -> System.out.println(t + d.to() + " recv #" + d.number());
        default -> { }
    }
}
System.out.println(sim.client().name() + " " + sim.client().state().rfcName() + ", "
        + sim.server().name() + " " + sim.server().state().rfcName());
/exit
