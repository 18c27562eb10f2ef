package dev.tcpstep.packetdrill;

import dev.tcpstep.statemachine.Profile;
import dev.tcpstep.tun.TunException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code tcpstep packetdrill [--linux] [--profile NAME] [--tolerance_usecs N] [--verbose] FILE|DIR...}:
 * runs scripts ({@code .pkt} files; directories recursively, in name order) and prints one
 * line per script, then {@code N passed, M failed, K skipped}. Exit 0 when none failed,
 * 1 when one did, 2 on bad arguments.
 */
public final class PacketdrillCommand {
    public static final String USAGE = "packetdrill [--linux] [--profile rfc9293|modern] [--tolerance_usecs N]"
            + " [--verbose] FILE|DIR...";

    private PacketdrillCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        boolean linux = false;
        boolean verbose = false;
        String profileName = "rfc9293";
        Long tolerance = null;
        List<Path> targets = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--linux" -> linux = true;
                case "--verbose", "-v" -> verbose = true;
                case "--profile", "--tolerance_usecs" -> {
                    if (i + 1 >= args.size()) {
                        err.println("tcpstep packetdrill: " + a + " needs a value (usage: " + USAGE + ")");
                        return 2;
                    }
                    String v = args.get(++i);
                    if (a.equals("--profile")) {
                        profileName = v;
                    } else if (v.matches("\\d{1,9}")) {
                        tolerance = Long.parseLong(v);
                    } else {
                        err.println("tcpstep packetdrill: --tolerance_usecs `" + v + "` (expected: microseconds, 0..999999999)");
                        return 2;
                    }
                }
                default -> {
                    if (a.startsWith("-")) {
                        err.println("tcpstep packetdrill: unknown option `" + a + "` (usage: " + USAGE + ")");
                        return 2;
                    }
                    targets.add(Path.of(a));
                }
            }
        }
        Profile profile = TcpstepSystem.profile(profileName);
        if (profile == null) {
            err.println("tcpstep packetdrill: unknown profile `" + profileName + "` (expected: rfc9293, modern)");
            return 2;
        }
        if (linux && !profileName.equals("rfc9293")) {
            err.println("tcpstep packetdrill: --profile applies to tcpstep's endpoint, not to --linux");
            return 2;
        }
        if (targets.isEmpty()) {
            err.println("tcpstep packetdrill: no scripts given (usage: " + USAGE + ")");
            return 2;
        }
        List<Path> files = new ArrayList<>();
        for (Path t : targets) {
            if (Files.isDirectory(t)) {
                try (Stream<Path> s = Files.walk(t)) {
                    s.filter(p -> p.toString().endsWith(".pkt") && Files.isRegularFile(p)).sorted().forEach(files::add);
                } catch (IOException e) {
                    err.println("tcpstep packetdrill: cannot read directory " + t + ": " + e.getMessage());
                    return 2;
                }
            } else if (Files.isRegularFile(t)) {
                files.add(t);
            } else {
                err.println("tcpstep packetdrill: " + t + ": no such file or directory");
                return 2;
            }
        }
        String why = linux ? LinuxSystem.unavailable() : null;
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        for (Path f : files) {
            Result r = runOne(f, linux, why, profile, profileName, tolerance);
            out.println(r.line());
            if (verbose) {
                r.notes().forEach(n -> out.println("  note: " + n));
            }
            switch (r.outcome()) {
                case PASSED -> passed++;
                case FAILED -> failed++;
                case SKIPPED -> skipped++;
            }
        }
        out.println(passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : "")
                + " (" + (linux ? "Linux through TUN" : "tcpstep, profile " + profileName) + ")");
        return failed == 0 ? 0 : 1;
    }

    /** Parses and runs one file; a file that does not parse fails with line and column. */
    public static Result runOne(Path f, boolean linux, String linuxUnavailable, Profile profile, String profileName,
                                Long tolerance) {
        String name = f.getFileName().toString();
        Script script;
        try {
            script = ScriptParser.parse(f, Set.of(linux ? "linux" : "tcpstep"));
        } catch (ScriptSyntaxException e) {
            return new Result(name, Result.Outcome.FAILED, e.getMessage(), List.of());
        } catch (IOException e) {
            return new Result(name, Result.Outcome.FAILED, name + ": cannot read: " + e.getMessage(), List.of());
        }
        if (linux && linuxUnavailable != null) {
            return new Result(name, Result.Outcome.SKIPPED, name + ": Linux through TUN unavailable: "
                    + linuxUnavailable, List.of());
        }
        String why = Runner.unsupported(script);
        if (why != null) {
            return new Result(name, Result.Outcome.SKIPPED, name + ": " + why, List.of());
        }
        try (SystemUnderTest sut = linux ? LinuxSystem.start() : TcpstepSystem.start(profile, profileName, script)) {
            return Runner.run(script, sut, tolerance);
        } catch (TunException e) {
            return new Result(name, Result.Outcome.SKIPPED, name + ": Linux through TUN unavailable: "
                    + e.getMessage(), List.of());
        } catch (IllegalArgumentException e) {
            return new Result(name, Result.Outcome.SKIPPED, name + ": the script's sysctl lines give no valid"
                    + " Profile: " + e.getMessage(), List.of());
        }
    }
}
