package dev.tcpstep.packetdrill;

import dev.tcpstep.statemachine.Profile;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Verdicts against tcpstep's endpoint: what a wrong expectation says, skips, sysctl mapping. */
class RunnerTest {
    static final String LISTEN = """
            0     socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0    bind(3, ..., ...) = 0
            +0    listen(3, 1) = 0
            +0    < S 0:0(0) win 65535 <mss 1000>
            """;

    static Result run(String text) throws ScriptSyntaxException {
        Script s = ScriptParser.parse("x.pkt", text, Set.of("tcpstep"));
        try (TcpstepSystem sut = TcpstepSystem.start(Profile.rfc9293(), "rfc9293", s)) {
            return Runner.run(s, sut, null);
        }
    }

    @Test
    void wrongAck_failsNamingLineExpectedAndGot() throws Exception {
        Result r = run(LISTEN + "+0 > S. 0:0(0) ack 1001 <mss 1460>\n");
        assertEquals(Result.Outcome.FAILED, r.outcome());
        assertTrue(r.message().startsWith("x.pkt:5: expected ack 1001, got ack 1 in > S. 0:0(0) ack 1"), r.message());
    }

    @Test
    void wrongFlagsSeqWindowAndOptions_eachNamed() throws Exception {
        assertTrue(run(LISTEN + "+0 > S 0:0(0) <mss 1460>\n").message().contains("expected flags S, got S."));
        // The SYN,ACK's seq tells the runner the ISN (packetdrill's relative numbering); later seqs are checked.
        String established = LISTEN + "+0 > S. 0:0(0) ack 1\n+0.1 < . 1:1(0) ack 1 win 65535\n+0 accept(3, ..., ...) = 4\n"
                + "+0 write(4, ..., 100) = 100\n";
        Result seq = run(established + "+0 > P. 2:102(100) ack 1\n");
        assertEquals("x.pkt:9: expected seq 2, got seq 1 in > P. 1:101(100) ack 1 win 65535", seq.message());
        Result len = run(established + "+0 > P. 1:51(50) ack 1\n");
        assertEquals("x.pkt:9: expected length 50, got length 100 in > P. 1:101(100) ack 1 win 65535", len.message());
        assertTrue(run(LISTEN + "+0 > S. 0:0(0) ack 1 win 1000\n").message().contains("expected win 1000, got win 65535"));
        assertTrue(run(LISTEN + "+0 > S. 0:0(0) ack 1 <mss 1000>\n").message()
                .contains("expected options <mss 1000>, got <mss 1460>"));
    }

    @Test
    void packetLate_orMissing_failsWithTimes() throws Exception {
        Result late = run(LISTEN + "+0.5 > S. 0:0(0) ack 1\n");
        assertTrue(late.message().contains("expected at 0.500000 s (±4000 µs), got at 0.000000 s"), late.message());
        Result missing = run(LISTEN + "+0 > S. 0:0(0) ack 1\n+0 > . 1:1(0) ack 1\n");
        assertTrue(missing.message().startsWith("x.pkt:6: expected . 1:1(0) ack 1 by 0.004000 s, nothing came"),
                missing.message());
    }

    @Test
    void unexpectedPacket_beforeALine_fails() throws Exception {
        // The SYN,ACK is sent, but the script goes on as if nothing came.
        Result r = run(LISTEN + "+0.1 < . 1:1(0) ack 1 win 65535\n");
        assertEquals(Result.Outcome.FAILED, r.outcome());
        assertTrue(r.message().startsWith("x.pkt:5: unexpected packet at 0.000000 s before this line ran: > S. 0:0(0)"),
                r.message());
    }

    @Test
    void wrongSyscallResult_fails() throws Exception {
        Result r = run(LISTEN + "+0 > S. 0:0(0) ack 1\n+0 accept(3, ..., ...) = 4\n");
        assertEquals("x.pkt:6: accept() returned -1 EAGAIN (no connection established), expected 4", r.message());
        Result state = run(LISTEN + "+0 > S. 0:0(0) ack 1\n+0.1 < . 1:1(0) ack 1 win 65535\n+0 accept(3, ..., ...) = 4\n"
                + "+0 getsockopt(4, SOL_TCP, TCP_INFO, {tcpi_state=TCP_CLOSE_WAIT}, [104]) = 0\n");
        assertTrue(state.message().endsWith("gave tcpi_state=TCP_ESTABLISHED, expected TCP_CLOSE_WAIT"), state.message());
    }

    @Test
    void unsupportedConstructs_areSkippedWithTheReason_neverPassed() throws Exception {
        Result udp = run("0 socket(..., SOCK_DGRAM, IPPROTO_UDP) = 3\n");
        assertEquals(Result.Outcome.SKIPPED, udp.outcome());
        assertTrue(udp.message().contains("UDP socket"), udp.message());
        Result poll = run(LISTEN + "+0 poll([{fd=3, events=POLLIN}], 1, 0) = 0\n");
        assertEquals(Result.Outcome.SKIPPED, poll.outcome());
        assertTrue(poll.message().contains("poll() is not supported"), poll.message());
        Result blocking = run("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 connect(3, ..., ...) = 0\n");
        assertEquals(Result.Outcome.SKIPPED, blocking.outcome());
        assertTrue(blocking.message().contains("blocking connect()"), blocking.message());
        Result rcvbuf = run("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
                + "+0 setsockopt(3, SOL_SOCKET, SO_RCVBUF, [2048], 4) = 0\n");
        assertEquals(Result.Outcome.SKIPPED, rcvbuf.outcome());
    }

    @Test
    void sysctl_mapsToProfileKnobs_andReportsTheRest() throws Exception {
        // tcp_sack=1 turns SACK-permitted on in the SYN,ACK; tcp_rmem has no knob and is noted.
        Result r = run("0 `sysctl -q net.ipv4.tcp_sack=1`\n+0 `sysctl -q net.ipv4.tcp_rmem=\"4096 87380 6291456\"`\n"
                + LISTEN.replace("0     socket", "+0     socket").replace("<mss 1000>", "<mss 1000,sackOK>")
                + "+0 > S. 0:0(0) ack 1 <mss 1460,sackOK>\n");
        assertEquals(Result.Outcome.PASSED, r.outcome(), r.line());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("no Profile knob for net.ipv4.tcp_rmem")), r.notes()::toString);
    }

    @Test
    void command_printsOneLinePerScript_andTheSummary() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("pkt");
        java.nio.file.Files.writeString(dir.resolve("a-good.pkt"), LISTEN + "+0 > S. 0:0(0) ack 1\n");
        java.nio.file.Files.writeString(dir.resolve("b-bad.pkt"), LISTEN + "+0 > S. 0:0(0) ack 7\n");
        java.nio.file.Files.writeString(dir.resolve("c-broken.pkt"), "0 < Q 0:0(0) win 1\n");
        java.nio.file.Files.writeString(dir.resolve("d-udp.pkt"), "0 < udp (10)\n");
        int code = PacketdrillCommand.run(java.util.List.of(dir.toString()), new java.io.PrintStream(out),
                new java.io.PrintStream(err));
        String[] lines = out.toString().split("\n");
        assertEquals(1, code);
        assertEquals("PASS a-good.pkt", lines[0]);
        assertTrue(lines[1].startsWith("FAIL b-bad.pkt:5: expected ack 7, got ack 1"), lines[1]);
        assertEquals("FAIL c-broken.pkt:1:5: found 'Q', expected a flag (S F R P . E W U)", lines[2]);
        assertEquals("SKIP d-udp.pkt: line 1: UDP packets: tcpstep speaks TCP only", lines[3]);
        assertEquals("1 passed, 2 failed, 1 skipped (tcpstep, profile rfc9293)", lines[4]);
        assertEquals(0, PacketdrillCommand.run(java.util.List.of(dir.resolve("a-good.pkt").toString()),
                new java.io.PrintStream(out), new java.io.PrintStream(err)));
        assertEquals(2, PacketdrillCommand.run(java.util.List.of("--profile", "nope", dir.toString()),
                new java.io.PrintStream(out), new java.io.PrintStream(err)));
        assertTrue(err.toString().contains("unknown profile `nope` (expected: rfc9293, modern)"));
    }

    static String json(TcpstepSystem sut) {
        return String.join("\n", sut.simulation().trace().entries().stream().map(dev.tcpstep.link.Exports::json)
                .toList());
    }

    @Test
    void sameScript_sameTrace_byteForByte() throws Exception {
        String text = LISTEN + "+0 > S. 0:0(0) ack 1\n+0.1 < . 1:1(0) ack 1 win 65535\n";
        Script s = ScriptParser.parse("x.pkt", text, Set.of("tcpstep"));
        String a;
        String b;
        try (TcpstepSystem one = TcpstepSystem.start(Profile.rfc9293(), "rfc9293", s);
             TcpstepSystem two = TcpstepSystem.start(Profile.rfc9293(), "rfc9293", s)) {
            Runner.run(s, one, null);
            Runner.run(s, two, null);
            a = json(one);
            b = json(two);
        }
        assertEquals(a, b);
        assertTrue(a.contains("\"delivered\""));
    }
}
