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
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
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
 * {@code System.exit} in a cell ends tcpstep.
 *
 * <p><b>Stopping a cell.</b> A cell runs on a worker thread while the caller waits. It stops
 * early on {@link #interrupt()} (any thread: the shell's Ctrl-C, a Jupyter
 * {@code interrupt_request}), when the shell's Ctrl-C flag is raised, or when the cell's
 * time limit passes ({@link #run(String, Duration)}; {@link #limit()} is the limit for
 * piped and replayed input: 10 s, or {@code TCPSTEP_JAVA_TIMEOUT} seconds, 0 for none).
 * JShell compiles a check into every loop and method of a snippet, so an endless loop in
 * the cell's own code stops at once; the cell's error says why it stopped and its
 * variables survive. Code that never returns to the snippet (a library call that never
 * ends) cannot be stopped that way: after a grace period the cell is abandoned, the
 * error says so, and the next cell starts a fresh JShell (its variables are gone).
 *
 * <p><b>Containment.</b> Whatever the embedded compiler or JShell throws (javac has
 * internal errors on some malformed input, e.g. {@code enum int record | List ! < @@ switch})
 * becomes one line of error in the cell; the shell, and the cells' variables, go on.
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

    /** The time limit of a piped or replayed cell when {@code TCPSTEP_JAVA_TIMEOUT} is not set. */
    static final Duration DEFAULT_LIMIT = Duration.ofSeconds(10);
    /** How long a stopped cell may take to unwind before it is abandoned. */
    private static final Duration GRACE = Duration.ofSeconds(5);
    /** How long a cell stopped while still compiling may go on compiling before it is abandoned. */
    private static final Duration COMPILE_GRACE = Duration.ofSeconds(30);

    private final int id;
    private final BooleanSupplier ctrlC;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    /** Null after an engine failure: the next cell builds a fresh one. */
    private JShell jshell;
    private ExecutorService worker;
    private volatile boolean interruptRequested;
    /** The engine of the current JShell (set when JShell starts it). */
    private volatile BridgeControl control;
    private volatile PrintStream savedOut;
    private volatile PrintStream savedErr;

    JavaCells(Supplier<Simulation> sim) {
        this(sim, () -> false);
    }

    /** {@code ctrlC} is polled while a cell runs: true (once) stops it, like {@link #interrupt()}. */
    JavaCells(Supplier<Simulation> sim, BooleanSupplier ctrlC) {
        this.id = JavaBridge.register(sim);
        this.ctrlC = ctrlC;
        ctrlC.getAsBoolean(); // one pressed before the first cell is not for it; one pressed while building is
        this.jshell = build();
    }

    private JShell build() {
        String mp = modulePath();
        JShell js = JShell.builder()
                .executionEngine(new Provider(c -> control = c), Map.of())
                .out(capture).err(capture)
                .compilerOptions("--module-path", mp,
                        "--add-modules", String.join(",", MODULES) + ",dev.tcpstep.repl",
                        "--add-exports", "dev.tcpstep.repl/" + JavaBridge.class.getPackageName() + "=ALL-UNNAMED")
                .build();
        for (String i : IMPORTS) {
            quiet(js, "import " + i + ";");
        }
        quiet(js, "Simulation sim = " + bridgeCall() + ";");
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "java-cell-" + id);
            t.setDaemon(true); // a cell that never stops must not keep tcpstep from exiting
            return t;
        });
        return js;
    }

    /** The engine behind the cells (built on first use), for completion and documentation. */
    JShell engine() {
        return jshell();
    }

    private JShell jshell() {
        if (jshell == null) {
            jshell = build();
        }
        return jshell;
    }

    /**
     * Stops the cell now running, if any; callable from any thread (a signal handler, a
     * Jupyter kernel's control channel). The cell ends with an {@code Interrupted} error;
     * without a running cell this does nothing (a later cell is not affected).
     */
    public void interrupt() {
        interruptRequested = true;
    }

    /**
     * The time limit for a cell of piped or replayed input: {@code TCPSTEP_JAVA_TIMEOUT}
     * (or the system property {@code tcpstep.java.timeout}) in whole seconds, 0 for none;
     * 10 s when neither is set. Null means no limit.
     *
     * @throws IllegalStateException when the setting is not a whole number of seconds
     */
    static Duration limit() {
        String v = System.getProperty("tcpstep.java.timeout", System.getenv("TCPSTEP_JAVA_TIMEOUT"));
        if (v == null || v.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            long sec = Long.parseLong(v.strip());
            if (sec < 0) {
                throw new NumberFormatException();
            }
            return sec == 0 ? null : Duration.ofSeconds(sec);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("TCPSTEP_JAVA_TIMEOUT=" + v + " is not a time limit (expected: whole "
                    + "seconds for a Java cell, 0 for no limit)");
        }
    }

    private String bridgeCall() {
        return JavaBridge.class.getName() + ".sim(" + id + ")";
    }

    /** Runs a setup snippet; a failure here is a bug in tcpstep, not the user's. */
    private void quiet(JShell js, String code) {
        for (SnippetEvent e : js.eval(code)) {
            if (e.status() == Snippet.Status.REJECTED || e.exception() != null) {
                throw new IllegalStateException("JShell setup failed for `" + code + "`: "
                        + js.diagnostics(e.snippet()).map(d -> d.getMessage(Locale.ROOT)).toList());
            }
        }
    }

    /** True when {@code source} is Java that needs more lines ({@code for (...) {} without its end). */
    boolean incomplete(String source) {
        try {
            return jshell().sourceCodeAnalysis().analyzeCompletion(source).completeness()
                    == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE;
        } catch (RuntimeException | Error e) {
            return false; // run() reports what the compiler makes of it
        }
    }

    /** Runs every snippet of {@code source} in order, stopping at the first error; no time limit. */
    Result run(String source) {
        return run(source, null);
    }

    /**
     * Runs every snippet of {@code source} in order, stopping at the first error, at
     * {@link #interrupt()}, at the shell's Ctrl-C, or when {@code limit} (null: none) passes.
     * Never throws for what the cell contains: a compiler crash is the cell's error.
     */
    Result run(String source, Duration limit) {
        synchronized (STDOUT) {
            interruptRequested = false;
            JShell js = jshell();
            BridgeControl engine = control;
            engine.cancelled = false;
            Future<Result> f = worker.submit(() -> runSnippets(js, source));
            long start = System.nanoTime();
            String stopped = null;
            long stopAt = 0;
            long stoppedFirst = 0;
            while (true) {
                try {
                    Result r = f.get(20, TimeUnit.MILLISECONDS);
                    return stopped == null ? r : new Result(r.out(), stoppedError(stopped, false));
                } catch (TimeoutException e) {
                    long now = System.nanoTime();
                    if (stopped == null) {
                        if (interruptRequested || ctrlC.getAsBoolean()) {
                            stopped = "interrupted";
                        } else if (limit != null && now - start >= limit.toNanos()) {
                            stopped = "stopped after " + limit.toSeconds() + " s, the time limit for a Java cell "
                                    + "(TCPSTEP_JAVA_TIMEOUT=SECONDS sets it; 0 for none)";
                        }
                        if (stopped != null) {
                            stopAt = now;
                            stoppedFirst = now;
                            engine.cancel();
                        }
                    } else if (!engine.running && now - stoppedFirst < COMPILE_GRACE.toNanos()) {
                        // Still compiling (or between snippets): the cancel stops it as it starts to run.
                        stopAt = now;
                    } else if (now - stopAt >= GRACE.toNanos()) {
                        return abandon(f, stopped);
                    }
                } catch (ExecutionException e) {
                    restoreStdout();
                    return new Result(buffer.toString(StandardCharsets.UTF_8),
                            stopped != null ? stoppedError(stopped, false) : engineError(e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return abandon(f, "interrupted");
                }
            }
        }
    }

    private Result abandon(Future<Result> f, String why) {
        f.cancel(true);
        restoreStdout();
        String out = buffer.toString(StandardCharsets.UTF_8);
        buffer.reset();
        JShell stuck = jshell;
        jshell = null;
        worker.shutdownNow();
        // Closing may wait for the stuck thread: not on this one.
        Thread.ofPlatform().daemon().name("java-cell-close").start(() -> {
            try {
                stuck.close();
            } catch (RuntimeException | Error ignored) {
                // It was stuck already; nothing more to do.
            }
        });
        return new Result(out, stoppedError(why, true));
    }

    private static Notebook.Error stoppedError(String why, boolean abandoned) {
        String line = "error: the cell was " + why + (abandoned
                ? "; it did not stop (it was inside code that never checks), so it was abandoned and the next "
                + "Java cell starts afresh (its variables are gone)"
                : "");
        return new Notebook.Error(why.startsWith("interrupted") ? "Interrupted" : "Timeout", why, List.of(line));
    }

    /** What JShell or javac threw (an internal error on odd input): one line. */
    private static Notebook.Error engineError(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("").strip();
        String what = root.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + msg);
        // JShell stays usable after such a failure (its variables too): only this cell is lost.
        return new Notebook.Error("InternalError", what, List.of("error: the Java compiler failed on this cell ("
                + what + "); that snippet did not run"));
    }

    /** After a cell that did not finish: System.out and System.err back to what they were. */
    private void restoreStdout() {
        if (System.out == capture && savedOut != null) {
            System.setOut(savedOut);
        }
        if (System.err == capture && savedErr != null) {
            System.setErr(savedErr);
        }
    }

    private Result runSnippets(JShell jshell, String source) {
        {
            buffer.reset();
            quiet(jshell, "sim = " + bridgeCall() + ";");
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
                List<SnippetEvent> events = evalCapturingStdout(jshell, snippet);
                out.append(buffer.toString(StandardCharsets.UTF_8));
                buffer.reset();
                for (SnippetEvent e : events) {
                    if (e.causeSnippet() != null) {
                        continue; // a dependent snippet updated: not what this cell asked for
                    }
                    if (e.status() == Snippet.Status.REJECTED) {
                        error = compileError(jshell, e.snippet());
                    } else if (e.exception() != null) {
                        error = exception(e.exception());
                    } else {
                        out.append(feedback(jshell, e, showValue));
                    }
                }
            }
            return new Result(out.toString(), error);
        }
    }

    private List<SnippetEvent> evalCapturingStdout(JShell jshell, String snippet) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        savedOut = oldOut;
        savedErr = oldErr;
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
    private static String feedback(JShell jshell, SnippetEvent e, boolean showValue) {
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

    private static Notebook.Error compileError(JShell jshell, Snippet s) {
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
        if (jshell != null) {
            worker.shutdownNow();
            jshell.close();
        }
    }

    /** JShell's local engine, which also exports the bridge package to the snippets' loader. */
    private static final class Provider implements ExecutionControlProvider {
        private final java.util.function.Consumer<BridgeControl> made;

        Provider(java.util.function.Consumer<BridgeControl> made) {
            this.made = made;
        }

        @Override
        public String name() {
            return "tcpstep-local";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            BridgeControl c = new BridgeControl();
            made.accept(c);
            return c;
        }
    }

    /**
     * The local engine, plus: whether a snippet's code is running now, and a cancel that
     * also catches a snippet still being compiled when it came (JShell's own stop only
     * acts while snippet code runs).
     */
    private static final class BridgeControl extends LocalExecutionControl {
        private final Set<Module> exported = new HashSet<>();
        volatile boolean cancelled;
        volatile boolean running;

        void cancel() {
            cancelled = true;
            try {
                stop();
            } catch (EngineTerminationException | InternalException e) {
                // Nothing runs, or the engine is gone: the cancel flag still stops the next entry.
            }
        }

        @Override
        protected void clientCodeEnter() {
            super.clientCodeEnter();
            running = true;
            if (cancelled) {
                try {
                    stop(); // the snippet stops at its first check, before doing anything
                } catch (EngineTerminationException | InternalException e) {
                    // As above.
                }
            }
        }

        @Override
        protected void clientCodeLeave() {
            running = false;
            super.clientCodeLeave();
        }

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
