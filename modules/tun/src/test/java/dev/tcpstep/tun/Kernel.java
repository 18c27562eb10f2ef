package dev.tcpstep.tun;

import org.junit.jupiter.api.Assumptions;

import java.time.Duration;

/** Test fixtures: skip with the printed reason when this machine cannot run a TUN link; short durations. */
final class Kernel {
    static final Duration SHORT = Duration.ofSeconds(3);

    private static volatile boolean reported;

    private Kernel() {
    }

    /** Starts a link, or skips the test naming what is missing (root, /dev/net/tun, ip, python3, Linux). */
    static TunLink start(TunLink.Builder b) {
        Availability a = Availability.check();
        if (!a.available() && !reported) {
            reported = true;
            System.out.println("[tcpstep-tun] Linux interop tests skipped: " + a.reason());
        }
        Assumptions.assumeTrue(a.available(), () -> "Linux TUN link unavailable: " + a.reason());
        try {
            return b.start();
        } catch (TunException e) {
            // Root without the capabilities (an unprivileged container): ip netns add or setns gets EPERM.
            boolean eperm = e.errno() == 1 || String.valueOf(e.getMessage()).contains("Operation not permitted");
            Assumptions.assumeFalse(eperm, () -> "Linux TUN link unavailable: " + e.getMessage());
            throw e;
        }
    }

    /** Prints the trace, so a failing run shows what went over the TUN device. */
    static void dump(String title, TunLink link) {
        System.out.println("---- " + title + " (" + link.namespace().name() + ")");
        link.tcpdump().forEach(l -> System.out.println("  " + l));
    }
}
