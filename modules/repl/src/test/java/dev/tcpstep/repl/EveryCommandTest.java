package dev.tcpstep.repl;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command, typed through a dumb JLine terminal like a person at a console. The
 * script must name every registered command, so a new command without coverage fails
 * here.
 */
class EveryCommandTest {
    @Test
    void everyCommandRunsThroughTheTerminal() throws IOException {
        Path dir = Files.createTempDirectory("tcpstep-every");
        List<String> lines = new ArrayList<>(List.of(
                "help", "help send", "version", "status", "auto", "new --isn 0,5000",
                "link delay=5ms", "link", "server listen", "client connect", "step", "server accept", "step",
                "pending", "run", "show", "client show", "client auto on", "server auto on",
                "client write \"hello\"", "run", "server read", "server write 100", "run", "client read",
                "trace", "explain #3", "hex #1", "fields #1", "checksum #1", "checksum 0001f203f4f5f6f7",
                "decode " + "4500002c00004000400600000000000000000000" + "c00000500000000000000000600200000000"
                        + "0000020405b4",
                "drop next client", "corrupt next", "duplicate next server", "delay next 10ms",
                "client send ACK", "run", "undo",
                "diagram", "diagram --ascii", "graph seq", "graph cwnd client --ascii",
                "export graph seq " + dir.resolve("g.svg"),
                "export pcap " + dir.resolve("s.pcapng"), "export json " + dir.resolve("s.jsonl"),
                "export svg " + dir.resolve("s.svg"), "export packetdrill " + dir.resolve("s.pkt"),
                "client close", "run", "server close", "advance 4m", "status",
                "new", "client send SYN", "client abort",
                "load ../packetdrill/scripts/handshake-passive.pkt", "next", "tour", "", "", "", "", "", "", "", "",
                "note \"a markdown cell\"", "java 1 + 1", "save " + dir.resolve("s.ipynb"), "new",
                "open " + dir.resolve("s.ipynb"), "exit"));
        Set<String> covered = new TreeSet<>();
        for (String l : lines) {
            if (l.isEmpty()) {
                continue; // Enter for the tour's next step
            }
            String[] w = l.split(" ");
            covered.add(w[0]);
            if (w.length > 1 && (w[0].equals("client") || w[0].equals("server"))) {
                covered.add(w[1]);
            }
        }
        Shell probe = new Shell(new PrintWriter(new StringWriter()), Style.PLAIN);
        List<String> missing = new ArrayList<>();
        probe.commands().forEach(c -> {
            if (!covered.contains(c.name()) && !c.name().equals("quit")) {
                missing.add(c.name());
            }
        });
        probe.endpointCommands().forEach(c -> {
            if (!covered.contains(c.name())) {
                missing.add(c.name());
            }
        });
        assertEquals(List.of(), missing, "commands the script does not exercise");

        String out = ShellTest.typed(lines.toArray(String[]::new));
        assertFalse(out.contains("internal error"), out);
        assertFalse(out.toLowerCase(Locale.ROOT).contains("unknown command"), out);
        assertTrue(Files.size(dir.resolve("s.pcapng")) > 100);
        assertTrue(Files.readString(dir.resolve("s.svg")).startsWith("<svg"));
        assertTrue(Files.readString(dir.resolve("g.svg")).contains("Time-sequence graph"));
        assertTrue(Files.readAllLines(dir.resolve("s.jsonl")).size() > 10);
        assertTrue(Files.readString(dir.resolve("s.pkt")).contains("> S. 0:0(0) ack 1"));
        assertTrue(out.contains("next: line 6: +0    setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0"), out);
        assertTrue(out.contains("undone: run"), out);
        assertTrue(out.contains("tour 9/9"), out);
    }
}
