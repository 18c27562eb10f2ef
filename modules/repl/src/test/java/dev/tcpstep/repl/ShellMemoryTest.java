package dev.tcpstep.repl;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A long session keeps every line but only a bounded amount of what the lines printed. */
class ShellMemoryTest {
    @Test
    void theOutputsKeptStayWithinTheBudget_theLinesAllStay_andTheNewestOutputsAreWhole() {
        Shell shell = new Shell(new PrintWriter(Writer.nullWriter()), Style.PLAIN);
        StringBuilder script = new StringBuilder();
        int lines = 0;
        // `help` prints ~4 KB: 2,000 of them print ~8 MB, twice the budget.
        for (int i = 0; i < 2000; i++) {
            script.append(i % 500 == 0 ? "new\n" : "help\n");
            lines++;
        }
        assertEquals(0, shell.run(Input.of(new BufferedReader(new StringReader(script.toString())))));
        assertEquals(lines, shell.executed().size());
        long kept = 0;
        int dropped = 0;
        for (Shell.Executed e : shell.executed()) {
            if (e.output().equals(Shell.OUTPUT_DROPPED)) {
                dropped++;
            } else {
                kept += e.output().length();
            }
        }
        assertTrue(kept <= Shell.OUTPUT_BUDGET, kept + " characters kept");
        assertTrue(kept > Shell.OUTPUT_BUDGET / 2, "the budget is used, not thrown away: " + kept);
        assertTrue(dropped > 0 && dropped < lines, dropped + " outputs dropped");
        // The newest output is exactly what was printed.
        StringWriter one = new StringWriter();
        new Shell(new PrintWriter(one), Style.PLAIN).run(Input.of(new BufferedReader(new StringReader("help\n"))));
        assertEquals(one.toString(), shell.executed().getLast().output());
        // Dropped ones are the oldest: once one is kept, all later ones are too.
        int firstKept = 0;
        while (shell.executed().get(firstKept).output().equals(Shell.OUTPUT_DROPPED)) {
            firstKept++;
        }
        for (int i = firstKept; i < lines; i++) {
            assertTrue(!shell.executed().get(i).output().equals(Shell.OUTPUT_DROPPED), "line " + i);
        }
        assertEquals("help", shell.executed().get(1).line());
    }
}
