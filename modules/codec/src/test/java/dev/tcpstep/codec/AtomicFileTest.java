package dev.tcpstep.codec;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The single file writer: modes, links, error reasons, and what {@code kill -9} leaves.
 * Tests that need another user, a read-only or a full file system run a child JVM (under
 * {@code setpriv}, or in a private mount namespace made by {@code unshare -m}, which also
 * removes the mounts when it ends); they are skipped, with the reason, where that is not possible.
 */
class AtomicFileTest {
    @TempDir
    Path dir;

    /** The child: {@code once FILE BYTES} writes once; {@code loop FILE BYTES JOURNAL} writes until killed. */
    private static final String CHILD = """
            import dev.tcpstep.codec.AtomicFile;
            import java.nio.file.*;
            import java.security.MessageDigest;
            public class Child {
                public static void main(String[] a) throws Exception {
                    Path file = Path.of(a[1]);
                    int size = Integer.parseInt(a[2]);
                    if (a[0].equals("loop")) {
                        AtomicFile.recover(Path.of(a[3]));
                    }
                    byte[][] bodies = new byte[2][];
                    byte[][] sums = new byte[2][];
                    for (int k = 0; k < 2; k++) {
                        bodies[k] = new byte[size];
                        new java.util.Random(k + ProcessHandle.current().pid()).nextBytes(bodies[k]);
                        sums[k] = MessageDigest.getInstance("SHA-256").digest(bodies[k]);
                    }
                    for (int round = 0; ; round++) {
                        byte[] body = bodies[round % 2];
                        byte[] sum = sums[round % 2];
                        try {
                            AtomicFile.write(file, out -> {
                                // Slowly, so a kill lands mid-write.
                                for (int i = 0; i < size; i += 65536) {
                                    out.write(body, i, Math.min(65536, size - i));
                                    if (size > 1 << 20) {
                                        try {
                                            Thread.sleep(1);
                                        } catch (InterruptedException e) {
                                            throw new java.io.IOException(e);
                                        }
                                    }
                                }
                                out.write(sum);
                            });
                        } catch (java.io.IOException e) {
                            System.out.println("ERROR " + e.getMessage());
                            System.exit(3);
                        }
                        System.out.println("WROTE " + round);
                        System.out.flush();
                        if (!a[0].equals("loop")) {
                            return;
                        }
                    }
                }
            }
            """;

    @Test
    void writesTheWholeContent_andLeavesNoTemporaryFile() throws IOException {
        Path f = dir.resolve("a.txt");
        AtomicFile.write(f, "one");
        AtomicFile.write(f, "two");
        assertEquals("two", Files.readString(f));
        assertEquals(List.of("a.txt"), names(dir));
    }

    @Test
    void anExistingFileKeepsItsMode() throws IOException {
        Path f = dir.resolve("kept.txt");
        Files.writeString(f, "old");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        AtomicFile.write(f, "new");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals("new", Files.readString(f));
    }

    @Test
    void aSymbolicLinkIsWrittenThrough() throws IOException {
        Path real = Files.createDirectory(dir.resolve("real")).resolve("target.txt");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), Path.of("real/target.txt"));
        Path link2 = Files.createSymbolicLink(dir.resolve("link2.txt"), link);
        AtomicFile.write(link2, "through");
        assertTrue(Files.isSymbolicLink(link) && Files.isSymbolicLink(link2), "the links stay links");
        assertEquals("through", Files.readString(real));
        // A dangling link: its target is created.
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.txt"), Path.of("real/new.txt"));
        AtomicFile.write(dangling, "created");
        assertTrue(Files.isSymbolicLink(dangling));
        assertEquals("created", Files.readString(dir.resolve("real/new.txt")));
    }

    @Test
    void aLoopOfLinksIsRefusedWithAReason() throws IOException {
        Path a = dir.resolve("a");
        Files.createSymbolicLink(a, dir.resolve("b"));
        Files.createSymbolicLink(dir.resolve("b"), a);
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(a, "x"));
        assertTrue(e.getMessage().contains("too many levels of symbolic links"), e.getMessage());
    }

    @Test
    void aMissingDirectoryIsNamed() {
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(dir.resolve("no/such/f"), "x"));
        assertEquals("no such directory: " + dir.resolve("no/such") + "; nothing was written", e.getMessage());
    }

    @Test
    void aFailingBodyLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("f");
        AtomicFile.write(f, "old");
        assertThrows(IOException.class, () -> AtomicFile.write(f, out -> {
            out.write(new byte[100_000]);
            throw new IOException("body failed");
        }));
        assertEquals("old", Files.readString(f));
        assertEquals(List.of("f"), names(dir));
    }

    @Test
    void reasonsAreNamedInWords() {
        Path d = Path.of("/x");
        assertEquals("permission denied (/x is not writable by this user); the old file is unchanged",
                AtomicFile.explained(new AccessDeniedException("/x/.f.tmp"), d, true).getMessage());
        assertEquals("read-only file system (/x); nothing was written",
                AtomicFile.explained(new FileSystemException("/x/.f.tmp", null, "Read-only file system"), d, false)
                        .getMessage());
        assertEquals("no space left on device (/x); the old file is unchanged",
                AtomicFile.explained(new IOException("No space left on device"), d, true).getMessage());
    }

    @Test
    void temporaryFilesOfDeadProcessesAreSweptOnTheNextWrite_liveOnesStay() throws Exception {
        long dead = deadPid();
        Path stale = Files.writeString(dir.resolve(".x.svg.tcpstep-" + dead + "-1.tmp"), "half");
        Path live = Files.writeString(dir.resolve(".x.svg.tcpstep-" + ProcessHandle.current().pid() + "-999999.tmp"), "busy");
        Path other = Files.writeString(dir.resolve(".x.svg.other.tmp"), "not ours");
        AtomicFile.write(dir.resolve("y.svg"), "y");
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(live) && Files.exists(other));
    }

    @Test
    @Tag("subprocess")
    void newFilesGetTheUmask() throws Exception {
        Path child = child();
        for (String[] c : new String[][]{{"022", "rw-r--r--"}, {"077", "rw-------"}, {"002", "rw-rw-r--"}}) {
            Path f = dir.resolve("umask" + c[0]);
            Result r = sh("umask " + c[0] + " && " + javaChild(child) + " once " + f + " 10");
            assertEquals(0, r.code, r.out);
            assertEquals(c[1], PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), "umask " + c[0]);
        }
    }

    @Test
    @Tag("subprocess")
    @Timeout(120)
    void killDashNineMidWrite_neverLeavesATruncatedFile_andTheNextStartCleansUp() throws Exception {
        Path child = child();
        Path target = dir.resolve("big.ipynb");
        Path journal = dir.resolve("journal");
        Random rnd = new Random(9);
        int kills = 6;
        int sawTemp = 0;
        boolean lastLeftTemp = false;
        // Each child sweeps the leftovers of the one before it when it starts (as tcpstep does),
        // so only the last kill's temp file is left for the recovery below: go on until the
        // last kill landed mid-write (on an idle machine a random kill often falls between writes).
        for (int i = 0; i < kills || (!lastLeftTemp && i < 40); i++) {
            List<String> cmd = new ArrayList<>(List.of(java(), "-cp", codecClasses() + ":" + child, "Child",
                    "loop", target.toString(), String.valueOf(4 << 20), journal.toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            // Kill it somewhere in a later write: once a first file is complete, at a random point.
            java.io.BufferedReader r = p.inputReader(StandardCharsets.UTF_8);
            String first = r.readLine();
            assertEquals("WROTE 0", first);
            Thread.sleep(rnd.nextInt(400));
            p.destroyForcibly(); // SIGKILL
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            lastLeftTemp = names(dir).stream().anyMatch(n -> n.endsWith(".tmp"));
            if (lastLeftTemp) {
                sawTemp++;
            }
            if (Files.exists(target)) {
                byte[] all = Files.readAllBytes(target);
                assertEquals((4 << 20) + 32, all.length, "kill " + i + ": a file of the wrong length");
                byte[] sum = MessageDigest.getInstance("SHA-256").digest(java.util.Arrays.copyOf(all, 4 << 20));
                assertEquals(HexFormat.of().formatHex(sum), HexFormat.of().formatHex(all, 4 << 20, all.length),
                        "kill " + i + ": the file is corrupt");
            }
        }
        assertTrue(sawTemp > 0 && lastLeftTemp, "no kill landed mid-write in 40 tries (the test proved nothing)");
        // The next start: the journal names the leftovers, and they go.
        int removed = AtomicFile.recover(journal);
        assertTrue(removed > 0);
        assertTrue(names(dir).stream().noneMatch(n -> n.endsWith(".tmp")), names(dir).toString());
        try (Stream<Path> s = Files.list(journal)) {
            assertEquals(0, s.count(), "journal entries of dead writers are gone");
        }
    }

    @Test
    @Tag("subprocess")
    @Timeout(60)
    void aFullFileSystemNamesTheReason_andLeavesTheOldFile() throws Exception {
        Path child = child();
        Path mnt = Files.createDirectory(dir.resolve("mnt"));
        Path f = mnt.resolve("session.ipynb");
        Result r = inMountNamespace("mount -t tmpfs -o size=64k tmpfs " + mnt
                + " && " + javaChild(child) + " once " + f + " 1000"
                + " && " + javaChild(child) + " once " + f + " 1000000; echo EXIT=$?; wc -c < " + f + "; ls -a " + mnt);
        assertTrue(r.out.contains("ERROR no space left on device (" + mnt + "); the old file is unchanged"), r.out);
        assertTrue(r.out.contains("EXIT=3"), r.out);
        assertTrue(r.out.contains("\n1032\n"), "the old file, whole: " + r.out);
        assertFalse(r.out.contains(".tmp"), "no temporary file left: " + r.out);
    }

    @Test
    @Tag("subprocess")
    @Timeout(60)
    void aReadOnlyFileSystemNamesTheReason_andLeavesTheOldFile() throws Exception {
        Path child = child();
        Path mnt = Files.createDirectory(dir.resolve("ro"));
        Path f = mnt.resolve("trace.svg");
        Result r = inMountNamespace("mount -t tmpfs -o size=1m tmpfs " + mnt
                + " && " + javaChild(child) + " once " + f + " 1000"
                + " && mount -o remount,ro " + mnt
                + " && " + javaChild(child) + " once " + f + " 2000; echo EXIT=$?; wc -c < " + f);
        assertTrue(r.out.contains("ERROR read-only file system (" + mnt + "); the old file is unchanged"), r.out);
        assertTrue(r.out.contains("\n1032\n"), r.out);
    }

    @Test
    @Tag("subprocess")
    @Timeout(60)
    void aDirectoryTheUserMayNotWriteNamesTheReason() throws Exception {
        Assumptions.assumeTrue(onPath("setpriv"), "setpriv (util-linux) is not installed: cannot switch to another user");
        Assumptions.assumeTrue(isRoot(), "needs root to switch to the user nobody (as a non-root user, "
                + "a directory without write permission would do; this test runs the root case)");
        Path child = child();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path f = locked.resolve("out.pcapng");
        Files.writeString(f, "old");
        Result r = sh("setpriv --reuid=65534 --regid=65534 --clear-groups " + javaChild(child) + " once " + f + " 10");
        assertTrue(r.out.contains("ERROR permission denied (" + locked + " is not writable by this user); "
                + "the old file is unchanged"), r.out);
        assertEquals("old", Files.readString(f));
    }

    // ------------------------------------------------------------------ helpers

    private record Result(int code, String out) {
    }

    private Result inMountNamespace(String script) throws Exception {
        Assumptions.assumeTrue(onPath("unshare"), "unshare (util-linux) is not installed: no private mount namespace");
        Result probe = sh("unshare -m true");
        Assumptions.assumeTrue(probe.code == 0, "cannot make a private mount namespace here (not root, "
                + "or the container forbids it): " + probe.out.strip());
        // A private namespace: the mounts are invisible outside and vanish with it.
        return sh("unshare -m --propagation private sh -c '" + script.replace("'", "'\\''") + "'");
    }

    /** The child, compiled once per test class (a source launch per child would compile each time). */
    private static Path compiled;

    private static synchronized Path child() throws Exception {
        if (compiled == null) {
            Path d = Files.createTempDirectory("atomicfile-child");
            Files.writeString(d.resolve("Child.java"), CHILD);
            Result r = sh(Path.of(System.getProperty("java.home"), "bin", "javac") + " -cp " + codecClasses()
                    + " -d " + d + " " + d.resolve("Child.java"));
            assertEquals(0, r.code, r.out);
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(d.resolve("Child.class"), PosixFilePermissions.fromString("rw-r--r--"));
            // The codec's classes too, readable by anyone: a child run as another user (setpriv)
            // cannot read them where the checkout lies under a private directory (mktemp -d is 0700).
            Path from = Path.of(codecClasses());
            Path to = d.resolve("codec");
            try (Stream<Path> all = Files.walk(from)) {
                for (Path src : (Iterable<Path>) all::iterator) {
                    Path dst = to.resolve(from.relativize(src).toString());
                    if (Files.isDirectory(src)) {
                        Files.createDirectories(dst);
                        Files.setPosixFilePermissions(dst, PosixFilePermissions.fromString("rwxr-xr-x"));
                    } else {
                        Files.copy(src, dst);
                        Files.setPosixFilePermissions(dst, PosixFilePermissions.fromString("rw-r--r--"));
                    }
                    dst.toFile().deleteOnExit();
                }
            }
            d.toFile().deleteOnExit();
            d.resolve("Child.class").toFile().deleteOnExit();
            d.resolve("Child.java").toFile().deleteOnExit();
            compiled = d;
        }
        return compiled;
    }

    private static String javaChild(Path child) {
        return java() + " -cp " + child.resolve("codec") + ":" + child + " Child";
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String codecClasses() {
        try {
            return Path.of(AtomicFile.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Result sh(String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out);
    }

    private static boolean onPath(String tool) throws Exception {
        return sh("command -v " + tool).code == 0;
    }

    private static boolean isRoot() throws Exception {
        return sh("id -u").out.strip().equals("0");
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    private static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("journal")).sorted().toList();
        }
    }
}
