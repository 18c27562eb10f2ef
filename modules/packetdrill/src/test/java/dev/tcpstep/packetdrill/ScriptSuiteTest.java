package dev.tcpstep.packetdrill;

import dev.tcpstep.statemachine.Profile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The shipped suite ({@code modules/packetdrill/scripts}): every script passes against
 * tcpstep's endpoint, and, as root, against the Linux kernel through TUN (skipped with
 * the reason elsewhere).
 */
class ScriptSuiteTest {
    static final Path SCRIPTS = Path.of("scripts");
    static final long LINUX_TOLERANCE_MICROS = 150_000;

    static List<Path> scripts() throws IOException {
        try (Stream<Path> s = Files.list(SCRIPTS)) {
            return s.filter(p -> p.toString().endsWith(".pkt")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyScript_passesAgainstTcpstep() throws IOException {
        return scripts().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            Result r = PacketdrillCommand.runOne(p, false, null, Profile.rfc9293(), "rfc9293", null);
            assertEquals(Result.Outcome.PASSED, r.outcome(), r.line());
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyScript_passesAgainstLinux() throws IOException {
        String why = LinuxSystem.unavailable();
        return scripts().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            Assumptions.assumeTrue(why == null, () -> "Linux through TUN unavailable: " + why);
            // The kernel's answers come through a TUN device and a python3 helper: on a loaded
            // machine (2 cores, many builds) they lag by tens of milliseconds, so 150 ms.
            Result r = PacketdrillCommand.runOne(p, true, null, Profile.rfc9293(), "rfc9293", LINUX_TOLERANCE_MICROS);
            Assumptions.assumeFalse(r.outcome() == Result.Outcome.SKIPPED && r.message().contains("unavailable"),
                    r::message);
            assertEquals(Result.Outcome.PASSED, r.outcome(), r.line());
        }));
    }
}
