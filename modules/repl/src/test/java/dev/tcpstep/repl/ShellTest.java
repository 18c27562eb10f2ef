package dev.tcpstep.repl;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShellTest {

    /** Runs lines through a dumb JLine terminal over streams, as a person at a console would. */
    static String typed(String... lines) throws IOException {
        String input = String.join("\n", lines) + "\n";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Terminal t = TerminalBuilder.builder().system(false).dumb(true).type("dumb")
                // JLine 4.5.0: the FFM provider over plain streams reports end of input at once.
                .provider("exec")
                .streams(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), bytes)
                .encoding(StandardCharsets.UTF_8).build()) {
            Shell shell = new Shell(t.writer(), Style.PLAIN);
            int code = shell.run(new JLineInput(t, shell.commandNames(), null, true));
            assertEquals(0, code, "an interactive session always ends with 0");
            t.writer().flush();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Runs lines as a piped script: no prompts, stop at the first error. */
    static Result piped(String... lines) {
        StringWriter sw = new StringWriter();
        Shell shell = new Shell(new PrintWriter(sw), Style.PLAIN);
        int code = shell.run(Input.of(new BufferedReader(new StringReader(String.join("\n", lines) + "\n"))));
        return new Result(code, sw.toString());
    }

    record Result(int code, String out) {
    }

    @Test
    void checksumPrintsTheRfc1071Example() throws IOException {
        String out = typed("checksum 00 01 f2 03 f4 f5 f6 f7");
        assertTrue(out.contains("sum:           ddf2"), out);
        assertTrue(out.contains("checksum:      ~ddf2 = 220d"), out);
        assertTrue(out.contains("fold carry:    2ddf0 -> ddf0 + 2 = ddf2"), out);
    }

    @Test
    void oneTokenAndSpacedBytesGiveTheSameAnswer() {
        assertEquals(piped("checksum 00 01 f2 03 f4 f5 f6 f7").out(), piped("checksum 0001f203f4f5f6f7").out());
        assertEquals(piped("checksum 0001f203f4f5f6f7").out(), piped("checksum 0x0001 f2:03:f4:f5 f6f7").out());
    }

    @Test
    void anErrorKeepsTheInteractiveSessionGoing() throws IOException {
        String out = typed("checksum 00 zz", "checksum 0001f203f4f5f6f7");
        assertTrue(out.contains("not hex"), out);
        assertTrue(out.contains("220d"), "the next command still runs:\n" + out);
    }

    @Test
    void interactiveCaretSitsUnderTheBadTokenAfterThePrompt() throws IOException {
        String out = typed("checksum 00 0g");
        String caretLine = out.lines().filter(l -> l.contains("^")).findFirst().orElseThrow();
        int promptWidth = new Shell(new PrintWriter(new StringWriter()), Style.PLAIN).prompt().length();
        assertEquals(promptWidth + "checksum 00 0".length(), caretLine.indexOf('^'), out);
    }

    @Test
    void quitEndsTheSession() throws IOException {
        String out = typed("quit", "checksum 0001");
        assertFalse(out.contains("sum:"), "nothing runs after quit:\n" + out);
    }

    @Test
    void endOfInputEndsTheSessionCleanly() {
        Result r = piped("checksum 0001");
        assertEquals(0, r.code());
    }

    @Test
    void prefixSelectsACommand() {
        assertEquals(piped("checksum 0001").out(), piped("check 0001").out());
        assertEquals(piped("version").out(), piped("vers").out());
    }

    @Test
    void pipedScriptStopsAtTheFirstFailingCommandNamingItsLine() {
        Result r = piped("checksum 0001", "checksum 0", "checksum 0002");
        assertEquals(1, r.code());
        assertTrue(r.out().contains("line 2: checksum 0"), r.out());
        assertFalse(r.out().contains("0002"), "nothing runs after the failure:\n" + r.out());
    }

    @Nested
    class BadInput {
        /** Each row: the line, the 0-based column the caret must point at, words of the message. */
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                checksum 00 0g         | 13 | not hex
                checksum 001           |  9 | odd number of hex digits
                checksum               |  8 | missing bytes
                checksum 00 "0 1"      | 12 | not hex
                chekcsum 00            |  0 | did you mean `checksum`
                frobnicate             |  0 | unknown command
                version extra          |  8 | unexpected argument
                help checksum extra    | 14 | unexpected argument
                help nosuch            |  5 | unknown command
                checksum "00           |  9 | unterminated quote
                client send SIN seq=0  | 12 | unknown flag `SIN`; did you mean `SYN`?
                client send SYN,AKC    | 16 | did you mean `ACK`
                client send SYN seq=abc | 20 | is not a number
                client send SYN seq=4294967296 | 20 | out of range
                client send SYN foo=1  | 16 | unknown key `foo`
                client send SYN ack=1 ack=2 | 22 | given twice
                client send            | 11 | missing flags
                client send SYN mss    | 16 | needs a value
                client frob            |  7 | unknown `client` command
                clint send SYN         |  0 | did you mean `client`
                link loss=150%         | 10 | a percentage
                link sideways loss=1%  |  5 | unknown direction
                link los=1%            |  5 | did you mean `loss`
                advance xyz            |  8 | a duration like 200ms
                advance                |  7 | missing duration
                hex #0                 |  5 | out of range
                hex #5                 |  4 | no segment #5
                hex 5                  |  4 | a segment number like #3
                step 0                 |  5 | out of range
                auto maybe             |  5 | on or off
                new --isn 1            | 10 | CLIENT,SERVER
                new --client 999.1.1.1 | 13 | not an IP address
                new --frob             |  4 | unknown option
                export pcap /nonexistent/dir/x.pcap | 12 | no such directory
                export gif x.gif       |  7 | unknown export
                client read            |  7 | has no connection
                client close           |  7 | has no connection
                client accept          |  7 | no suggestion
                drop later             |  5 | drop next
                server listen 70000    | 14 | out of range
                undo                   |  0 | nothing to undo
                explain                |  0 | nothing has arrived
                """)
        void isRejectedWithACaretUnderTheBadToken(String line, int column, String words) {
            Shell shell = new Shell(new PrintWriter(new StringWriter()), Style.PLAIN);
            CommandException e = assertThrows(CommandException.class, () -> shell.execute(line));
            assertEquals(column, e.column(), e.getMessage());
            assertTrue(e.getMessage().contains(words), e.getMessage());
        }
    }

    @Nested
    class HelpText {
        @Test
        void everyCommandHasHelpBySummaryKey() {
            Shell shell = new Shell(new PrintWriter(new StringWriter()), Style.PLAIN);
            for (Command c : shell.commands()) {
                assertNotNull(Help.summary(c.name()), "help." + c.name() + ".summary missing from help.properties");
            }
        }

        @Test
        void helpListsEveryCommandWithItsSummary() {
            String out = piped("help").out();
            Shell shell = new Shell(new PrintWriter(new StringWriter()), Style.PLAIN);
            for (Command c : shell.commands()) {
                assertTrue(out.contains(Help.summary(c.name())), c.name() + " missing from:\n" + out);
            }
        }

        @Test
        void helpForOneCommandShowsItsBody() {
            String out = piped("help checksum").out();
            assertTrue(out.contains(Help.body("checksum").lines().findFirst().orElseThrow()), out);
        }
    }

    @Test
    void suggestionsAreCloseWordsOnly() {
        assertEquals("checksum", Suggest.closest("chekcsum", java.util.List.of("checksum", "help")));
        assertEquals(null, Suggest.closest("zzzzzz", java.util.List.of("checksum", "help")));
        assertEquals(1, Suggest.distance("SIN", "SYN"));
    }

    @Test
    void readAfterTheResetAndInCloseWait_oneLineRfcErrors() {
        String[] setup = {"client auto on", "server auto on", "server listen", "client connect", "run"};
        Result reset = piped(concat(setup, "client abort", "run", "server read"));
        assertEquals(1, reset.code(), reset.out());
        assertTrue(reset.out().contains("error: connection does not exist"), reset.out());
        Result closing = piped(concat(setup, "client close", "run", "server read"));
        assertEquals(1, closing.code(), closing.out());
        assertTrue(closing.out().contains("server: error: connection closing (state CLOSE-WAIT)"), closing.out());
        for (Result r : new Result[] {reset, closing}) {
            assertFalse(r.out().contains("Exception") || r.out().contains("\tat "), "no stack trace:\n" + r.out());
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
