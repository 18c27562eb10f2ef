package dev.tcpstep.codec;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a file atomically: to a temporary file in the same directory, flushed to disk,
 * then renamed over the target, so a reader (or a later run after {@code kill -9}) sees the
 * old file or the whole new one, never half a file. Every file tcpstep writes (captures,
 * exports, notebooks) goes through here.
 *
 * <ul>
 *   <li><b>Mode.</b> A new file gets the process's umask, as any program's file would
 *       (0644 under umask 022); a file that exists keeps its mode (and, where the process
 *       may, its owner and group).
 *   <li><b>Symbolic links</b> are written through: the file the link points to is
 *       replaced, the link stays (a dangling link's target is created).
 *   <li><b>Errors</b> name the reason in their message: {@code permission denied},
 *       {@code read-only file system}, {@code no space left on device}, {@code no such
 *       directory}, and say that the old file is unchanged. The caller prefixes the path.
 *   <li><b>Temporary files</b> are named {@code .NAME.tcpstep-PID-N.tmp}. A process killed
 *       mid-write leaves one behind; the next write into that directory removes those of
 *       processes that no longer run, and {@link #recover(Path)} (called at start-up with
 *       a journal directory) removes them wherever they were.
 * </ul>
 */
public final class AtomicFile {
    /** What to write into the temporary file. */
    @FunctionalInterface
    public interface Body {
        /**
         * Writes the file's content.
         *
         * @param out the temporary file's stream (closed by {@link AtomicFile})
         * @throws IOException if writing fails; the target is then left as it was
         */
        void write(OutputStream out) throws IOException;
    }

    private static final Pattern TEMP = Pattern.compile("\\..+\\.tcpstep-(\\d+)-\\d+\\.tmp");
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final int MAX_LINKS = 40;
    private static volatile Path journal;

    private AtomicFile() {
    }

    /**
     * Writes a file whole or not at all: {@code body} writes a temporary file beside it,
     * which then replaces the target.
     *
     * @param file the target; its directory must exist
     * @param body writes the content
     * @throws IOException if the temporary file cannot be written or moved; the target is unchanged
     */
    public static void write(Path file, Body body) throws IOException {
        try (Open o = open(file)) {
            try {
                body.write(o.out());
            } catch (IOException e) {
                throw explained(e, o.dir, o.existed);
            }
            o.commit();
        }
    }

    /**
     * A file being written atomically over time (a stream of records, say): its content goes
     * to a temporary file beside the target until {@link #commit()} renames it into place.
     * Closing without a commit deletes the temporary file and leaves the target as it was.
     */
    public static final class Open implements AutoCloseable {
        private final Path target;
        private final Path dir;
        private final Path tmp;
        private final boolean existed;
        private final PosixFileAttributes before;
        private final Path entry;
        private final FileChannel channel;
        private final OutputStream out;
        private boolean done;

        private Open(Path target, Path dir, Path tmp, boolean existed, PosixFileAttributes before, Path entry,
                     FileChannel channel) {
            this.target = target;
            this.dir = dir;
            this.tmp = tmp;
            this.existed = existed;
            this.before = before;
            this.entry = entry;
            this.channel = channel;
            this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        }

        /** {@return the temporary file's stream (buffered; do not close it)} */
        public OutputStream out() {
            return out;
        }

        /** {@return the file that {@link #commit()} replaces} */
        public Path target() {
            return target;
        }

        /**
         * Flushes the content to disk and renames the temporary file over the target.
         *
         * @throws IOException if flushing or renaming fails; the target is then unchanged
         */
        public void commit() throws IOException {
            if (done) {
                throw new IllegalStateException(target + " was already committed or abandoned");
            }
            done = true;
            try {
                out.flush();
                channel.force(true);
                channel.close();
                if (before != null) {
                    keepAttributes(tmp, before);
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                syncDirectory(dir);
            } catch (IOException e) {
                throw explained(e, dir, existed);
            } finally {
                cleanUp();
            }
        }

        /** Abandons the file unless it was committed: the temporary file is deleted, the target unchanged. */
        @Override
        public void close() throws IOException {
            if (!done) {
                done = true;
                try {
                    channel.close();
                } finally {
                    cleanUp();
                }
            }
        }

        private void cleanUp() throws IOException {
            Files.deleteIfExists(tmp);
            if (entry != null) {
                Files.deleteIfExists(entry);
            }
        }
    }

    /**
     * Starts writing a file atomically: a temporary file beside it that {@link Open#commit()}
     * renames over the target. For content produced over time; {@link #write(Path, Body)}
     * is the one-call form.
     *
     * @param file the target; its directory must exist
     * @return the open file
     * @throws IOException if the temporary file cannot be created; nothing is then written
     */
    public static Open open(Path file) throws IOException {
        Path target = throughLinks(file.toAbsolutePath());
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            throw new IOException("no such directory: " + dir + "; nothing was written");
        }
        sweep(dir);
        boolean existed = Files.exists(target);
        PosixFileAttributes before = existed ? posix(target) : null;
        long pid = ProcessHandle.current().pid();
        Path tmp = dir.resolve("." + target.getFileName() + ".tcpstep-" + pid + "-" + COUNTER.incrementAndGet() + ".tmp");
        Path entry = null;
        try {
            entry = remember(tmp);
            // No permissions given: the system applies the umask (Files.createTempFile would force 0600).
            FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new Open(target, dir, tmp, existed, before, entry, ch);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            if (entry != null) {
                Files.deleteIfExists(entry);
            }
            throw explained(e, dir, existed);
        }
    }

    /**
     * Writes bytes to a file whole or not at all.
     *
     * @param file    the target; its directory must exist
     * @param content the file's bytes
     * @throws IOException if the file cannot be written; the target is unchanged
     */
    public static void write(Path file, byte[] content) throws IOException {
        write(file, out -> out.write(content));
    }

    /**
     * Writes text as UTF-8 to a file whole or not at all.
     *
     * @param file the target; its directory must exist
     * @param text the file's text
     * @throws IOException if the file cannot be written; the target is unchanged
     */
    public static void write(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Keeps a journal of the temporary files being written in {@code journalDir} (created
     * when missing) and removes the temporary files of earlier processes that were killed
     * while writing, wherever they were. Call once at start-up.
     *
     * @param journalDir the directory for the journal's {@code .pending} entries; created
     *                   with its parents when missing
     * @return how many leftover temporary files were removed
     * @throws IOException if {@code journalDir} cannot be created or listed
     */
    public static int recover(Path journalDir) throws IOException {
        Files.createDirectories(journalDir);
        journal = journalDir;
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(journalDir, "*.pending")) {
            for (Path e : entries) {
                String[] parts = e.getFileName().toString().split("-", 3);
                if (parts.length < 3 || running(parts[0], parts[1])) {
                    continue;
                }
                try {
                    Path tmp = Path.of(Files.readString(e, StandardCharsets.UTF_8).strip());
                    if (TEMP.matcher(tmp.getFileName().toString()).matches() && Files.deleteIfExists(tmp)) {
                        removed++;
                    }
                } catch (IOException | RuntimeException ignored) {
                    // An unreadable entry names nothing we may delete.
                }
                Files.deleteIfExists(e);
            }
        }
        return removed;
    }

    /** Removes temporary files in {@code dir} left by processes that no longer run. */
    static int sweep(Path dir) {
        int removed = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, ".*.tcpstep-*.tmp")) {
            for (Path p : s) {
                Matcher m = TEMP.matcher(p.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()
                        && Files.deleteIfExists(p)) {
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Leftovers stay for a later sweep; the write itself goes on (and reports its own errors).
        }
        return removed;
    }

    /** Records {@code tmp} in the journal (when there is one): PID-START-N.pending holding its path. */
    private static Path remember(Path tmp) throws IOException {
        Path j = journal;
        if (j == null) {
            return null;
        }
        ProcessHandle me = ProcessHandle.current();
        long start = me.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        Path entry = j.resolve(me.pid() + "-" + start + "-" + COUNTER.incrementAndGet() + ".pending");
        try {
            Files.writeString(entry, tmp.toString(), StandardCharsets.UTF_8);
            return entry;
        } catch (IOException e) {
            return null; // no journal: the directory sweep still finds the file later
        }
    }

    /** Whether the process PID that started at START (epoch ms, 0 unknown) still runs. */
    private static boolean running(String pid, String start) {
        try {
            Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(pid));
            if (p.isEmpty()) {
                return false;
            }
            long s = Long.parseLong(start);
            // The same number can belong to a newer process: then the writer is gone.
            return s == 0 || p.get().info().startInstant().map(i -> Math.abs(i.toEpochMilli() - s) < 1000).orElse(true);
        } catch (NumberFormatException e) {
            return true; // not ours to judge
        }
    }

    /** The file a chain of symbolic links ends at (the path itself when it is no link). */
    private static Path throughLinks(Path p) throws IOException {
        Path at = p;
        for (int i = 0; i < MAX_LINKS && Files.isSymbolicLink(at); i++) {
            at = at.getParent().resolve(Files.readSymbolicLink(at)).normalize();
        }
        if (Files.isSymbolicLink(at)) {
            throw new FileSystemException(p.toString(), null, "too many levels of symbolic links");
        }
        return at;
    }

    private static PosixFileAttributes posix(Path p) {
        try {
            return Files.readAttributes(p, PosixFileAttributes.class);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static void keepAttributes(Path tmp, PosixFileAttributes before) throws IOException {
        PosixFileAttributeView v = Files.getFileAttributeView(tmp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (v == null) {
            return;
        }
        try {
            PosixFileAttributes now = v.readAttributes();
            if (!now.group().equals(before.group())) {
                v.setGroup(before.group());
            }
            if (!now.owner().equals(before.owner())) {
                v.setOwner(before.owner());
            }
        } catch (IOException e) {
            // Only root may give a file away: the new file is then the writer's own.
        }
        v.setPermissions(before.permissions());
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | RuntimeException e) {
            // Not every file system lets a directory be synced; the rename has happened either way.
        }
    }

    /** The same failure, with a message that names the reason in words. */
    static IOException explained(IOException e, Path dir, boolean existed) {
        String raw = e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : e.getMessage() == null ? "" : e.getMessage();
        String low = raw.toLowerCase(Locale.ROOT);
        String why;
        if (e instanceof AccessDeniedException || low.contains("permission denied")) {
            why = "permission denied (" + dir + " is not writable by this user)";
        } else if (low.contains("read-only file system")) {
            why = "read-only file system (" + dir + ")";
        } else if (low.contains("no space left")) {
            why = "no space left on device (" + dir + ")";
        } else if (low.contains("quota")) {
            why = "disk quota exceeded (" + dir + ")";
        } else if (e instanceof NoSuchFileException n && n.getReason() != null) {
            why = n.getReason();
        } else if (e instanceof NoSuchFileException) {
            why = "no such directory: " + dir;
        } else {
            why = raw.isEmpty() ? e.getClass().getSimpleName() : raw;
        }
        return new IOException(why + (existed ? "; the old file is unchanged" : "; nothing was written"), e);
    }
}
