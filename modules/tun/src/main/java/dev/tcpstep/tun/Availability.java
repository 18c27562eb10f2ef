package dev.tcpstep.tun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether this machine can run a {@link TunLink}, and if not, what is missing. Checked
 * without native code: the OS name, the effective uid from {@code /proc/self/status},
 * {@code /dev/net/tun}, the {@code ip} tool (iproute2) on the PATH and, for the kernel-side
 * socket programs of {@link LinuxSocket}, {@code python3}.
 *
 * <pre>{@code
 * Availability a = Availability.check();
 * if (!a.available()) System.out.println(a.reason());   // "not root: running as uid 1000 (need uid 0)"
 * }</pre>
 *
 * @param linux          running on Linux
 * @param root           effective uid 0 (creating namespaces and TUN devices needs it)
 * @param tunDevice      {@code /dev/net/tun} exists
 * @param ipTool         the {@code ip} command of iproute2 is on the PATH
 * @param python3        {@code python3} is on the PATH (only {@link LinuxSocket} needs it)
 * @param missing        one line per missing requirement, in the order above; empty when all are met
 */
public record Availability(boolean linux, boolean root, boolean tunDevice, boolean ipTool, boolean python3,
                           List<String> missing) {

    public Availability {
        missing = List.copyOf(missing);
    }

    /** Looks at this machine now. */
    public static Availability check() {
        List<String> missing = new ArrayList<>();
        String os = System.getProperty("os.name", "?");
        boolean linux = os.toLowerCase(Locale.ROOT).startsWith("linux");
        if (!linux) {
            missing.add("not Linux: os.name is " + os + " (the TUN link needs Linux)");
        }
        int uid = linux ? effectiveUid() : -1;
        boolean root = uid == 0;
        if (linux && !root) {
            missing.add("not root: running as uid " + (uid < 0 ? "unknown" : uid)
                    + " (need uid 0 to create a network namespace and a TUN device)");
        }
        boolean tun = linux && Files.exists(Path.of("/dev/net/tun"));
        if (linux && !tun) {
            missing.add("no /dev/net/tun (load the tun module: modprobe tun; in a container pass --device /dev/net/tun)");
        }
        boolean ip = onPath("ip");
        if (linux && !ip) {
            missing.add("no ip command on the PATH (install iproute2)");
        }
        boolean py = onPath("python3");
        if (linux && !py) {
            missing.add("no python3 on the PATH (the kernel-side socket programs need it)");
        }
        return new Availability(linux, root, tun, ip, py, missing);
    }

    /** True when everything is there. */
    public boolean available() {
        return missing.isEmpty();
    }

    /** True when a {@link TunLink} can be started (python3 is not needed for that). */
    public boolean linkAvailable() {
        return linux && root && tunDevice && ipTool;
    }

    /** {@code "available"} or the missing requirements joined with "; ". */
    public String reason() {
        return missing.isEmpty() ? "available" : String.join("; ", missing);
    }

    /** @throws TunUnavailableException naming what is missing for a {@link TunLink} */
    public Availability requireLink() {
        if (!linkAvailable()) {
            throw new TunUnavailableException(missing.stream().filter(m -> !m.contains("python3")).toList());
        }
        return this;
    }

    /** @throws TunUnavailableException naming everything that is missing */
    public Availability requireAll() {
        if (!available()) {
            throw new TunUnavailableException(missing);
        }
        return this;
    }

    private static int effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    // "Uid:\treal\teffective\tsaved\tfs"
                    String[] f = line.substring(4).trim().split("\\s+");
                    return Integer.parseInt(f[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        // sbin is often missing from a non-login PATH
        return Files.isExecutable(Path.of("/usr/sbin", command)) || Files.isExecutable(Path.of("/sbin", command));
    }
}
