package dev.tcpstep.repl.notebook;

import dev.tcpstep.repl.JLineInput;
import dev.tcpstep.repl.Shell;
import dev.tcpstep.repl.Style;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Typed at a (dumb JLine) terminal, one-line Java keeps its quotes and `#`: the raw line is used. */
class TypedJavaTest {
    @Test
    void oneLineJavaWithQuotes_atTheTerminal() throws Exception {
        String input = "java \"a#b\".length()\njava String.join(\"-\", \"x\", \"y\")\njava nope(\nstatus\n";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Terminal t = TerminalBuilder.builder().system(false).dumb(true).type("dumb").provider("exec")
                .streams(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), bytes)
                .encoding(StandardCharsets.UTF_8).build()) {
            Shell shell = new Shell(t.writer(), Style.PLAIN);
            assertEquals(0, shell.run(new JLineInput(t, shell.commandNames(), null, true)));
            t.writer().flush();
            NotebookSession.of(shell).close();
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("$1 ==> 3"), out);
        assertTrue(out.contains("$2 ==> \"x-y\""), out);
        // `java nope(` is unfinished: the next lines are read as its continuation until the
        // input ends, and what is left is the cell's error, not a crash.
        assertTrue(out.contains("java> status"), out);
        assertTrue(out.contains("error: incomplete Java (a missing `;`, `)` or `}`?) in: nope("), out);
        assertFalse(out.contains("internal error"), out);
    }
}
