package dev.tcpstep.repl;

import dev.tcpstep.tun.Availability;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code new --linux[=server|client]}: the shell steps tcpstep's side by hand against the real
 * Linux stack in a throwaway namespace, through the same command table. Runs as root with
 * /dev/net/tun (CI); otherwise it is skipped with the reason, and the command itself must say
 * what is missing. Under heavy load the kernel-side python3 program can be slow to start;
 * the socket calls allow for it (30 s on the first reply).
 */
class LinuxModeTest {
    static String play(String script, int expectedExit) {
        StringWriter out = new StringWriter();
        Shell shell = new Shell(new PrintWriter(out), Style.PLAIN);
        int code = shell.run(Input.of(new BufferedReader(new StringReader(script))));
        assertEquals(expectedExit, code, out.toString());
        return out.toString();
    }

    private static void assumeLinux() {
        Availability a = Availability.check();
        Assumptions.assumeTrue(a.available(), () -> "Linux TUN link unavailable: " + a.reason());
    }

    /** The code blocks of the README's section on Linux, comments stripped: what a reader types. */
    static List<String> readmeBlocks() throws IOException {
        String readme = Files.readString(Path.of("../../README.md"));
        int from = readme.indexOf("### Against the real Linux TCP stack");
        int to = readme.indexOf("\n### ", from + 1);
        List<String> blocks = new ArrayList<>();
        StringBuilder cur = null;
        for (String line : readme.substring(from, to).split("\n")) {
            if (line.startsWith("```")) {
                if (cur != null) {
                    blocks.add(cur.toString());
                    cur = null;
                } else {
                    cur = new StringBuilder();
                }
            } else if (cur != null) {
                cur.append(line.replaceFirst("\\s+#.*$", "")).append('\n');
            }
        }
        return blocks;
    }

    @Test
    @Timeout(90)
    void theReadmesExamplesWorkAsWritten() throws IOException {
        assumeLinux();
        List<String> blocks = readmeBlocks();
        assertEquals(2, blocks.size(), "the README's Linux section has its two examples");
        String server = play(blocks.get(0) + "status\n", 0);
        assertTrue(server.contains("Linux wrote 2 bytes"), server);
        assertTrue(server.contains("client read 2 bytes: \"hi\""), server);
        assertTrue(server.contains("client ESTABLISHED\nserver ESTABLISHED (Linux)"), server);
        assertTrue(server.lines().anyMatch(l -> l.contains("#2 SYN,ACK") && l.contains("ack=1")), server);
        String client = play(blocks.get(1) + "status\n", 0);
        assertTrue(client.contains("Linux connects from port 49152 to 192.0.2.2 port 80"), client);
        assertTrue(client.contains("server read 5 bytes: \"hello\""), client);
        assertTrue(client.contains("client ESTABLISHED (Linux)\nserver ESTABLISHED"), client);
    }

    @Test
    @Timeout(90)
    void aTypedSynGetsTheKernelsRealSynAck_andTheViewsReadTheLinksTrace() {
        assumeLinux();
        String out = play("""
                new --linux
                server listen 80
                client send SYN seq=0
                step
                client send ACK seq=1
                step
                status
                server write "from linux"
                step
                client read
                client write "from tcpstep"
                step
                server read
                explain #2
                hex #1
                diagram --ascii
                client abort
                step
                """, 0);
        assertTrue(out.lines().anyMatch(l -> l.contains("server sent #2") && l.contains("Flags [S.]")
                && l.contains("ack 1,")), out);
        assertTrue(out.contains("client ESTABLISHED\nserver ESTABLISHED (Linux)"), out);
        assertTrue(out.contains("client read 10 bytes: \"from linux\""), out);
        assertTrue(out.contains("Linux read 12 bytes: \"from tcpstep\""), out);
        assertTrue(out.contains("#2 server → client: IP 192.0.2.1.80 > 192.0.2.2.49152: Flags [S.]"), out);
        assertTrue(out.contains("client SYN-SENT → ESTABLISHED"), out);
        assertTrue(out.contains("#1 client → server, 44 bytes as sent"), out);
        assertTrue(out.contains("|-- #1 SYN seq=0 "), out);
        assertTrue(out.contains("|<-") && out.contains("#2 SYN,ACK"), out);
    }

    @Test
    @Timeout(90)
    void badInputAgainstLinuxSaysWhatWasExpected() {
        assumeLinux();
        String out;
        try {
            out = ShellTest.typed("load ../packetdrill/scripts/handshake-passive.pkt", "new --linux",
                    "server write \"early\"", "server send SYN", "graph seq",
                    "server accept", "server listen", "server accept", "auto on server");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertTrue(out.contains("the Linux server has no socket yet (expected: server listen first)"), out);
        assertTrue(out.contains("the Linux server sends its own segments"), out);
        assertTrue(out.contains("`graph` is not available against Linux (expected: "), out);
        assertTrue(out.contains("Linux's listener has no connection to accept: the handshake is not complete"), out);
        assertTrue(out.contains("only tcpstep's side switches (expected: client"), out);
        assertFalse(out.contains("internal error"), out);
        assertFalse(out.contains("NoneType"), out);
        assertFalse(out.contains("unknown command"), out); // after `load`, client and server are names again
    }

    @Test
    void withoutTheMeansTheCommandSaysWhatIsMissing() {
        Availability a = Availability.check();
        Assumptions.assumeFalse(a.available(), "this machine can run the Linux link; the other tests cover it");
        String out = play("new --linux\n", 1);
        assertTrue(out.contains("new --linux needs Linux, root"), out);
        assertTrue(out.contains(a.reason()), out);
    }
}
