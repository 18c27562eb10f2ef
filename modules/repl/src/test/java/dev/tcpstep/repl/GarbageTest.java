package dev.tcpstep.repl;

import dev.tcpstep.link.Simulation;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * 10^5 seeded random lines, built from the shell's own words mixed with junk: nothing but
 * a {@link CommandException} may escape, and a line that fails leaves the session exactly
 * as it was.
 */
class GarbageTest {
    private static final List<String> WORDS = List.of("client", "server", "send", "SYN", "ACK", "SYN,ACK", "FIN",
            "RST", "S.", "F.", "seq=0", "seq=1", "ack=1", "ack=5001", "seq=0x10", "win=0", "mss=536", "wscale=7",
            "sackok", "ts=1,0", "data=\"hi\"", "len=3", "urg=1", "checksum=bad", "doff=4", "listen", "connect",
            "write", "\"hello\"", "100", "read", "close", "abort", "accept", "step", "run", "advance", "200ms", "1s",
            "status", "show", "pending", "undo", "auto", "on", "off", "link", "loss=10%", "delay=20ms", "mtu=576",
            "drop", "corrupt", "duplicate", "delay", "next", "explain", "#1", "#2", "#99", "hex", "fields", "checksum",
            "0001", "decode", "trace", "diagram", "new", "--ipv6", "--isn", "0,5000", "help", "version", "seq=",
            "=", "\"", "#", "-1", "99999999999", "0xZZ", "é", "\t", "both", "client→server", "--seed", "7");
    private static final String JUNK = "abcxyz0123456789=,|+#\"'\\ -.:%→";

    @Test
    void randomLinesNeverEscapeAndFailuresChangeNothing() {
        SplittableRandom r = new SplittableRandom(20261126);
        Shell shell = null;
        for (int n = 0; n < 100_000; n++) {
            if (n % 300 == 0) {
                shell = new Shell(new PrintWriter(new StringWriter()), Style.PLAIN);
            }
            String line = line(r);
            String before = fingerprint(shell.session().sim());
            try {
                shell.execute(line);
            } catch (CommandException e) {
                String after = fingerprint(shell.session().sim());
                if (!before.equals(after)) {
                    fail("line " + n + " `" + line + "` failed (" + e.getMessage() + ") but changed the session:\n"
                            + before + "\n→\n" + after);
                }
            } catch (RuntimeException e) {
                throw new AssertionError("line " + n + " `" + line + "` threw " + e, e);
            }
        }
    }

    private static String line(SplittableRandom r) {
        int words = 1 + r.nextInt(5);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            if (r.nextInt(5) == 0) {
                int len = 1 + r.nextInt(6);
                for (int j = 0; j < len; j++) {
                    sb.append(JUNK.charAt(r.nextInt(JUNK.length())));
                }
            } else {
                String w = WORDS.get(r.nextInt(WORDS.size()));
                // Keep runaway work bounded: no hours of simulated time, no megabyte writes.
                sb.append(w);
            }
        }
        return sb.toString();
    }

    static String fingerprint(Simulation sim) {
        StringBuilder sb = new StringBuilder();
        sb.append(sim.now()).append(' ').append(sim.trace().size()).append(' ');
        for (Simulation.Endpoint e : sim.endpoints()) {
            sb.append(e.name()).append('=').append(e.state()).append(e.auto() ? "/auto " : "/manual ");
        }
        sb.append(sim.journalSize());
        return sb.toString();
    }
}
