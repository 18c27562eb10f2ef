package dev.tcpstep.repl.notebook;

import dev.tcpstep.link.Simulation;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.module.ResolvedModule;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The embedded JShell behind {@code java} cells.
 *
 * <p><b>Engine: local.</b> Snippets run in this JVM (JShell's {@code "local"} execution
 * engine), not in a second JVM (the default, remote engine). Only the local engine can
 * hand the snippets the live {@link Simulation} object, so a Java cell inspects and drives
 * the very session the shell shows ({@code sim.client().connect()}, then {@code run}).
 * It is also quick: built in milliseconds, ~30 ms per snippet, against ~0.35 s to start a
 * remote VM and ~0.2 s per eval. The price: a snippet shares the JVM, so
 * {@code System.exit} in a cell ends tcpstep, and an endless loop in a cell hangs it
 * (Ctrl-C does not stop a snippet).
 *
 * <p>The snippets see the toolkit's modules (compiled against the same module path the
 * shell runs on) with their API packages imported, and a variable {@code sim}: before
 * each cell it is set to the session's current simulation ({@code new} and {@code undo}
 * replace it).
 *
 * <p>A compile error or an exception is the cell's error output, never a crash of the
 * shell; the rest of that cell is not run (as in Jupyter).
 */
final class JavaCells implements AutoCloseable {
    /** What snippets import; bin/lib/jshell-startup.jsh imports the same (a test checks). */
    static final List<String> IMPORTS = List.of("java.util.*", "java.util.function.*", "java.util.stream.*",
            "java.time.*", "java.net.*", "dev.tcpstep.checksum.*", "dev.tcpstep.codec.*",
            "dev.tcpstep.statemachine.*", "dev.tcpstep.link.*");
    static final List<String> MODULES = List.of("dev.tcpstep.checksum", "dev.tcpstep.codec",
            "dev.tcpstep.statemachine", "dev.tcpstep.link");
    private static final java.util.regex.Pattern IDENTITY_HASH =
            java.util.regex.Pattern.compile("([A-Za-z_$][\\w$.]*)@[0-9a-f]{1,8}\\b");
    /** System.out is one per JVM: one cell at a time captures it. */
    private static final Object STDOUT = new Object();

    /** What a cell printed, and its error (null when it ran to the end). */
    record Result(String out, Notebook.Error error) {
        String text() {
            return out + (error == null ? "" : error.text());
        }
    }

    private final int id;
    private final JShell jshell;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    JavaCells(Supplier<Simulation> sim) {
        this.id = JavaBridge.register(sim);
        String mp = modulePath();
        this.jshell = JShell.builder()
                .executionEngine(new Provider(), Map.of())
                .out(capture).err(capture)
                .compilerOptions("--module-path", mp,
                        "--add-modules", String.join(",", MODULES) + ",dev.tcpstep.repl",
                        "--add-exports", "dev.tcpstep.repl/" + JavaBridge.class.getPackageName() + "=ALL-UNNAMED")
                .build();
        for (String i : IMPORTS) {
            quiet("import " + i + ";");
        }
        quiet("Simulation sim = " + bridgeCall() + ";");
    }

    private String bridgeCall() {
        return JavaBridge.class.getName() + ".sim(" + id + ")";
    }

    /** Runs a setup snippet; a failure here is a bug in tcpstep, not the user's. */
    private void quiet(String code) {
        for (SnippetEvent e : jshell.eval(code)) {
            if (e.status() == Snippet.Status.REJECTED || e.exception() != null) {
                throw new IllegalStateException("JShell setup failed for `" + code + "`: "
                        + jshell.diagnostics(e.snippet()).map(d -> d.getMessage(Locale.ROOT)).toList());
            }
        }
    }

    /** True when {@code source} is Java that needs more lines ({@code for (...) {} without its end). */
    boolean incomplete(String source) {
        return jshell.sourceCodeAnalysis().analyzeCompletion(source).completeness()
                == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE;
    }

    /** Runs every snippet of {@code source} in order, stopping at the first error. */
    Result run(String source) {
        synchronized (STDOUT) {
            buffer.reset();
            quiet("sim = " + bridgeCall() + ";");
            buffer.reset();
            StringBuilder out = new StringBuilder();
            Notebook.Error error = null;
            SourceCodeAnalysis sca = jshell.sourceCodeAnalysis();
            String rest = source;
            while (error == null && !rest.isBlank()) {
                SourceCodeAnalysis.CompletionInfo ci = sca.analyzeCompletion(rest);
                if (ci.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                    break;
                }
                if (ci.completeness() == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE) {
                    String first = rest.strip().lines().findFirst().orElse("");
                    error = new Notebook.Error("CompileError", "incomplete Java",
                            List.of("error: incomplete Java (a missing `;`, `)` or `}`?) in: " + first));
                    break;
                }
                // Like a Jupyter cell's last line: an expression written without `;` shows its value.
                String snippet = ci.source() != null ? ci.source() : rest;
                String remaining = ci.remaining() == null ? "" : ci.remaining();
                String asWritten = rest.substring(0, Math.max(0, rest.length() - remaining.length())).strip();
                boolean showValue = !asWritten.endsWith(";");
                rest = remaining;
                List<SnippetEvent> events = evalCapturingStdout(snippet);
                out.append(buffer.toString(StandardCharsets.UTF_8));
                buffer.reset();
                for (SnippetEvent e : events) {
                    if (e.causeSnippet() != null) {
                        continue; // a dependent snippet updated: not what this cell asked for
                    }
                    if (e.status() == Snippet.Status.REJECTED) {
                        error = compileError(e.snippet());
                    } else if (e.exception() != null) {
                        error = exception(e.exception());
                    } else {
                        out.append(feedback(e, showValue));
                    }
                }
            }
            return new Result(out.toString(), error);
        }
    }

    private List<SnippetEvent> evalCapturingStdout(String snippet) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(capture);
        System.setErr(capture);
        try {
            return jshell.eval(snippet);
        } finally {
            capture.flush();
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /**
     * jshell's style, {@code x ==> 3} or {@code $4 ==> "hi"}, for a snippet written without
     * its closing {@code ;}; nothing otherwise. A value printed by {@code Object.toString}
     * carries an identity hash that differs on every run, so {@code Simulation@56d93692}
     * shows as {@code Simulation@…}: a replayed notebook must print the same text.
     */
    private String feedback(SnippetEvent e, boolean showValue) {
        Snippet s = e.snippet();
        if (e.status() == Snippet.Status.RECOVERABLE_DEFINED || e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
            List<String> missing = jshell.unresolvedDependencies((jdk.jshell.DeclarationSnippet) s).toList();
            return "note: " + s.subKind().toString().toLowerCase(Locale.ROOT).replace("_subkind", "").replace('_', ' ')
                    + " defined, but it cannot be used until " + String.join(", ", missing) + " is declared\n";
        }
        if (e.value() == null || !showValue) {
            return "";
        }
        String value = IDENTITY_HASH.matcher(e.value()).replaceAll("$1@…");
        if (s instanceof VarSnippet v) {
            return v.name() + " ==> " + value + "\n";
        }
        if (s instanceof ExpressionSnippet x && !x.typeName().equals("void")) {
            return x.name() + " ==> " + value + "\n";
        }
        return "";
    }

    private Notebook.Error compileError(Snippet s) {
        List<String> lines = new ArrayList<>();
        String first = null;
        String src = s.source();
        for (Diag d : jshell.diagnostics(s).toList()) {
            if (!d.isError()) {
                continue;
            }
            String msg = d.getMessage(Locale.ROOT);
            if (first == null) {
                first = msg.lines().findFirst().orElse(msg);
            }
            List<String> m = msg.lines().toList();
            lines.add("error: " + m.getFirst());
            for (String l : m.subList(1, m.size())) {
                // "location: class" names JShell's hidden wrapper class: noise for the reader.
                if (!l.strip().equals("location: class")) {
                    lines.add("  " + l.strip());
                }
            }
            long pos = d.getPosition() >= 0 ? d.getPosition() : d.getStartPosition();
            if (pos >= 0 && pos <= src.length()) {
                int ls = src.lastIndexOf('\n', (int) Math.max(0, pos - 1)) + 1;
                if (pos == 0) {
                    ls = 0;
                }
                int le = src.indexOf('\n', (int) pos);
                String line = src.substring(ls, le < 0 ? src.length() : le);
                lines.add("  " + line);
                lines.add("  " + " ".repeat((int) pos - ls) + "^");
            }
        }
        if (first == null) {
            first = "the snippet was rejected";
            lines.add("error: " + first);
        }
        return new Notebook.Error("CompileError", first, lines);
    }

    private static Notebook.Error exception(JShellException x) {
        if (x instanceof UnresolvedReferenceException u) {
            String what = u.getSnippet().toString();
            String line = "error: " + u.getSnippet().subKind().toString().toLowerCase(Locale.ROOT)
                    + " cannot run: it uses something not yet declared";
            return new Notebook.Error("UnresolvedReferenceException", what, List.of(line));
        }
        String cls = x instanceof EvalException ev ? ev.getExceptionClassName() : x.getClass().getName();
        String msg = x.getMessage();
        List<String> lines = new ArrayList<>();
        lines.add("exception " + cls + (msg == null ? "" : ": " + msg));
        // Only the toolkit's own frames, without line numbers: a notebook's expected output must
        // not change when the library or the JDK moves a line.
        int shown = 0;
        for (StackTraceElement f : x.getStackTrace()) {
            if (f.getClassName().startsWith("REPL.")) {
                break;
            }
            if (f.getClassName().startsWith("dev.tcpstep.") && shown++ < 5) {
                lines.add("    at " + f.getClassName() + "." + f.getMethodName());
            }
        }
        return new Notebook.Error(cls, msg == null ? "" : msg, lines);
    }

    /** The module path the shell runs on (the toolkit's modules and their dependencies). */
    static String modulePath() {
        Set<String> parts = new TreeSet<>();
        for (ResolvedModule m : ModuleLayer.boot().configuration().modules()) {
            m.reference().location().filter(u -> "file".equals(u.getScheme()))
                    .map(URI::getPath).map(p -> Path.of(p).toString()).ifPresent(parts::add);
        }
        if (ModuleLayer.boot().findModule("dev.tcpstep.link").isEmpty()) {
            throw new IllegalStateException("java cells need the toolkit's modules on the module path "
                    + "(start tcpstep with bin/tcpstep)");
        }
        return String.join(java.io.File.pathSeparator, parts);
    }

    @Override
    public void close() {
        JavaBridge.unregister(id);
        jshell.close();
    }

    /** JShell's local engine, which also exports the bridge package to the snippets' loader. */
    private static final class Provider implements ExecutionControlProvider {
        @Override
        public String name() {
            return "tcpstep-local";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return new BridgeControl();
        }
    }

    private static final class BridgeControl extends LocalExecutionControl {
        private final Set<Module> exported = new HashSet<>();

        @Override
        public void load(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException,
                EngineTerminationException {
            super.load(cbcs);
            for (ClassBytecodes c : cbcs) {
                try {
                    Module m = findClass(c.name()).getModule();
                    if (exported.add(m)) {
                        JavaBridge.class.getModule().addExports(JavaBridge.class.getPackageName(), m);
                    }
                } catch (ClassNotFoundException e) {
                    // Not loaded yet: the next load() exports to the same loader's module.
                }
            }
        }
    }
}
