package dev.tcpstep.repl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden transcripts: a script's whole piped output, compared with a committed file the
 * code produced and a person reviewed. Regenerate after a deliberate change with
 * {@code ./mvnw -pl modules/repl test -Dtest=TranscriptTest -Dtcpstep.test.jvmArgs=-Dtcpstep.updateGolden=true}
 * and review the diff before committing.
 */
class TranscriptTest {
    static String script(String name) throws IOException {
        try (InputStream in = TranscriptTest.class.getResourceAsStream("/transcripts/" + name + ".tcpstep")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String play(String script) {
        StringWriter out = new StringWriter();
        Shell shell = new Shell(new PrintWriter(out), Style.PLAIN);
        int code = shell.run(Input.of(new BufferedReader(new StringReader(script))));
        assertEquals(0, code, "the script must run without a failing command:\n" + out);
        return out.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed-session", "tour"})
    void matchesTheReviewedTranscript(String name) throws IOException {
        String actual = play(script(name));
        Path golden = Path.of("src/test/resources/transcripts/" + name + ".expected");
        if (Boolean.getBoolean("tcpstep.updateGolden")) {
            Files.writeString(golden, actual);
        }
        assertEquals(Files.readString(golden), actual);
    }

    @Test
    void theSeedSessionReachesTheIssuesStates() throws IOException {
        List<String> statusBlocks = play(script("seed-session")).lines()
                .filter(l -> l.matches("(client|server) [A-Z0-9-]+( .*)?") && !l.contains(" would send"))
                .map(l -> l.split(" ")[0] + " " + l.split(" ")[1]).toList();
        assertEquals(List.of("client ESTABLISHED", "server ESTABLISHED",
                "client TIME-WAIT", "server CLOSED",
                "client CLOSED", "server CLOSED"), statusBlocks);
    }

    @Test
    void theSeedSessionHasNoCoachingNotesBecauseItsNumbersAreRight() throws IOException {
        String out = play(script("seed-session"));
        assertFalse(out.contains("but RFC 9293 says"), out);
        assertFalse(out.contains("but RCV.NXT is"), out);
        assertFalse(out.contains("but SND.NXT is"), out);
    }

    @Test
    void aWrongAckIsCoachedWithTheRealRuleAndTheReceiverReacts() {
        String out = play("""
                server listen
                client send SYN seq=0
                step
                server send SYN,ACK seq=5000 ack=1
                step
                client send ACK seq=1 ack=5000
                step
                """);
        assertTrue(out.contains("ack 5000 but RCV.NXT is 5001"), out);
        assertTrue(out.contains("SYN takes one sequence number"), out);
        // RFC 9293 §3.10.7.4: SYN-RECEIVED answers an unacceptable ACK with a reset <SEQ=SEG.ACK>;
        // the server is manual, so the reset is what it would send.
        assertTrue(out.contains("server would send: server send RST seq=5000"), out);
    }

    @Test
    void pipedAndRunScriptGiveTheSameOutput() throws Exception {
        Path f = Files.createTempFile("session", ".tcpstep");
        try {
            Files.writeString(f, script("seed-session"));
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            int code = Main.run(List.of("run", f.toString()), new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                    new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
            assertEquals(play(script("seed-session")), out.toString(StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
