package dev.tcpstep.repl;

import dev.tcpstep.link.TraceEntry;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The ladder's layout over many generated sessions: in the SVG no text box meets another,
 * an arrowhead, or a line (loss marks sit on their own line's end, clear of text); in the
 * terminal, lines fit 40 to 60 columns (and 80, 100) and every word of every label is
 * printed whole.
 */
class LadderLayoutTest {
    /** Text boxes: the monospace advance the SVG assumes, the ✗ counted a full em; ascent and descent of the font. */
    private static final double ASCENT = 0.8 * Ladder.FONT;
    private static final double DESCENT = 0.25 * Ladder.FONT;

    private record Box(String what, double x0, double y0, double x1, double y1) {
        boolean meets(Box o) {
            return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1;
        }
    }

    private record Seg(double x1, double y1, double x2, double y2, boolean head) {
    }

    /** Sessions: handshake, data both ways, losses, drops, corruption, simultaneous open and close, resets. */
    static Map<String, String> sessions() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("handshake", "auto on\nserver listen\nclient connect\nrun\n");
        s.put("data and close", "auto on\nserver listen\nclient connect\nrun\nclient write 5000\nserver write \"hello\"\n"
                + "run\nclient close\nrun\nserver close\nrun\n");
        s.put("simultaneous open and close", "new --isn 0,5000\nclient send SYN seq=0\nserver send SYN seq=5000\nstep\nstep\n"
                + "client accept\nserver accept\nstep\nstep\nclient close\nserver close\nstep\nstep\nclient accept\n"
                + "server accept\nstep\nstep\nadvance 4m\n");
        s.put("drops", "auto on\nserver listen\ndrop next\nclient connect\nrun\ndrop next server\nclient write 100\nrun\n"
                + "corrupt next client\nclient write 7\nrun\nclient close\nrun\nserver close\nrun\n");
        s.put("reset", "auto on\nserver listen\nclient connect\nrun\nclient abort\nrun\n");
        for (int seed = 1; seed <= 12; seed++) {
            s.put("lossy seed " + seed, "new --seed " + seed + "\nauto on\nlink loss=30% dup=5% reorder=5% corrupt=5%\n"
                    + "server listen\nclient connect\nrun\nclient write 4000\nserver write 3000\nrun\nclient close\n"
                    + "server close\nrun\n");
        }
        return s;
    }

    /** Runs the lines; one a lossy run makes impossible (a close after the connection gave up) is skipped. */
    static Shell run(String script) {
        Shell shell = new Shell(new PrintWriter(Writer.nullWriter()), Style.PLAIN);
        int failed = 0;
        for (String line : script.split("\n")) {
            try {
                shell.execute(line);
            } catch (CommandException e) {
                failed++;
            }
        }
        assertTrue(failed <= 2, failed + " lines failed in\n" + script);
        return shell;
    }

    /** RFC 9293 §3.10.7.2 vs §3.10.7.1: a closed connection whose listener lives on is not a plain CLOSED port. */
    @Test
    void aConnectionThatClosesUnderALiveListener_isShownApartFromAClosedPort() {
        String svg = Ladder.of(run("auto on\nserver listen\nclient connect\nrun\nclient close\nrun\n"
                + "server close\nrun\nadvance 4m\n").session().sim()).svg();
        assertTrue(svg.contains("CLOSED+LISTEN"), "the server's end of the diagram:\n" + svg);
        String client = Ladder.of(run("auto on\nserver listen\nclient connect\nrun\nclient abort\nrun\n")
                .session().sim()).svg();
        assertTrue(client.contains(">CLOSED<"), "the client, which never listened, is plain CLOSED:\n" + client);
    }

    @Test
    void svg_noTextMeetsAnotherTextAnArrowheadOrALine_acrossSessions() {
        int texts = 0;
        int sessions = 0;
        for (Map.Entry<String, String> e : sessions().entrySet()) {
            String svg = Ladder.of(run(e.getValue()).session().sim()).svg();
            texts += checkSvg(e.getKey(), svg);
            sessions++;
        }
        assertTrue(texts > 500, texts + " text boxes checked in " + sessions + " sessions");
    }

    @Test
    void svg_theCheckSeesAnOverlap() {
        // The check itself: a label pushed onto an arrowhead is caught.
        String svg = "<svg><line x1=\"230\" y1=\"100\" x2=\"690\" y2=\"118\" stroke=\"#222\" marker-end=\"url(#a)\"/>\n"
                + "<text x=\"680\" y=\"120\" text-anchor=\"middle\" font-weight=\"normal\">#9 ACK</text>\n</svg>";
        AssertionError err = null;
        try {
            checkSvg("planted", svg);
        } catch (AssertionError a) {
            err = a;
        }
        assertTrue(err != null && err.getMessage().contains("#9 ACK"), String.valueOf(err));
    }

    private static int checkSvg(String name, String svg) {
        List<Box> boxes = new ArrayList<>();
        List<Box> marks = new ArrayList<>();
        Matcher t = Pattern.compile("<text x=\"(\\d+)\" y=\"(\\d+)\" text-anchor=\"(\\w+)\"[^>]*>([^<]*)</text>").matcher(svg);
        while (t.find()) {
            double x = Double.parseDouble(t.group(1));
            double y = Double.parseDouble(t.group(2));
            String s = t.group(4).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
            double w = s.equals("✗") ? Ladder.FONT : s.codePointCount(0, s.length()) * Ladder.CHAR_W;
            double x0 = switch (t.group(3)) {
                case "middle" -> x - w / 2;
                case "end" -> x - w;
                default -> x;
            };
            Box b = new Box(s, x0, y - ASCENT, x0 + w, y + DESCENT);
            (s.equals("✗") ? marks : boxes).add(b);
        }
        List<Seg> lines = new ArrayList<>();
        Matcher l = Pattern.compile("<line x1=\"(\\d+)\" y1=\"(\\d+)\" x2=\"(\\d+)\" y2=\"(\\d+)\"([^>]*)/>").matcher(svg);
        while (l.find()) {
            lines.add(new Seg(Double.parseDouble(l.group(1)), Double.parseDouble(l.group(2)), Double.parseDouble(l.group(3)),
                    Double.parseDouble(l.group(4)), l.group(5).contains("marker-end")));
        }
        List<Box> heads = new ArrayList<>();
        for (Seg s : lines) {
            if (s.head()) {
                // The marker: 10 px long, 8 px high, its tip on the line's end.
                double back = s.x2() > s.x1() ? -10 : 10;
                heads.add(new Box("arrowhead", Math.min(s.x2(), s.x2() + back) - 1, s.y2() - 5,
                        Math.max(s.x2(), s.x2() + back) + 1, s.y2() + 5));
            }
        }
        List<Box> all = new ArrayList<>(boxes);
        all.addAll(marks);
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                if (all.get(i).meets(all.get(j))) {
                    fail(name + ": `" + all.get(i).what() + "` overlaps `" + all.get(j).what() + "`: " + all.get(i)
                            + " " + all.get(j));
                }
            }
            for (Box h : heads) {
                if (all.get(i).meets(h)) {
                    fail(name + ": `" + all.get(i).what() + "` runs into an arrowhead " + h);
                }
            }
        }
        for (Box b : boxes) {
            for (Seg s : lines) {
                if (crosses(b, s)) {
                    fail(name + ": `" + b.what() + "` is crossed by a line " + s);
                }
            }
        }
        return all.size();
    }

    /** Whether segment {@code s} passes through box {@code b} (sampled finely: the lines are straight and short). */
    private static boolean crosses(Box b, Seg s) {
        int n = 400;
        for (int k = 0; k <= n; k++) {
            double x = s.x1() + (s.x2() - s.x1()) * k / n;
            double y = s.y1() + (s.y2() - s.y1()) * k / n;
            if (x > b.x0() && x < b.x1() && y > b.y0() && y < b.y1()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void text_fitsTheWidth_wrapsAtSpaces_andPrintsEveryNumberWhole() {
        int checked = 0;
        for (Map.Entry<String, String> e : sessions().entrySet()) {
            Shell shell = run(e.getValue());
            Ladder ladder = Ladder.of(shell.session().sim());
            List<String> words = new ArrayList<>();
            for (TraceEntry.Sent s : shell.session().sim().trace().of(TraceEntry.Sent.class)) {
                words.add("#" + s.number());
                words.addAll(List.of(Ladder.label(s.segment()).split(" ")));
            }
            for (int width : new int[]{40, 44, 48, 52, 56, 60, 80, 100}) {
                for (boolean ascii : new boolean[]{false, true}) {
                    List<String> lines = ladder.text(width, ascii);
                    for (String line : lines) {
                        assertTrue(line.length() <= width, e.getKey() + " at " + width + ": " + line.length()
                                + " columns: " + line);
                    }
                    String all = " " + String.join(" \n ", lines) + " ";
                    for (String w : words) {
                        // Whole: a space (or a bracket) on either side, never cut by the edge or an ellipsis.
                        assertTrue(Pattern.compile("[\\s(]" + Pattern.quote(w) + "[\\s),]").matcher(all).find(),
                                e.getKey() + " at " + width + ": `" + w + "` is not printed whole:\n"
                                        + String.join("\n", lines));
                        checked++;
                    }
                    assertTrue(!all.contains("…"), "nothing is cut short");
                }
            }
        }
        assertTrue(checked > 10_000, checked + " words checked");
    }

    @Test
    void wrap_breaksAtSpacesOnly() {
        assertEquals(List.of("#12 PSH,ACK", "seq=2222802870", "ack=2108490916"),
                Ladder.wrap("#12 PSH,ACK seq=2222802870 ack=2108490916", 14));
        assertEquals(List.of("seq=2222802870000"), Ladder.wrap("seq=2222802870000", 5));
    }
}
