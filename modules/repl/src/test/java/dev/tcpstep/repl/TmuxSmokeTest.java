package dev.tcpstep.repl;

import dev.tcpstep.checksum.InternetChecksum;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The shell in a real terminal: tmux runs it, types into it and reads the screen —
 * completion, history across sessions, Ctrl-D, Ctrl-C in a Java cell, a long paste. Skipped (with the reason) without tmux;
 * {@code .ci/run} installs it.
 */
class TmuxSmokeTest {
    @TempDir
    Path home;

    private final String socket = "tcpstep-test-" + ProcessHandle.current().pid();

    @Test
    @Timeout(90)
    void completionHistoryAndCtrlDInARealTerminal() throws Exception {
        String cmd = shellCommand();
        try {
            tmux("new-session", "-d", "-s", "t", "-x", "120", "-y", "40", cmd + "; echo EXITED-$?; sleep 30");
            screen(s -> s.contains("new here? type `tour`"), "the banner");
            tmux("send-keys", "-t", "t", "chec", "Tab");
            screen(s -> s.contains("> checksum"), "`chec` + Tab completing to `checksum`");
            // Completion added the space after `checksum`.
            tmux("send-keys", "-t", "t", "0001f203f4f5f6f7", "Enter");
            screen(s -> s.contains("~ddf2 = 220d"), "the checksum's result");
            tmux("send-keys", "-t", "t", "client se", "Tab");
            screen(s -> s.contains("> client send"), "endpoint command completion");
            tmux("send-keys", "-t", "t", "C-u", "Up");
            screen(s -> s.lines().anyMatch(l -> l.endsWith("> checksum 0001f203f4f5f6f7")), "Up recalling the last line");
            tmux("send-keys", "-t", "t", "C-u", "C-d");
            screen(s -> s.contains("EXITED-0"), "Ctrl-D leaving with exit code 0");
        } finally {
            tmuxQuiet("kill-server");
        }
        Path history = home.resolve(".tcpstep_history");
        assertTrue(Files.exists(history), "history file written to HOME");
        assertTrue(Files.readString(history).contains("checksum 0001f203f4f5f6f7"), Files.readString(history));
    }

    @Test
    @Timeout(240)
    /**
     * Ctrl-C stops a {@code java} cell that never ends and the shell goes on; a 16,000-character
     * line pasted without bracketed-paste markers (as tmux's {@code paste-buffer} sends it)
     * arrives whole. Its speed is measured by hand, not asserted; the generous waits only catch
     * a return of the quadratic redraw, which took minutes.
     */
    void ctrlCStopsAnEndlessJavaCell_andALongPasteArrivesWhole() throws Exception {
        String cmd = shellCommand();
        try {
            tmux("new-session", "-d", "-s", "t", "-x", "120", "-y", "40", cmd + "; echo EXITED-$?; sleep 30");
            screen(s -> s.contains("new here? type `tour`"), "the banner", 60);
            // tmux reads a trailing `;` as its own separator: the cells end without one.
            tmux("send-keys", "-t", "t", "-l", "java int kept = 41 + 1");
            tmux("send-keys", "-t", "t", "Enter");
            screen(s -> s.contains("kept ==> 42"), "the first Java cell", 90);
            tmux("send-keys", "-t", "t", "-l", "java while (true) { }");
            tmux("send-keys", "-t", "t", "Enter");
            Thread.sleep(1500);
            tmux("send-keys", "-t", "t", "C-c");
            screen(s -> s.contains("error: the cell was interrupted"), "Ctrl-C stopping the cell", 60);
            tmux("send-keys", "-t", "t", "-l", "java kept");
            tmux("send-keys", "-t", "t", "Enter");
            screen(s -> s.lines().filter(l -> l.equals("kept ==> 42")).count() == 2, "the shell and the variable alive", 60);

            // 16,001 characters: `checksum` and 7,996 hex bytes; the sum tells whether every byte arrived.
            byte[] data = new byte[7996];
            new java.util.Random(16).nextBytes(data);
            String line = "checksum " + HexFormat.of().formatHex(data);
            Path paste = Files.writeString(home.resolve("paste.txt"), line, StandardCharsets.UTF_8);
            String expected = String.format("%04x", InternetChecksum.checksum(data, 0, data.length));
            tmux("send-keys", "-t", "t", "C-l");
            tmux("load-buffer", paste.toString());
            tmux("paste-buffer", "-t", "t");
            tmux("send-keys", "-t", "t", "Enter");
            screen(s -> s.contains("= " + expected), "the checksum of the pasted line (" + expected + ")", 120);
            // Leave cleanly, so nothing writes into HOME while the temporary directory goes.
            tmux("send-keys", "-t", "t", "C-u", "C-d");
            screen(s -> s.contains("EXITED-0"), "Ctrl-D leaving with exit code 0", 60);
        } finally {
            tmuxQuiet("kill-server");
        }
    }

    private String shellCommand() {
        Assumptions.assumeTrue(onPath("tmux"), "tmux is not installed (apt-get install tmux); .ci/run installs it");
        String modulePath = System.getProperty("jdk.module.path");
        Assumptions.assumeTrue(modulePath != null, "tests are not running on the module path");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return String.join(" ", "env", "HOME=" + home, "TERM=xterm-256color", "NO_COLOR=1", java,
                "--enable-native-access=org.jline.terminal.ffm,org.jline.nativ", "--add-modules", "org.jline.terminal.ffm",
                "-p", "'" + modulePath + "'", "-m", "dev.tcpstep.repl/dev.tcpstep.repl.Main");
    }

    private String screen(Predicate<String> ready, String what) throws Exception {
        return screen(ready, what, 20);
    }

    private String screen(Predicate<String> ready, String what, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String s = "";
        while (System.nanoTime() < deadline) {
            s = run(List.of("tmux", "-L", socket, "capture-pane", "-p", "-J", "-t", "t"));
            if (ready.test(s)) {
                return s;
            }
            Thread.sleep(100);
        }
        fail("waited " + seconds + " s for " + what + "; the screen shows:\n" + s);
        return s;
    }

    private void tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        run(cmd);
    }

    private void tmuxQuiet(String... args) {
        try {
            tmux(args);
        } catch (Exception e) {
            // the server may already be gone
        }
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
