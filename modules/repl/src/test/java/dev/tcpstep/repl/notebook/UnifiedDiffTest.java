package dev.tcpstep.repl.notebook;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UnifiedDiffTest {
    @Test
    void oneChangedLine_inContext() {
        List<String> d = UnifiedDiff.diff("a\nb\nc\nd\ne\nf\ng\nh\n", "a\nb\nc\nd\nX\nf\ng\nh\n", "old", "new");
        assertEquals(List.of("--- old", "+++ new", "@@ -2,7 +2,7 @@", " b", " c", " d", "-e", "+X", " f", " g", " h"), d);
    }

    @Test
    void addedAtTheEnd_andRemovedEverything() {
        assertEquals(List.of("--- a", "+++ b", "@@ -1 +1,2 @@", " x", "+y"), UnifiedDiff.diff("x\n", "x\ny\n", "a", "b"));
        assertEquals(List.of("--- a", "+++ b", "@@ -1 +0,0 @@", "-x"), UnifiedDiff.diff("x\n", "", "a", "b"));
    }

    @Test
    void equal_noHunks() {
        assertEquals(List.of("--- a", "+++ b"), UnifiedDiff.diff("same\n", "same\n", "a", "b"));
    }
}
