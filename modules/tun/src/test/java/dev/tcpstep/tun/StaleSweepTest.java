package dev.tcpstep.tun;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16: a Linux session killed with {@code kill -9} (no shutdown hook runs) leaves its
 * namespace and its kernel-side program behind; the next TUN link started on the machine
 * sweeps them. Runs as root; skipped with the reason elsewhere.
 */
class StaleSweepTest {
    /**
     * The killed session: a TUN link with a kernel-side program blocked in accept(2) (so it
     * outlives its parent), then "ready NAME PID" on stdout, then sleep until killed.
     */
    public static void main(String[] args) throws Exception {
        TunLink link = TunLink.builder().start();
        LinuxSocket s = link.linuxSocket();
        s.listen(80);
        s.acceptAsync(Duration.ofSeconds(600));
        String pids = NetNamespace.run(List.of(NetNamespace.ip(), "netns", "pids", link.namespace().name())).strip();
        System.out.println("ready " + link.namespace().name() + " " + pids.split("\\s+")[0]);
        System.out.flush();
        Thread.sleep(600_000);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aKilledSessionsNamespaceAndHelperAreSweptByTheNextStart() throws Exception {
        Availability a = Availability.check();
        Assumptions.assumeTrue(a.available(), () -> "Linux TUN link unavailable: " + a.reason());
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> path = new ArrayList<>();
        for (String prop : List.of("jdk.module.path", "java.class.path")) {
            String v = System.getProperty(prop);
            if (v != null && !v.isEmpty()) {
                path.add(v);
            }
        }
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                String.join(File.pathSeparator, path), StaleSweepTest.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String namespace;
        long helper;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = r.readLine();
            assertNotNull(line, "the child session did not start");
            String[] w = line.split(" ");
            namespace = w[1];
            helper = Long.parseLong(w[2]);
        }
        child.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        Thread.sleep(200);
        assertTrue(Files.exists(Path.of("/var/run/netns", namespace)), "kill -9 left the namespace behind");
        assertTrue(ProcessHandle.of(helper).map(ProcessHandle::isAlive).orElse(false),
                "the kernel-side program outlives its killed parent");

        try (TunLink next = TunLink.builder().start()) {
            // the start swept it already: a second sweep finds nothing of it
            assertTrue(NetNamespace.sweepStale().stream().noneMatch(l -> l.startsWith(namespace)));
            assertFalse(next.namespace().name().equals(namespace));
        }
        assertFalse(Files.exists(Path.of("/var/run/netns", namespace)), "the next start deleted the namespace");
        long end = System.nanoTime() + 5_000_000_000L;
        while (ProcessHandle.of(helper).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertFalse(ProcessHandle.of(helper).map(ProcessHandle::isAlive).orElse(false),
                "the kernel-side program was stopped");
    }
}
