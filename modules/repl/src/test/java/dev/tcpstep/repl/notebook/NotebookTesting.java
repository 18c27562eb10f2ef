package dev.tcpstep.repl.notebook;

import dev.tcpstep.repl.Input;
import dev.tcpstep.repl.Shell;
import dev.tcpstep.repl.Style;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Helpers: a shell over strings, the replay verb with captured streams, the nbformat validator. */
public final class NotebookTesting {
    /** The repository's notebooks/ (tests run in modules/repl). */
    static final Path NOTEBOOKS = Path.of("../../notebooks");

    private NotebookTesting() {
    }

    record Ran(int code, String out) {
    }

    /** Runs {@code script} in a fresh shell, as {@code tcpstep run} would. */
    static Ran shell(String script) {
        StringWriter sw = new StringWriter();
        Shell shell = new Shell(new PrintWriter(sw), Style.PLAIN);
        int code = shell.run(Input.of(new BufferedReader(new StringReader(script))));
        NotebookSession.of(shell).close();
        return new Ran(code, sw.toString());
    }

    record Verb(int code, String out, String err) {
    }

    static Verb replay(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Replay.verb(List.of(args), new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Verb(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    /** A python3 that can import nbformat, or null. */
    static String python() {
        return pythonThatImports("nbformat", List.of("python3", "/usr/bin/python3"));
    }

    /** The first of {@code candidates} that can {@code import modules} (e.g. "jupyter_client, nbconvert"), or null. */
    public static String pythonThatImports(String modules, List<String> candidates) {
        for (String p : candidates) {
            try {
                Process pr = new ProcessBuilder(p, "-c", "import " + modules).redirectErrorStream(true).start();
                pr.getInputStream().readAllBytes();
                if (pr.waitFor(60, TimeUnit.SECONDS) && pr.exitValue() == 0) {
                    return p;
                }
            } catch (IOException e) {
                // not this one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** Runs the official validator on {@code file}; returns null when valid, else its message. */
    static String validate(String python, Path file) throws IOException, InterruptedException {
        Process pr = new ProcessBuilder(python, "-c",
                "import nbformat,sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))",
                file.toString()).redirectErrorStream(true).start();
        String out = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        pr.waitFor(60, TimeUnit.SECONDS);
        return pr.exitValue() == 0 ? null : out;
    }
}
