package dev.tcpstep.codec;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Runs external tools (tcpdump, tshark) for comparison tests; skips, saying why, when absent. */
final class Tools {
    private Tools() {
    }

    record Result(int exit, String stdout, String stderr) {
        /** tshark run as root always prints this notice; it is not about the file. */
        String stderrWithoutRootNotice() {
            return stderr.lines().filter(l -> !l.startsWith("Running as user \"root\""))
                    .collect(Collectors.joining("\n"));
        }
    }

    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    static void assumeOnPath(String tool) {
        Assumptions.assumeTrue(onPath(tool), () -> tool + " is not on PATH: comparison skipped (apt-get install " + tool + ")");
    }

    static Result run(String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(command));
        pb.environment().put("TZ", "UTC");
        Path out = Files.createTempFile("tool", ".out");
        Path err = Files.createTempFile("tool", ".err");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command[0] + " did not finish in 60 s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
