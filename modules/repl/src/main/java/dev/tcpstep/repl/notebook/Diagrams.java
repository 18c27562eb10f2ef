package dev.tcpstep.repl.notebook;

import dev.tcpstep.link.Simulation;
import dev.tcpstep.repl.Ladder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A diagram cell's pictures. The ladder is drawn once, as SVG ({@link Ladder#svg()}); the
 * PNG is that SVG rasterized here with Java2D (headless, no external tools), so the two
 * cannot disagree. Only the SVG subset the ladder uses is drawn: {@code rect}, {@code line}
 * (with an arrow head for {@code marker-end}), {@code text}, {@code circle},
 * {@code polyline}/{@code polygon} and {@code path} with straight segments; anything else
 * is left out of the PNG (the SVG still has it).
 *
 * <p>Every picture output carries four forms ({@link #bundle}): SVG, PNG, an HTML
 * {@code <img>} of the SVG, and the text the shell printed. The HTML is there because
 * nbconvert 6 (Debian 12's) strips inline SVG from its HTML export and prefers SVG over PNG,
 * which left the diagram blank; an {@code <img>} is neither stripped nor sandboxed.
 */
public final class Diagrams {
    static {
        // Java2D without a display: no window system needed, none touched.
        System.setProperty("java.awt.headless", "true");
    }

    private Diagrams() {
    }

    static String svg(Simulation sim) {
        return Ladder.of(sim).svg();
    }

    /** The mime bundle of a picture output, in the order renderers should prefer. */
    public static Map<String, String> bundle(String text, String svg) {
        Map<String, String> m = new LinkedHashMap<>();
        if (svg != null) {
            m.put("text/html", html(svg));
            m.put("image/svg+xml", svg);
            byte[] png = png(svg);
            if (png != null) {
                m.put("image/png", Base64.getEncoder().encodeToString(png));
            }
        }
        m.put("text/plain", text);
        return m;
    }

    static String html(String svg) {
        String b64 = Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8));
        return "<img alt=\"diagram\" src=\"data:image/svg+xml;base64," + b64 + "\"/>";
    }

    /** {@code svg} drawn into a PNG at its own size (width and height attributes); null when it is not SVG. */
    public static byte[] png(String svg) {
        Element root;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            // Our own markup, but parse it as untrusted all the same: no DTDs, no external entities.
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setNamespaceAware(false);
            Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
            root = doc.getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return null;
        }
        if (!root.getTagName().equals("svg")) {
            return null;
        }
        int w = (int) Math.ceil(number(root, "width", 0, 0));
        int h = (int) Math.ceil(number(root, "height", 0, 0));
        if (w <= 0 || h <= 0 || (long) w * h > 40_000_000L) {
            return null;
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            // Normalized strokes: a 1-pixel line on a whole coordinate is one crisp pixel wide, not two grey ones.
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_NORMALIZE);
            String family = root.getAttribute("font-family");
            float size = (float) number(root, "font-size", 0, 13);
            draw(g, root, new Style(family.isEmpty() || family.contains("mono") ? Font.MONOSPACED : Font.SANS_SERIF,
                    size), w, h);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private record Style(String family, float size) {
    }

    private static final java.util.regex.Pattern TRANSFORM = java.util.regex.Pattern
            .compile("(translate|rotate)\\(\\s*(-?[0-9.]+)(?:[ ,]+(-?[0-9.]+))?(?:[ ,]+(-?[0-9.]+))?\\s*\\)");

    private static void draw(Graphics2D g, Element parent, Style style, int w, int h) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element e)) {
                continue;
            }
            // An element may be moved as a whole: transform="translate(x,y) rotate(a)" (the graphs'
            // legend entries and their rotated axis titles).
            java.awt.geom.AffineTransform saved = g.getTransform();
            java.util.regex.Matcher t = TRANSFORM.matcher(e.getAttribute("transform"));
            while (t.find()) {
                double a = Double.parseDouble(t.group(2));
                double b = t.group(3) == null ? 0 : Double.parseDouble(t.group(3));
                if (t.group(1).equals("translate")) {
                    g.translate(a, b);
                } else if (t.group(4) != null) {
                    g.rotate(Math.toRadians(a), b, Double.parseDouble(t.group(4)));
                } else {
                    g.rotate(Math.toRadians(a));
                }
            }
            try {
                drawOne(g, e, style, w, h);
            } finally {
                g.setTransform(saved);
            }
        }
    }

    private static void drawOne(Graphics2D g, Element e, Style style, int w, int h) {
        {
            switch (e.getTagName()) {
                case "defs", "marker", "title", "desc", "style" -> {
                    // Definitions are drawn where they are used (the arrow head of marker-end).
                }
                case "g" -> draw(g, e, style, w, h);
                case "rect" -> {
                    double x = number(e, "x", w, 0);
                    double y = number(e, "y", h, 0);
                    double rw = number(e, "width", w, 0);
                    double rh = number(e, "height", h, 0);
                    Color fill = color(e.getAttribute("fill"), Color.BLACK);
                    if (fill != null) {
                        g.setColor(fill);
                        g.fill(new java.awt.geom.Rectangle2D.Double(x, y, rw, rh));
                    }
                    stroke(g, e, new java.awt.geom.Rectangle2D.Double(x, y, rw, rh));
                }
                case "line" -> {
                    double x1 = number(e, "x1", w, 0);
                    double y1 = number(e, "y1", h, 0);
                    double x2 = number(e, "x2", w, 0);
                    double y2 = number(e, "y2", h, 0);
                    stroke(g, e, new java.awt.geom.Line2D.Double(x1, y1, x2, y2));
                    if (e.getAttribute("marker-end").startsWith("url(")) {
                        arrowHead(g, x1, y1, x2, y2, color(e.getAttribute("stroke"), Color.BLACK));
                    }
                }
                case "circle" -> {
                    double r = number(e, "r", w, 0);
                    var shape = new java.awt.geom.Ellipse2D.Double(number(e, "cx", w, 0) - r, number(e, "cy", h, 0) - r,
                            2 * r, 2 * r);
                    Color fill = color(e.getAttribute("fill"), Color.BLACK);
                    if (fill != null) {
                        g.setColor(fill);
                        g.fill(shape);
                    }
                    stroke(g, e, shape);
                }
                case "polyline", "polygon", "path" -> {
                    Path2D p = e.getTagName().equals("path") ? path(e.getAttribute("d"))
                            : points(e.getAttribute("points"), e.getTagName().equals("polygon"));
                    if (p == null) {
                        return;
                    }
                    Color fill = color(e.getAttribute("fill"), e.getTagName().equals("polyline") ? null : Color.BLACK);
                    if (fill != null) {
                        g.setColor(fill);
                        g.fill(p);
                    }
                    stroke(g, e, p);
                }
                case "text" -> text(g, e, style, w, h);
                default -> {
                    // Not part of the subset: the SVG shows it, the PNG does not.
                }
            }
        }
    }

    private static void stroke(Graphics2D g, Element e, java.awt.Shape s) {
        Color c = color(e.getAttribute("stroke"), null);
        if (c == null) {
            return;
        }
        g.setColor(c);
        g.setStroke(new BasicStroke((float) number(e, "stroke-width", 0, 1)));
        g.draw(s);
    }

    /** The ladder's marker: a 10x8 triangle whose tip sits on the line's end, pointing along it. */
    private static void arrowHead(Graphics2D g, double x1, double y1, double x2, double y2, Color c) {
        AffineTransform saved = g.getTransform();
        g.translate(x2, y2);
        g.rotate(Math.atan2(y2 - y1, x2 - x1));
        Path2D head = new Path2D.Double();
        head.moveTo(1, 0);
        head.lineTo(-9, -4);
        head.lineTo(-9, 4);
        head.closePath();
        g.setColor(c);
        g.fill(head);
        g.setTransform(saved);
    }

    private static void text(Graphics2D g, Element e, Style style, int w, int h) {
        String s = e.getTextContent();
        if (s == null || s.isBlank()) {
            return;
        }
        int weight = e.getAttribute("font-weight").equals("bold") ? Font.BOLD : Font.PLAIN;
        float size = (float) number(e, "font-size", 0, style.size());
        Font font = new Font(style.family(), weight, 1).deriveFont(size);
        g.setFont(font);
        double x = number(e, "x", w, 0);
        double y = number(e, "y", h, 0);
        double width = g.getFontMetrics().getStringBounds(s, g).getWidth();
        switch (e.getAttribute("text-anchor")) {
            case "middle" -> x -= width / 2;
            case "end" -> x -= width;
            default -> {
            }
        }
        Color fill = color(e.getAttribute("fill"), Color.BLACK);
        g.setColor(fill == null ? Color.BLACK : fill);
        g.drawString(s, (float) x, (float) y);
    }

    /** An attribute as a number; {@code 50%} is a share of {@code whole}; missing or bad: {@code dflt}. */
    private static double number(Element e, String attr, double whole, double dflt) {
        String v = e.getAttribute(attr).strip();
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            if (v.endsWith("%")) {
                return whole * Double.parseDouble(v.substring(0, v.length() - 1)) / 100;
            }
            return Double.parseDouble(v.replaceFirst("px$", ""));
        } catch (NumberFormatException x) {
            return dflt;
        }
    }

    /** An SVG paint: {@code #rgb}, {@code #rrggbb} or a few names; "none" is null; empty is {@code dflt}. */
    private static Color color(String v, Color dflt) {
        if (v.isEmpty()) {
            return dflt;
        }
        if (v.equals("none") || v.equals("transparent")) {
            return null;
        }
        if (v.startsWith("#") && (v.length() == 4 || v.length() == 7)) {
            String hex = v.length() == 4
                    ? "" + v.charAt(1) + v.charAt(1) + v.charAt(2) + v.charAt(2) + v.charAt(3) + v.charAt(3)
                    : v.substring(1);
            try {
                return new Color(Integer.parseInt(hex, 16));
            } catch (NumberFormatException x) {
                return dflt;
            }
        }
        return switch (v) {
            case "white" -> Color.WHITE;
            case "black" -> Color.BLACK;
            case "red" -> Color.RED;
            case "green" -> new Color(0x008000);
            case "blue" -> Color.BLUE;
            case "gray", "grey" -> Color.GRAY;
            default -> dflt;
        };
    }

    private static Path2D points(String pts, boolean close) {
        String[] n = pts.strip().split("[\\s,]+");
        if (n.length < 4) {
            return null;
        }
        Path2D p = new Path2D.Double();
        try {
            for (int i = 0; i + 1 < n.length; i += 2) {
                double x = Double.parseDouble(n[i]);
                double y = Double.parseDouble(n[i + 1]);
                if (i == 0) {
                    p.moveTo(x, y);
                } else {
                    p.lineTo(x, y);
                }
            }
        } catch (NumberFormatException x) {
            return null;
        }
        if (close) {
            p.closePath();
        }
        return p;
    }

    /** Absolute M, L, H, V and Z commands; a path with curves is not drawn (null). */
    private static Path2D path(String d) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([MLHVZmlhvz])|(-?[0-9]*\\.?[0-9]+(?:e-?[0-9]+)?)").matcher(d);
        Path2D p = new Path2D.Double();
        char cmd = 0;
        java.util.List<Double> args = new java.util.ArrayList<>();
        double cx = 0;
        double cy = 0;
        boolean started = false;
        while (true) {
            boolean found = m.find();
            if (!found || m.group(1) != null) {
                // Apply the previous command to its collected numbers.
                int i = 0;
                while (cmd != 0) {
                    switch (cmd) {
                        case 'M', 'L', 'm', 'l' -> {
                            if (i + 1 >= args.size()) {
                                break;
                            }
                            // Lower case: relative to the current point.
                            boolean rel = Character.isLowerCase(cmd) && started;
                            cx = (rel ? cx : 0) + args.get(i);
                            cy = (rel ? cy : 0) + args.get(i + 1);
                            i += 2;
                            if (cmd == 'M' || cmd == 'm' || !started) {
                                p.moveTo(cx, cy);
                                started = true;
                                cmd = Character.isLowerCase(cmd) ? 'l' : 'L';
                            } else {
                                p.lineTo(cx, cy);
                            }
                            continue;
                        }
                        case 'H', 'V', 'h', 'v' -> {
                            if (i >= args.size() || !started) {
                                break;
                            }
                            double v = args.get(i++);
                            switch (cmd) {
                                case 'H' -> cx = v;
                                case 'h' -> cx += v;
                                case 'V' -> cy = v;
                                default -> cy += v;
                            }
                            p.lineTo(cx, cy);
                            continue;
                        }
                        case 'Z', 'z' -> {
                            if (started) {
                                p.closePath();
                            }
                        }
                        default -> {
                            return null; // curved: not in the subset
                        }
                    }
                    break;
                }
                if (!found) {
                    break;
                }
                cmd = m.group(1).charAt(0);
                args.clear();
            } else {
                args.add(Double.parseDouble(m.group(2)));
            }
        }
        return started ? p : null;
    }
}
