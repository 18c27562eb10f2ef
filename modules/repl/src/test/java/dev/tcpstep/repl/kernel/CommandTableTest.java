package dev.tcpstep.repl.kernel;

import dev.tcpstep.repl.Input;
import dev.tcpstep.repl.Shell;
import dev.tcpstep.repl.Style;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandTableTest {
    final Shell shell = new Shell(new PrintWriter(new StringWriter()), Style.PLAIN);
    final CommandTable table = new CommandTable(shell);

    static List<String> names(List<CommandTable.Entry> e) {
        return e.stream().map(CommandTable.Entry::name).toList();
    }

    @Test
    void topLevel_commandsAndEndpoints() {
        assertEquals(List.of("diagram"), names(table.complete(List.of(), "dia")));
        assertTrue(names(table.complete(List.of(), "")).containsAll(List.of("help", "status", "client", "server")));
        assertEquals(shell.commands().size() + 2, table.complete(List.of(), "").size(), "every command and both endpoints");
    }

    @Test
    void afterAnEndpoint_itsCommands() {
        assertEquals(List.of("send"), names(table.complete(List.of("client"), "se")));
        assertEquals(shell.endpointCommands().size(), table.complete(List.of("server"), "").size());
    }

    @Test
    void afterHelp_everyCommand_withItsSummary() {
        List<CommandTable.Entry> e = table.complete(List.of("help"), "cl");
        assertEquals(List.of("close"), names(e));
        assertTrue(!e.getFirst().summary().isBlank(), "a summary from help.properties");
    }

    @Test
    void nothingAfterAnArgument() {
        assertEquals(List.of(), table.complete(List.of("status", "x"), ""));
    }

    /** What `help NAME` prints in the shell: the kernel's inspect must say the same. */
    String helpPrinted(String name) {
        StringWriter sw = new StringWriter();
        new Shell(new PrintWriter(sw), Style.PLAIN).run(Input.of(new BufferedReader(new StringReader("help " + name))));
        return sw.toString();
    }

    @Test
    void help_isWhatTheHelpCommandPrints() {
        assertEquals(helpPrinted("send"), table.help(List.of("client", "send", "SYN")));
        assertEquals(helpPrinted("diagram"), table.help(List.of("diag")));
        assertEquals(helpPrinted("status"), table.help(List.of("help", "status")));
    }

    @Test
    void help_nullForNoCommand() {
        assertNull(table.help(List.of()));
        assertNull(table.help(List.of("client")));
        assertNull(table.help(List.of("nosuchthing")));
    }
}
