package dev.tcpstep.codec;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file atomically: to a temporary file in the same directory, then renamed over
 * the target, so a reader never sees half a file and a failure leaves the old one. Every
 * file tcpstep writes (captures, exports, notebooks) goes through here.
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
        Path target = file.toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                body.write(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
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
}
