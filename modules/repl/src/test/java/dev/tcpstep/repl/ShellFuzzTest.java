package dev.tcpstep.repl;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The command parser's contract under arbitrary typed lines: each line, through the
 * tokenizer and the command table to the command's own argument parsing, either runs or
 * fails with a {@link CommandException} whose column lies on the line, nothing else,
 * within {@link #LIMIT_NANOS}; and a line that fails leaves the session as it was.
 *
 * <p>An input is up to {@link #MAX_LINES} lines run in order on a fresh shell, so commands
 * that depend on earlier ones (send after listen, {@code explain #3}) are reached. Lines that
 * name a command with effects outside the session ({@link #OUTSIDE}: files, the Linux
 * kernel, the embedded Java compiler, the interactive tour) are resolved through the table
 * but not run: the Java path has its own target ({@code JavaCellFuzzTest}).
 *
 * <p>{@code mvn test} runs the inputs under
 * {@code src/test/resources/dev/tcpstep/repl/ShellFuzzTestInputs} and the shipped REPL
 * scripts; {@code bin/fuzz shell MINUTES} fuzzes.
 */
class ShellFuzzTest {
    static final long LIMIT_NANOS = 10_000_000_000L;
    static final int MAX_LINES = 16;
    /** Commands that read or write files, open a Linux namespace, compile Java, or read the input themselves. */
    static final Set<String> OUTSIDE = Set.of("save", "open", "export", "java", "tour");

    private static final PrintWriter NOWHERE = new PrintWriter(Writer.nullWriter());

    @FuzzTest(maxDuration = "5m")
    void lines(byte[] data) {
        Shell shell = new Shell(NOWHERE, Style.PLAIN);
        String text = new String(data, StandardCharsets.UTF_8);
        int n = 0;
        for (String line : text.split("\n", -1)) {
            if (++n > MAX_LINES) {
                break;
            }
            line(shell, line);
        }
    }

    private static void line(Shell shell, String line) {
        List<Token> tokens;
        try {
            tokens = Tokenizer.tokenize(line);
        } catch (CommandException e) {
            assertOnLine(line, e);
            return;
        }
        if (outside(shell, tokens)) {
            return;
        }
        String before = GarbageTest.fingerprint(shell.session().sim());
        long start = System.nanoTime();
        try {
            shell.execute(line);
        } catch (CommandException e) {
            assertOnLine(line, e);
            String after = GarbageTest.fingerprint(shell.session().sim());
            assertEquals(before, after, () -> "`" + line + "` failed (" + e.getMessage() + ") but changed the session");
        } catch (RuntimeException e) {
            throw new AssertionError("`" + line + "` threw " + e, e);
        }
        long took = System.nanoTime() - start;
        assertTrue(took < LIMIT_NANOS, () -> "`" + line + "` took " + took / 1_000_000 + " ms");
    }

    /** True when the line's command acts outside the session (it is resolved, not run). */
    private static boolean outside(Shell shell, List<Token> tokens) {
        if (tokens.isEmpty()) {
            return false;
        }
        Command c = shell.table().rowOf(shell, tokens.stream().map(Token::text).toList());
        if (c == null) {
            return false; // unknown or ambiguous: execute says so
        }
        if (OUTSIDE.contains(c.name())) {
            return true;
        }
        // `new --linux` opens a network namespace and a TUN device.
        return c.name().equals("new") && tokens.stream().anyMatch(t -> t.text().toLowerCase(Locale.ROOT).contains("linux"));
    }

    private static void assertOnLine(String line, CommandException e) {
        String m = e.getMessage();
        assertTrue(m != null && !m.isBlank(), () -> "`" + line + "`: an error without a message");
        assertFalse(m.contains("\n"), () -> "`" + line + "`: an error of more than one line: " + m);
        assertTrue(e.column() >= -1 && e.column() <= line.length(),
                () -> "`" + line + "`: error column " + e.column() + " is off the line: " + m);
        assertTrue(e.width() >= 1, () -> "`" + line + "`: caret width " + e.width() + ": " + m);
    }

    /**
     * Found while writing this target: an address option whose text passes the literal check
     * ({@code cafe} is hex digits) was looked up as a host name, a DNS query sent by a command
     * parser. This JVM's hosts file (src/test/resources/hosts) names {@code cafe}, so a lookup
     * would succeed here; a literal-only parse refuses it.
     */
    @Test
    void addressOptions_takeLiteralsOnly_neverLookUpAName() throws CommandException, UnknownHostException {
        // The premise: names here come from the hosts file, and it names `cafe`.
        assertEquals("192.0.2.77", InetAddress.getByName("cafe").getHostAddress());
        Shell shell = new Shell(NOWHERE, Style.PLAIN);
        for (String line : List.of("new --client cafe", "new --server cafe:80", "new --client [cafe]:80")) {
            CommandException e = assertThrows(CommandException.class, () -> shell.execute(line), line);
            assertTrue(e.getMessage().startsWith("`cafe` is not an IP address literal"), e.getMessage());
            assertEquals(line.indexOf("cafe") - (line.contains("[") ? 1 : 0), e.column(), line);
        }
        shell.execute("new --client 192.0.2.9:4000 --server 192.0.2.10:80");
        assertEquals("192.0.2.9", shell.session().sim().endpoint("client").address().getHostAddress());
    }

    /** The shipped REPL scripts are the fuzzer's seeds; each of their lines holds to the same contract. */
    @Test
    void shippedScripts() throws IOException {
        List<Path> scripts;
        try (Stream<Path> s = Files.list(Path.of("../../notebooks/scripts"))) {
            scripts = s.filter(p -> p.toString().endsWith(".tcpstep")).sorted().toList();
        }
        assertFalse(scripts.isEmpty(), "no scripts in notebooks/scripts");
        for (Path p : scripts) {
            Shell shell = new Shell(NOWHERE, Style.PLAIN);
            for (String line : Files.readAllLines(p)) {
                line(shell, line);
            }
        }
    }
}
