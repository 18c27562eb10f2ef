package dev.tcpstep.repl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one command table, and what the front ends get from it. */
class CommandTableTest {
    final StringWriter out = new StringWriter();
    final Shell shell = new Shell(new PrintWriter(out), Style.PLAIN);

    private List<String> complete(String line) {
        return shell.table().complete(shell, line, line.length()).stream().map(Command.Candidate::value).toList();
    }

    @Test
    void everyRowCarriesItsHelp() {
        for (Command c : shell.table().commands()) {
            assertFalse(c.summary().isEmpty(), c.name() + " has no summary in help.properties");
            assertTrue(CommandTable.help(c).getFirst().contains(" — "), c.name());
        }
        for (Command c : shell.table().endpointCommands()) {
            assertFalse(c.summary().isEmpty(), c.name());
            assertTrue(c.afterEndpoint(), c.name());
        }
        assertTrue(CommandTable.help(shell.table().findEndpoint("send")).stream()
                .anyMatch(l -> l.contains("exactly `accept`")), "help send states what a typed segment means");
    }

    @Test
    void completionComesFromTheRows() {
        assertTrue(complete("client se").contains("send"));
        assertTrue(complete("client send ").containsAll(List.of("SYN", "SYN,ACK", "DATA", "FIN,ACK", "RST")));
        assertTrue(complete("client send ACK s").contains("seq="));
        assertEquals(List.of("status", "step"), complete("st"));
        assertTrue(complete("auto ").containsAll(List.of("on", "off")));
    }

    @Test
    void openAndSaveCompleteFileNames(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("handshake.ipynb"), "{}");
        Files.createDirectory(dir.resolve("more"));
        List<String> open = complete("open " + dir + "/");
        assertEquals(List.of(dir + "/handshake.ipynb", dir + "/more/"), open);
        assertEquals(List.of(dir + "/handshake.ipynb"), complete("save " + dir + "/ha"));
        Command.Candidate d = shell.table().complete(shell, "save " + dir + "/mo", ("save " + dir + "/mo").length())
                .getFirst();
        assertFalse(d.complete(), "a directory takes no space after it");
    }

    @Test
    void propertiesDecideCellsLinuxAndUndo() {
        CommandTable t = shell.table();
        for (String notACell : List.of("help", "version", "quit", "exit", "save", "open", "export")) {
            assertFalse(t.find(notACell).has(Command.Property.CELL), notACell);
        }
        assertTrue(t.findEndpoint("send").has(Command.Property.CELL));
        assertTrue(t.findEndpoint("send").has(Command.Property.CHANGES_SESSION));
        assertFalse(t.find("show").has(Command.Property.CHANGES_SESSION));
        assertTrue(shell.linuxCommands().contains("client/server send"));
        assertFalse(shell.linuxCommands().contains("link"), "the impaired link is the simulation's");
        assertNull(t.rowOf(shell, List.of("nonsense")));
        assertEquals("send", t.rowOf(shell, List.of("client", "se")).name());
    }

    @Test
    void aRowCanBeAdded() throws Exception {
        shell.register(Command.named("plot").help("plot cwnd", "draws a graph", null)
                .completer(Command.Completer.words("cwnd", "rtt")).run((s, n, a) -> s.out().println("drawn")));
        shell.execute("plot");
        assertTrue(out.toString().contains("drawn"));
        assertEquals(List.of("cwnd"), complete("plot c"));
        assertThrows(IllegalStateException.class, () -> shell.register(Command.named("plot").run((s, n, a) -> { })));
    }
}
