package dev.tcpstep.packetdrill;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The packetdrill parser's contract under arbitrary text: a {@link Script} or a
 * {@link ScriptSyntaxException} that points into the text (a line that exists, a column
 * from 1), nothing else, within {@link #LIMIT_NANOS}; and every step of a parsed script
 * names a line of the text.
 *
 * <p>{@code mvn test} runs the inputs under {@code src/test/resources/dev/tcpstep/packetdrill/ScriptParserFuzzTestInputs}
 * and the shipped scripts; {@code bin/fuzz script MINUTES} fuzzes (seeded with {@code modules/packetdrill/scripts}).
 */
class ScriptParserFuzzTest {
    /** The time bound of one parse (inputs are a few kB at most). */
    static final long LIMIT_NANOS = 10_000_000_000L;

    @FuzzTest(maxDuration = "5m")
    void parse(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        // The first byte chooses the #ifdef symbols, so both branches of a block get parsed.
        Set<String> defined = data.length > 0 && (data[0] & 1) == 1 ? Set.of("linux") : Set.of("tcpstep");
        int lines = (int) text.chars().filter(c -> c == '\n').count() + 1;
        long start = System.nanoTime();
        try {
            Script s = ScriptParser.parse("fuzz.pkt", text, defined);
            assertNotNull(s.steps());
            for (Script.Step step : s.steps()) {
                assertTrue(step.line() >= 1 && step.line() <= lines,
                        () -> "step at line " + step.line() + " of a " + lines + "-line script: " + step);
            }
        } catch (ScriptSyntaxException e) {
            assertTrue(e.line() >= 1 && e.line() <= lines, () -> "error at line " + e.line() + " of " + lines
                    + ": " + e.getMessage());
            assertTrue(e.column() >= 1, () -> "error at column " + e.column() + ": " + e.getMessage());
            assertFalse(e.expected().isBlank(), e::getMessage);
            assertTrue(e.getMessage().startsWith("fuzz.pkt:" + e.line() + ":" + e.column() + ": "), e::getMessage);
        }
        long took = System.nanoTime() - start;
        assertTrue(took < LIMIT_NANOS, () -> "parsing " + data.length + " bytes took " + took / 1_000_000 + " ms");
    }

    /**
     * Found by fuzzing (input {@code time-overflow}): a time of more than Long.MAX_VALUE
     * microseconds threw ArithmeticException out of the parser.
     */
    @Test
    void aTimeTooLargeForMicroseconds_isASyntaxError() {
        String line = "+0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n09223372036854.775808 close(3) = 0\n";
        ScriptSyntaxException e = assertThrows(ScriptSyntaxException.class,
                () -> ScriptParser.parse("t.pkt", line, Set.of()));
        assertEquals(2, e.line());
        assertEquals(1, e.column());
        assertEquals("a time up to 9223372036854 seconds", e.expected());
        parse(line.getBytes(StandardCharsets.UTF_8));
    }

    /** Found by fuzzing (input {@code hex-overflow}): a hex argument beyond a long threw NumberFormatException. */
    @Test
    void aHexNumberTooLargeForALong_isASyntaxError() throws ScriptSyntaxException {
        String line = "+0 setsockopt(3, SOL_SOCKET, 0x8000000000000000, [1], 4) = 0\n";
        ScriptSyntaxException e = assertThrows(ScriptSyntaxException.class,
                () -> ScriptParser.parse("t.pkt", line, Set.of()));
        assertEquals(line.indexOf("0x") + 1, e.column());
        assertEquals("a number up to 0x7fffffffffffffff", e.expected());
        parse(line.getBytes(StandardCharsets.UTF_8));
        Script ok = ScriptParser.parse("t.pkt", line.replace("0x8000000000000000", "0x7fffffffffffffff"), Set.of());
        assertEquals(1, ok.steps().size());
    }

    @Test
    void theLargestTime_parses() throws ScriptSyntaxException {
        Script s = ScriptParser.parse("t.pkt", "9223372036854.775807 close(3) = 0\n", Set.of());
        assertEquals(Long.MAX_VALUE, s.steps().getFirst().timing().startMicros());
    }

    /** The shipped scripts are the fuzzer's seeds; they hold to the same contract, and parse. */
    @Test
    void shippedScripts() throws IOException {
        List<Path> scripts;
        try (Stream<Path> s = Files.list(Path.of("scripts"))) {
            scripts = s.filter(p -> p.toString().endsWith(".pkt")).sorted().toList();
        }
        assertFalse(scripts.isEmpty(), "no scripts in modules/packetdrill/scripts");
        for (Path p : scripts) {
            byte[] bytes = Files.readAllBytes(p);
            parse(bytes);
            try {
                ScriptParser.parse(p.getFileName().toString(), new String(bytes, StandardCharsets.UTF_8),
                        Set.of("tcpstep"));
            } catch (ScriptSyntaxException e) {
                fail("shipped script " + p + ": " + e.getMessage());
            }
        }
    }
}
