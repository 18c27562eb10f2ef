package dev.tcpstep.repl;

import dev.tcpstep.packetdrill.PacketdrillCommand;
import dev.tcpstep.packetdrill.Result;
import dev.tcpstep.statemachine.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code load FILE.pkt} / {@code next} / {@code run} step a packetdrill script in the shell,
 * with the runner's verdicts; {@code export packetdrill} writes a session as a script the
 * runner passes.
 */
class PacketdrillCommandsTest {
    static final Path SCRIPTS = Path.of("../packetdrill/scripts");

    static Stream<Path> shippedScripts() throws IOException {
        try (Stream<Path> s = Files.list(SCRIPTS)) {
            return s.filter(p -> p.toString().endsWith(".pkt")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("shippedScripts")
    void steppingAShippedScriptGivesTheRunnersVerdict(Path script) {
        Result direct = PacketdrillCommand.runOne(script, false, null, Profile.rfc9293(), "rfc9293", null);
        ShellTest.Result r = ShellTest.piped("load " + script, "run");
        assertEquals(0, r.code(), r.out());
        String verdict = direct.outcome() == Result.Outcome.PASSED
                ? "PASS " + script.getFileName() + ": every line ran as the script expects" : direct.line();
        assertTrue(r.out().contains(verdict), () -> "expected `" + verdict + "` in\n" + r.out());
    }

    @Test
    void loadShowsTheFirstLine_nextRunsOne_andEveryViewWorksBetweenLines() {
        ShellTest.Result r = ShellTest.piped("load " + SCRIPTS.resolve("handshake-passive.pkt"), "next 5",
                "status", "next", "diagram --ascii", "explain", "show tcpstep", "next", "run");
        assertEquals(0, r.code(), r.out());
        String out = r.out();
        assertTrue(out.contains("loaded handshake-passive.pkt: 9 lines to run"), out);
        assertTrue(out.contains("next: line 5: 0     socket(..., SOCK_STREAM, IPPROTO_TCP) = 3"), out);
        assertTrue(out.contains("line 10: +0    < S 0:0(0) win 65535 <mss 1000>"), out);
        assertTrue(out.contains("next: line 11: +0    > S. 0:0(0) ack 1 <mss 1460>"), out);
        assertTrue(out.contains("tcpstep LISTEN on 8080"), out);
        // the next line delivers the SYN and awaits tcpstep's SYN,ACK; the views show it
        assertTrue(out.contains("tcpstep sent #2  IP 192.0.2.1.8080 > 192.0.2.2.40000: Flags [S.]"), out);
        assertTrue(out.contains("|-- #1 SYN seq=0"), out);
        assertTrue(out.contains("#2 tcpstep → remote: IP 192.0.2.1.8080 > 192.0.2.2.40000: Flags [S.]"), out);
        assertTrue(out.contains("tcpstep 192.0.2.1 — SYN-RECEIVED"), out);
        assertTrue(out.strip().endsWith("PASS handshake-passive.pkt: every line ran as the script expects"), out);
    }

    @Test
    void aWrongExpectationFailsWithTheRunnersWording(@TempDir Path dir) throws IOException {
        Path wrong = dir.resolve("wrong.pkt");
        Files.writeString(wrong, Files.readString(SCRIPTS.resolve("handshake-passive.pkt"))
                .replace("> S. 0:0(0) ack 1 <mss 1460>", "> S. 0:0(0) ack 2 <mss 1460>"));
        ShellTest.Result r = ShellTest.piped("load " + wrong, "run", "next");
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("FAIL wrong.pkt:11: expected ack 2, got ack 1 in > S. 0:0(0) ack 1"), r.out());
        assertTrue(r.out().contains("wrong.pkt has finished: FAIL wrong.pkt:11"), r.out());
    }

    @Test
    void aScriptThatDoesNotParseFailsWithLineAndColumn_andChangesNothing(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.pkt");
        Files.writeString(bad, "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 < Q 0:0(0) win 1\n");
        ShellTest.Result r = ShellTest.piped("server listen", "status", "load " + bad);
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("bad.pkt:2:6: found 'Q', expected a flag (S F R P . E W U) in `+0 < Q 0:0(0) win 1`"),
                r.out());
        // interactively the session goes on, unchanged
        String typed = typedOk("server listen", "load " + bad, "status", "next");
        assertTrue(typed.contains("bad.pkt:2:6: found 'Q'"), typed);
        assertTrue(typed.contains("server LISTEN"), typed);
        assertTrue(typed.contains("no script loaded (expected: load FILE.pkt first)"), typed);
    }

    @Test
    void badArgumentsSayWhatWasExpected(@TempDir Path dir) throws IOException {
        Path udp = dir.resolve("udp.pkt");
        Files.writeString(udp, "0 socket(..., SOCK_DGRAM, IPPROTO_UDP) = 3\n");
        String out = typedOk("load", "load " + dir.resolve("missing.pkt"), "load " + udp,
                "load " + SCRIPTS.resolve("window.pkt") + " --profile vegas", "next 0");
        assertTrue(out.contains("missing file (expected: load FILE.pkt"), out);
        assertTrue(out.contains("no such file: " + dir.resolve("missing.pkt")), out);
        assertTrue(out.contains("cannot step udp.pkt: line 1: UDP socket: tcpstep speaks TCP only"), out);
        assertTrue(out.contains("unknown profile `vegas` (expected: rfc9293 or modern)"), out);
    }

    @Test
    void aSessionChangedUnderTheScriptIsNotSteppedFurther() {
        String out = typedOk("load " + SCRIPTS.resolve("handshake-passive.pkt"), "new", "next");
        assertTrue(out.contains("the session changed since `load handshake-passive.pkt`"), out);
    }

    @Test
    void exportPacketdrill_roundTripsThroughTheRunner(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("session.pkt");
        ShellTest.Result r = ShellTest.piped("new --seed 4", "auto on", "server listen", "client connect", "run",
                "client write \"hello, packetdrill\"", "run", "server read", "server write 300", "run",
                "client close", "run", "server close", "run", "export packetdrill " + file);
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("wrote " + file + " ("), r.out());
        String text = Files.readString(file);
        assertTrue(text.startsWith("// A tcpstep session (seed 4), exported with `export packetdrill`\n"
                + "// Written by tcpstep: server is the system under test.\n"), text);
        assertTrue(text.contains("> S. 0:0(0) ack 1 <mss 1460>"), text);
        assertTrue(text.contains("read(4, ..., 18) = 18"), text);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList(), "nothing but the script: written through a temp file and a rename");
        }
        Result run = PacketdrillCommand.runOne(file, false, null, Profile.rfc9293(), "rfc9293", null);
        assertEquals(Result.Outcome.PASSED, run.outcome(), run.line() + "\n" + text);
        // and stepped in the shell
        ShellTest.Result stepped = ShellTest.piped("load " + file, "run");
        assertTrue(stepped.out().contains("PASS session.pkt: every line ran as the script expects"), stepped.out());
    }

    @Test
    void exportPacketdrill_badInputWritesNothing(@TempDir Path dir) throws IOException {
        String out = typedOk("server listen", "export packetdrill", "export packetdrill " + dir.resolve("x.txt"),
                "export packetdrill " + dir.resolve("no/such/dir/x.pkt"), "export packetdrill router " + dir.resolve("x.pkt"));
        assertTrue(out.contains("expected: export packetdrill [client|server] FILE.pkt"), out);
        assertTrue(out.contains("(expected: a file name ending in .pkt)"), out);
        assertTrue(out.contains("no such directory: " + dir.resolve("no/such/dir")), out);
        assertTrue(out.contains("unknown endpoint `router`"), out);
        try (Stream<Path> s = Files.list(dir)) {
            assertFalse(s.findAny().isPresent(), "no file written");
        }
    }

    /** The README's two shell examples of packetdrill, as a reader types them (paths made relative to this module). */
    @Test
    void theReadmesExamplesWorkAsWritten(@TempDir Path dir) throws IOException {
        String readme = Files.readString(Path.of("../../README.md"));
        int from = readme.indexOf("In the shell, `load FILE.pkt`");
        List<String> blocks = new java.util.ArrayList<>();
        StringBuilder cur = null;
        for (String line : readme.substring(from, readme.indexOf("\n### ", from)).split("\n")) {
            if (line.startsWith("```")) {
                if (cur != null) {
                    blocks.add(cur.toString());
                }
                cur = cur == null ? new StringBuilder() : null;
            } else if (cur != null) {
                cur.append(line.replaceFirst("\\s+#.*$", "")).append('\n');
            }
        }
        assertEquals(2, blocks.size(), "the README's packetdrill section has its two shell examples");
        ShellTest.Result load = ShellTest.piped(blocks.get(0).replace("modules/packetdrill/", "../packetdrill/")
                .split("\n"));
        assertEquals(0, load.code(), load.out());
        assertTrue(load.out().contains("PASS handshake-passive.pkt: every line ran as the script expects"), load.out());
        ShellTest.Result export = ShellTest.piped(blocks.get(1).replace("hello.pkt", dir.resolve("hello.pkt").toString())
                .split("\n"));
        assertEquals(0, export.code(), export.out());
        assertTrue(export.out().contains("PASS hello.pkt: every line ran as the script expects"), export.out());
    }

    private static String typedOk(String... lines) {
        try {
            return ShellTest.typed(lines);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
