package dev.tcpstep.repl.kernel;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.lang.module.ResolvedModule;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The kernel under the real Jupyter: {@code jupyter nbconvert --execute} runs every shipped
 * notebook and must produce the outputs saved in it; {@code jupyter_client} drives the
 * kernel as JupyterLab does (drive_kernel.py); {@code nbconvert --to html} shows the
 * diagram. The kernelspec used points at this build's classes (not bin/tcpstep, which would
 * rebuild the project from inside its own test run). Skipped where Jupyter is missing.
 */
class KernelJupyterTest {
    static final Path NOTEBOOKS = Path.of("../../notebooks");
    static final String KERNEL = "tcpstep";
    static String python;
    @TempDir
    static Path tmp;
    static Path jupyterPath;

    @BeforeAll
    static void installKernelspec() throws IOException {
        python = jupyterPython();
        if (python == null) {
            return;
        }
        jupyterPath = tmp.resolve("share/jupyter");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        KernelVerb.install(jupyterPath.resolve("kernels").resolve(KERNEL), List.of(java,
                "--enable-native-access=org.jline.nativ,org.jline.terminal.ffm,dev.tcpstep.tun",
                "-XX:TieredStopAtLevel=1", "-p", modulePath(), "-m", "dev.tcpstep.repl/dev.tcpstep.repl.Main",
                "kernel", "{connection_file}"));
    }

    /** A python3 with jupyter_client, nbclient and nbconvert (Debian's is /usr/bin/python3), or null. */
    static String jupyterPython() {
        return dev.tcpstep.repl.notebook.NotebookTesting.pythonThatImports("jupyter_client, nbclient, nbconvert",
                List.of("/usr/bin/python3", "python3"));
    }

    /** The module path this test runs on: the repl's classes and its dependencies. */
    static String modulePath() {
        Set<String> parts = new TreeSet<>();
        for (ResolvedModule m : ModuleLayer.boot().configuration().modules()) {
            m.reference().location().filter(u -> "file".equals(u.getScheme()))
                    .map(URI::getPath).map(p -> Path.of(p).toString()).ifPresent(parts::add);
        }
        return String.join(java.io.File.pathSeparator, parts);
    }

    record Ran(int code, String out) {
    }

    static Ran run(Path dir, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("JUPYTER_PATH", jupyterPath.toString());
        pb.environment().put("JUPYTER_DATA_DIR", tmp.resolve("data").toString());
        pb.environment().put("JUPYTER_RUNTIME_DIR", tmp.resolve("runtime").toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Ran(-1, new String(out, StandardCharsets.UTF_8) + "\n(timed out)");
        }
        return new Ran(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static void assumeJupyter() {
        assumeTrue(python != null, "skipped: no Jupyter here (apt-get install jupyter-nbconvert python3-jupyter-client; "
                + ".ci/run installs them)");
    }

    @Test
    void jupyterClientDrivesTheKernel() throws Exception {
        assumeJupyter();
        Ran r = run(tmp, 300, python, Path.of("src/test/python/drive_kernel.py").toAbsolutePath().toString(), KERNEL,
                tmp.resolve("kernel-stderr.log").toString());
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("all ") && r.out().contains(" checks passed"), r.out());
    }

    static List<Path> shipped() throws IOException {
        try (Stream<Path> s = Files.list(NOTEBOOKS)) {
            return s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
    }

    @Test
    void nbconvertExecuteReproducesEveryShippedNotebook() throws Exception {
        assumeJupyter();
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path out = Files.createDirectories(tmp.resolve("out"));
        List<String> cmd = new ArrayList<>(List.of(python, "-m", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=120", "--output-dir", out.toString()));
        List<Path> notebooks = shipped();
        assertTrue(notebooks.size() >= 6, "expected the shipped notebooks in " + NOTEBOOKS);
        for (Path p : notebooks) {
            Files.copy(p, in.resolve(p.getFileName()));
            cmd.add(in.resolve(p.getFileName()).toString());
        }
        // The notebooks name the kernel themselves (metadata.kernelspec.name = tcpstep): no override here.
        Ran r = run(in, 600, cmd.toArray(String[]::new));
        assertEquals(0, r.code(), r.out());
        for (Path p : notebooks) {
            JsonNode want = Wire.JSON.readTree(Files.readString(p));
            JsonNode got = Wire.JSON.readTree(Files.readString(out.resolve(p.getFileName())));
            assertEquals(want.path("cells").size(), got.path("cells").size(), p + ": cell count");
            for (int i = 0; i < want.path("cells").size(); i++) {
                JsonNode w = want.path("cells").get(i);
                JsonNode g = got.path("cells").get(i);
                if (!w.path("cell_type").asString().equals("code")) {
                    continue;
                }
                String where = p.getFileName() + " cell " + (i + 1) + " (" + text(w.path("source")) + ")";
                assertEquals(outputs(w.path("outputs")), outputs(g.path("outputs")), where);
            }
        }
    }

    /** A cell's outputs as comparable text: type, stream text, SVG and plain text, error lines; PNG checked to be one. */
    static List<String> outputs(JsonNode outs) {
        List<String> l = new ArrayList<>();
        for (JsonNode o : outs) {
            String type = o.path("output_type").asString();
            switch (type) {
                case "stream" -> l.add("stream " + o.path("name").asString() + ":\n" + text(o.path("text")));
                case "display_data" -> {
                    JsonNode d = o.path("data");
                    byte[] png = Base64.getMimeDecoder().decode(text(d.path("image/png")));
                    l.add("display " + (png.length > 8 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G' ? "png" : "NO PNG")
                            + "\nsvg:\n" + text(d.path("image/svg+xml")) + "\ntext:\n" + text(d.path("text/plain"))
                            + "\nhtml:\n" + text(d.path("text/html")));
                }
                case "error" -> l.add("error " + o.path("ename").asString() + ": " + o.path("evalue").asString()
                        + "\n" + text(o.path("traceback")));
                default -> l.add(type + " " + o);
            }
        }
        return l;
    }

    static String text(JsonNode n) {
        if (n.isArray()) {
            StringBuilder sb = new StringBuilder();
            n.forEach(x -> sb.append(x.asString()));
            return sb.toString();
        }
        return n.asString("");
    }

    @Test
    void nbconvertHtmlShowsTheDiagram() throws Exception {
        assumeJupyter();
        Path dir = Files.createDirectories(tmp.resolve("html"));
        Path nb = dir.resolve("seed-handshake.ipynb");
        Files.copy(NOTEBOOKS.resolve("seed-handshake.ipynb"), nb);
        Ran r = run(dir, 300, python, "-m", "nbconvert", "--to", "html", nb.toString());
        assertEquals(0, r.code(), r.out());
        String html = Files.readString(dir.resolve("seed-handshake.html"));
        // nbconvert 6 strips inline SVG to bare text; the picture survives as an <img> of the same SVG.
        int at = html.indexOf("<img alt=\"diagram\" src=\"data:image/svg+xml;base64,");
        assertTrue(at >= 0, "no diagram <img> in the HTML");
        String b64 = html.substring(html.indexOf(',', at) + 1, html.indexOf('"', html.indexOf(',', at)));
        String svg = new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
        assertTrue(svg.startsWith("<svg") && svg.contains("#1 SYN seq=0"), "the <img> should hold the ladder: " + svg);
    }
}
