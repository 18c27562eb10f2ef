package dev.tcpstep.repl;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The shell in a real terminal: tmux runs it, types into it and reads the screen —
 * completion, history across sessions, Ctrl-D. Skipped (with the reason) without tmux;
 * {@code .ci/run} installs it.
 */
class TmuxSmokeTest {
    @TempDir
    Path home;

    private final String socket = "tcpstep-test-" + ProcessHandle.current().pid();

    @Test
    @Timeout(90)
    void completionHistoryAndCtrlDInARealTerminal() throws Exception {
        Assumptions.assumeTrue(onPath("tmux"), "tmux is not installed (apt-get install tmux); .ci/run installs it");
        String modulePath = System.getProperty("jdk.module.path");
        Assumptions.assumeTrue(modulePath != null, "tests are not running on the module path");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd = String.join(" ", "env", "HOME=" + home, "TERM=xterm-256color", "NO_COLOR=1", java,
                "--enable-native-access=org.jline.terminal.ffm,org.jline.nativ", "--add-modules", "org.jline.terminal.ffm",
                "-p", "'" + modulePath + "'", "-m", "dev.tcpstep.repl/dev.tcpstep.repl.Main");
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

    private String screen(Predicate<String> ready, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String s = "";
        while (System.nanoTime() < deadline) {
            s = run(List.of("tmux", "-L", socket, "capture-pane", "-p", "-t", "t"));
            if (ready.test(s)) {
                return s;
            }
            Thread.sleep(100);
        }
        fail("waited 20 s for " + what + "; the screen shows:\n" + s);
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
