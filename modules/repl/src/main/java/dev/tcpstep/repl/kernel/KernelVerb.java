package dev.tcpstep.repl.kernel;

import dev.tcpstep.codec.AtomicFile;
import dev.tcpstep.repl.notebook.NotebookFormat;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tcpstep kernel install [--user | --prefix DIR]} writes the kernelspec Jupyter
 * finds the kernel by; {@code tcpstep kernel CONNECTION_FILE} is what Jupyter starts.
 *
 * <p>Where it goes, as {@code jupyter kernelspec install} puts it: {@code --user}
 * {@code $XDG_DATA_HOME/jupyter/kernels/tcpstep} (default {@code ~/.local/share/...});
 * {@code --prefix DIR} {@code DIR/share/jupyter/kernels/tcpstep}; neither
 * {@code /usr/local/share/jupyter/kernels/tcpstep} (system-wide). The spec's {@code argv}
 * is this checkout's {@code bin/tcpstep}, so the kernel runs what the checkout builds.
 */
public final class KernelVerb {
    private KernelVerb() {
    }

    static final String USAGE = "tcpstep kernel install [--user | --prefix DIR] | tcpstep kernel CONNECTION_FILE";

    /** The {@code kernel} verb. */
    public static int verb(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.println("tcpstep kernel: expected `install` or a connection file (usage: " + USAGE + ")");
            return 2;
        }
        if (!args.getFirst().equals("install")) {
            if (args.size() != 1) {
                err.println("tcpstep kernel: unexpected argument `" + args.get(1) + "` (usage: " + USAGE + ")");
                return 2;
            }
            Path file = Path.of(args.getFirst());
            if (!Files.isRegularFile(file)) {
                err.println("tcpstep kernel: no connection file " + file + " (Jupyter starts the kernel with one; "
                        + "to set it up: tcpstep kernel install)");
                return 2;
            }
            return Kernel.run(file, err);
        }
        Path dir = null;
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--user") && dir == null) {
                String xdg = System.getenv("XDG_DATA_HOME");
                String home = System.getenv("HOME") != null ? System.getenv("HOME") : System.getProperty("user.home");
                dir = (xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(home, ".local", "share")).resolve("jupyter");
            } else if (a.equals("--prefix") && dir == null && i + 1 < args.size()) {
                dir = Path.of(args.get(++i), "share", "jupyter");
            } else {
                err.println("tcpstep kernel install: unexpected argument `" + a + "` (usage: " + USAGE + ")");
                return 2;
            }
        }
        if (dir == null) {
            dir = Path.of("/usr/local/share/jupyter");
        }
        Path launcher = launcher();
        if (launcher == null) {
            err.println("tcpstep kernel install: cannot find bin/tcpstep above this program's jar "
                    + "(expected: run from a checkout, as bin/tcpstep kernel install)");
            return 2;
        }
        List<String> argv = List.of(launcher.toString(), "kernel", "{connection_file}");
        try {
            Path spec = install(dir.resolve("kernels").resolve(NotebookFormat.KERNEL_NAME), argv);
            out.println("installed the tcpstep kernel: " + spec);
            out.println("  runs " + launcher + " kernel; `jupyter kernelspec list` shows it");
            return 0;
        } catch (IOException e) {
            err.println("tcpstep kernel install: cannot write " + dir + ": " + e.getMessage()
                    + (dir.startsWith("/usr") ? " (not root? use --user)" : ""));
            return 1;
        }
    }

    /** The checkout's bin/tcpstep: found upwards from where this module was loaded (its jar or classes). */
    static Path launcher() {
        var location = KernelVerb.class.getModule().getLayer() == null ? java.util.Optional.<java.net.URI>empty()
                : KernelVerb.class.getModule().getLayer().configuration()
                .findModule(KernelVerb.class.getModule().getName()).flatMap(m -> m.reference().location());
        if (location.isEmpty() || !"file".equals(location.get().getScheme())) {
            return null;
        }
        for (Path d = Path.of(location.get()).toAbsolutePath().getParent(); d != null; d = d.getParent()) {
            Path p = d.resolve("bin").resolve("tcpstep");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Writes {@code dir/kernel.json} for {@code argv} (atomically); returns its path. */
    static Path install(Path dir, List<String> argv) throws IOException {
        Files.createDirectories(dir);
        Path spec = dir.resolve("kernel.json");
        AtomicFile.write(spec, kernelJson(argv));
        return spec;
    }

    static String kernelJson(List<String> argv) {
        ObjectNode k = Wire.NODES.objectNode();
        ArrayNode a = k.putArray("argv");
        new ArrayList<>(argv).forEach(a::add);
        k.put("display_name", NotebookFormat.KERNEL_DISPLAY_NAME);
        k.put("language", NotebookFormat.kernelspec().path("language").asString());
        // interrupt_request on the control channel, not SIGINT: a JVM has no portable SIGINT handler.
        k.put("interrupt_mode", "message");
        k.putObject("env");
        ObjectNode meta = k.putObject("metadata");
        meta.put("debugger", false);
        return Wire.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(k) + "\n";
    }
}
