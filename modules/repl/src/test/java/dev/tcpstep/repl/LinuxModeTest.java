package dev.tcpstep.repl;

import dev.tcpstep.tun.Availability;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code new --linux}: the shell steps a tcpstep client by hand against the real Linux
 * stack in a throwaway namespace. Runs as root with /dev/net/tun (CI); otherwise it is
 * skipped with the reason, and the command itself must say what is missing.
 */
class LinuxModeTest {
    static String play(String script, int expectedExit) {
        StringWriter out = new StringWriter();
        Shell shell = new Shell(new PrintWriter(out), Style.PLAIN);
        int code = shell.run(Input.of(new BufferedReader(new StringReader(script))));
        assertEquals(expectedExit, code, out.toString());
        return out.toString();
    }

    @Test
    @Timeout(60)
    void aTypedSynGetsTheKernelsRealSynAckAndDataCrossesBothWays() {
        Availability a = Availability.check();
        Assumptions.assumeTrue(a.available(), () -> "Linux TUN link unavailable: " + a.reason());
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
                client abort
                step
                """, 0);
        assertTrue(out.lines().anyMatch(l -> l.contains("linux sent") && l.contains("Flags [S.]") && l.contains("ack 1,")), out);
        assertTrue(out.contains("client ESTABLISHED\nserver ESTABLISHED (Linux)"), out);
        assertTrue(out.contains("client read 10 bytes: \"from linux\""), out);
        assertTrue(out.contains("Linux read 12 bytes: \"from tcpstep\""), out);
    }

    @Test
    void withoutTheMeansTheCommandSaysWhatIsMissing() {
        Availability a = Availability.check();
        Assumptions.assumeFalse(a.available(), "this machine can run the Linux link; the other test covers it");
        String out = play("new --linux\n", 1);
        assertTrue(out.contains("new --linux needs Linux, root"), out);
        assertTrue(out.contains(a.reason()), out);
    }
}
