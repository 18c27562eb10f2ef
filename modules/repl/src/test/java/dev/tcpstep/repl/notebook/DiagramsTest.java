package dev.tcpstep.repl.notebook;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiagramsTest {
    static final String SVG = """
            <svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" font-family="monospace" font-size="13">
            <defs><marker id="a"><path d="M0,0 L10,4 L0,8 z" fill="#222"/></marker></defs>
            <rect width="100%" height="100%" fill="white"/>
            <line x1="20" y1="10" x2="20" y2="90" stroke="#888"/>
            <line x1="20" y1="50" x2="180" y2="50" stroke="#c0392b" stroke-width="3" marker-end="url(#a)"/>
            <text x="100" y="30" text-anchor="middle" font-weight="bold">SYN</text>
            </svg>
            """;

    static BufferedImage image(byte[] png) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    static int rgb(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xffffff;
    }

    /** Within 0x30 per channel: an antialiased pixel near an edge. */
    static boolean near(int want, int got) {
        for (int shift = 0; shift < 24; shift += 8) {
            if (Math.abs(((want >> shift) & 0xff) - ((got >> shift) & 0xff)) > 0x30) {
                return false;
            }
        }
        return true;
    }

    @Test
    void png_isTheSvgDrawn() throws Exception {
        BufferedImage img = image(Diagrams.png(SVG));
        assertEquals(200, img.getWidth());
        assertEquals(100, img.getHeight());
        assertEquals(0xffffff, rgb(img, 5, 5), "background");
        assertEquals(0xc0392b, rgb(img, 100, 50), "the red arrow's shaft");
        assertEquals(0x888888, rgb(img, 20, 80), "the grey time line");
        int dark = 0;
        for (int x = 80; x < 120; x++) {
            for (int y = 18; y < 32; y++) {
                dark += (rgb(img, x, y) & 0xff) < 0x80 ? 1 : 0;
            }
        }
        assertTrue(dark > 20, "the label's glyphs around (100, 30): " + dark + " dark pixels");
        // The arrow head: filled to either side of the shaft just before its tip, nothing past it.
        assertTrue(near(0xc0392b, rgb(img, 172, 47)), "above the 3-pixel shaft, inside the head: " + Integer.toHexString(rgb(img, 172, 47)));
        assertEquals(0xffffff, rgb(img, 150, 47), "above the shaft, before the head");
        assertEquals(0xffffff, rgb(img, 190, 50));
    }

    /** The graphs' legend is moved with translate, their axis titles turned with rotate, their marks drawn with relative paths. */
    @Test
    void png_followsTranslateRotateAndRelativePaths() throws Exception {
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\">"
                + "<g transform=\"translate(60,60)\"><rect x=\"0\" y=\"0\" width=\"10\" height=\"10\" fill=\"#000000\"/></g>"
                + "<rect transform=\"translate(20,80) rotate(-90)\" x=\"0\" y=\"0\" width=\"30\" height=\"4\" fill=\"#0000ff\"/>"
                + "<path d=\"M10,10h20v5\" stroke=\"#ff0000\" stroke-width=\"2\" fill=\"none\"/></svg>";
        BufferedImage img = image(Diagrams.png(svg));
        assertEquals(0x000000, rgb(img, 65, 65), "the translated square");
        assertEquals(0xffffff, rgb(img, 5, 95), "nothing where the square would be untranslated... or anything else");
        assertEquals(0x0000ff, rgb(img, 22, 65), "the bar turned upright: x 20..24, y 50..80");
        assertEquals(0xffffff, rgb(img, 40, 78), "not lying flat");
        assertEquals(0xff0000, rgb(img, 20, 10), "h20 from (10,10)");
        assertEquals(0xff0000, rgb(img, 30, 13), "then v5");
    }

    @Test
    void png_sameSvgSameBytes() {
        assertArrayEquals(Diagrams.png(SVG), Diagrams.png(SVG));
    }

    @Test
    void png_nullForWhatIsNotSvg() {
        assertNull(Diagrams.png("not xml"));
        assertNull(Diagrams.png("<html/>"));
        assertNull(Diagrams.png("<svg width=\"0\" height=\"10\"/>"));
        assertNull(Diagrams.png("<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg width=\"9\" height=\"9\">&x;</svg>"));
    }

    @Test
    void bundle_svgPngHtmlAndText() throws Exception {
        Map<String, String> b = Diagrams.bundle("the ladder as text\n", SVG);
        assertEquals(List.of("text/html", "image/svg+xml", "image/png", "text/plain"), List.copyOf(b.keySet()));
        assertEquals(SVG, b.get("image/svg+xml"));
        assertEquals("the ladder as text\n", b.get("text/plain"));
        assertEquals(200, image(Base64.getDecoder().decode(b.get("image/png"))).getWidth());
        String html = b.get("text/html");
        String b64 = html.substring(html.indexOf("base64,") + 7, html.lastIndexOf('"'));
        assertEquals(SVG, new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8));
    }

    @Test
    void bundle_withoutSvg_isText() {
        assertEquals(Map.of("text/plain", "x\n"), Diagrams.bundle("x\n", null));
    }
}
