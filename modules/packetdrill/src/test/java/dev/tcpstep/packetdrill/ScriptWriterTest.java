package dev.tcpstep.packetdrill;

import dev.tcpstep.link.Simulation;
import dev.tcpstep.statemachine.Profile;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A session written as a script, and the script run back against tcpstep's endpoint. */
class ScriptWriterTest {
    static Simulation session(Profile p) {
        Simulation sim = Simulation.builder().seed(3).tcp(p).build();
        sim.server().listen();
        sim.client().connect();
        sim.run();
        sim.client().write("hello, packetdrill");
        sim.run();
        sim.server().read();
        sim.server().write("bye");
        sim.run();
        sim.client().close();
        sim.run();
        sim.server().close();
        sim.run();
        return sim;
    }

    @Test
    void serverSession_writesTheScriptPacketdrillWouldRead() throws Exception {
        String text = ScriptWriter.write(session(Profile.rfc9293()).trace().entries(), "server", "test session");
        assertTrue(text.startsWith("// test session\n// Written by tcpstep: server is the system under test.\n"
                + "--bind_port=80\n\n"), text);
        assertTrue(text.contains("0         socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"), text);
        assertTrue(text.contains("< S 0:0(0) win 65535 <mss 1460>\n"), text);
        assertTrue(text.contains("> S. 0:0(0) ack 1 <mss 1460>\n"), text);
        assertTrue(text.contains("accept(3, ..., ...) = 4\n"), text);
        assertTrue(text.contains("< P. 1:19(18) ack 1 win 65535\n"), text);
        assertTrue(text.contains("read(4, ..., 18) = 18\n"), text);
        assertTrue(text.contains("write(4, ..., 3) = 3\n"), text);
        assertTrue(text.contains("close(4) = 0\n"), text);
    }

    @Test
    void roundTrip_sessionToScriptToRunner_passes() throws Exception {
        for (Profile p : new Profile[] {Profile.rfc9293(), Profile.modern()}) {
            String text = ScriptWriter.write(session(p).trace().entries(), "server", "round trip");
            Script s = ScriptParser.parse("round-trip.pkt", text, Set.of("tcpstep"));
            try (TcpstepSystem sut = TcpstepSystem.start(p, "x", s)) {
                Result r = Runner.run(s, sut, 0L);
                assertEquals(Result.Outcome.PASSED, r.outcome(), () -> r.line() + "\n" + text);
            }
        }
    }

    @Test
    void roundTrip_againstLinux_asRoot() throws Exception {
        String why = LinuxSystem.unavailable();
        org.junit.jupiter.api.Assumptions.assumeTrue(why == null, () -> "Linux through TUN unavailable: " + why);
        String text = ScriptWriter.write(session(Profile.rfc9293()).trace().entries(), "server", "to Linux");
        Script s = ScriptParser.parse("to-linux.pkt", text, Set.of("linux"));
        try (LinuxSystem sut = LinuxSystem.start()) {
            Result r = Runner.run(s, sut, ScriptSuiteTest.LINUX_TOLERANCE_MICROS);
            assertEquals(Result.Outcome.PASSED, r.outcome(), () -> r.line() + "\n" + text);
        }
    }

    @Test
    void clientSession_writesANonBlockingConnect_andRoundTrips() throws Exception {
        Simulation sim = session(Profile.rfc9293());
        String text = ScriptWriter.write(sim.trace().entries(), "client", "client side");
        assertTrue(text.contains("connect(3, ..., ...) = -1 EINPROGRESS"), text);
        assertTrue(text.contains("--connect_port=80"), text);
        Script s = ScriptParser.parse("client.pkt", text, Set.of("tcpstep"));
        try (TcpstepSystem sut = TcpstepSystem.start(Profile.rfc9293(), "rfc9293", s)) {
            Result r = Runner.run(s, sut, 0L);
            assertEquals(Result.Outcome.PASSED, r.outcome(), () -> r.line() + "\n" + text);
        }
    }

    @Test
    void aWrittenScript_thatTheSessionContradicts_fails() throws Exception {
        String text = ScriptWriter.write(session(Profile.rfc9293()).trace().entries(), "server", "edited")
                .replace("> S. 0:0(0) ack 1 <mss 1460>", "> S. 0:0(0) ack 1 <mss 536>");
        Script s = ScriptParser.parse("edited.pkt", text, Set.of("tcpstep"));
        try (TcpstepSystem sut = TcpstepSystem.start(Profile.rfc9293(), "rfc9293", s)) {
            assertEquals(Result.Outcome.FAILED, Runner.run(s, sut, 0L).outcome());
        }
    }
}
