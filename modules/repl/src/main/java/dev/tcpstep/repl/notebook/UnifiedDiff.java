package dev.tcpstep.repl.notebook;

import java.util.ArrayList;
import java.util.List;

/** A unified diff of two texts, line by line (longest common subsequence), 3 lines of context. */
final class UnifiedDiff {
    private static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    record Edit(char op, String line, int a, int b) {
    }

    static List<String> diff(String expected, String actual, String fromName, String toName) {
        List<String> a = expected.lines().toList();
        List<String> b = actual.lines().toList();
        List<Edit> edits = edits(a, b);
        List<String> out = new ArrayList<>();
        out.add("--- " + fromName);
        out.add("+++ " + toName);
        int i = 0;
        while (i < edits.size()) {
            if (edits.get(i).op() == ' ') {
                i++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            // extend the hunk while changes are within 2*CONTEXT lines of each other
            int j = i;
            while (j < edits.size()) {
                if (edits.get(j).op() != ' ') {
                    end = j;
                    j++;
                } else {
                    int k = j;
                    while (k < edits.size() && edits.get(k).op() == ' ') {
                        k++;
                    }
                    if (k < edits.size() && k - j <= 2 * CONTEXT) {
                        j = k;
                    } else {
                        break;
                    }
                }
            }
            int stop = Math.min(edits.size(), end + CONTEXT + 1);
            int aStart = -1;
            int bStart = -1;
            int aLen = 0;
            int bLen = 0;
            List<String> body = new ArrayList<>();
            for (int k = start; k < stop; k++) {
                Edit e = edits.get(k);
                if (e.op() != '+') {
                    aLen++;
                    if (aStart < 0) {
                        aStart = e.a();
                    }
                }
                if (e.op() != '-') {
                    bLen++;
                    if (bStart < 0) {
                        bStart = e.b();
                    }
                }
                body.add(e.op() + e.line());
            }
            if (aStart < 0) {
                aStart = edits.get(start).a();
            }
            if (bStart < 0) {
                bStart = edits.get(start).b();
            }
            out.add("@@ -" + range(aStart, aLen) + " +" + range(bStart, bLen) + " @@");
            out.addAll(body);
            i = stop;
        }
        return out;
    }

    private static String range(int start0, int len) {
        // Unified diff: 1-based start; an empty range names the line before it.
        return len == 0 ? start0 + ",0" : (start0 + 1) + (len == 1 ? "" : "," + len);
    }

    private static List<Edit> edits(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Edit> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                out.add(new Edit(' ', a.get(i), i++, j++));
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                out.add(new Edit('-', a.get(i), i++, j));
            } else {
                out.add(new Edit('+', b.get(j), i, j++));
            }
        }
        return out;
    }
}
