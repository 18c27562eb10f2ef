package dev.tcpstep.checksum;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The checksum worked by hand, for teaching: every 16-bit word with the part it came
 * from, the running sum after each word, each end-around carry fold, and the final
 * complement.
 *
 * <pre>{@code
 * ChecksumWork w = ChecksumWork.of(HexFormat.of().parseHex("0001f203f4f5f6f7"));
 * w.sum();       // 0xddf2
 * w.checksum();  // 0x220d
 * w.render();    // the worked steps, one per line
 * }</pre>
 *
 * @param words the words in order, each with its label and byte offset in the whole
 * @param running the unfolded running sum after each word (same length as {@code words})
 * @param folds the end-around carry folds applied to the final running sum
 * @param sum the folded 16-bit sum
 * @param checksum the ones' complement of {@code sum}
 * @param paddedOddByte true when the data had odd length and a zero byte was appended
 */
public record ChecksumWork(List<Word> words, List<Long> running, List<Fold> folds, int sum,
                           int checksum, boolean paddedOddByte) {

    /**
     * One 16-bit word: which part it came from and where it starts in the whole.
     *
     * @param part   the label of the part the word's first byte came from
     * @param offset the word's byte offset in the whole (all parts, in order)
     * @param value  the word, big-endian, {@code 0x0000..0xFFFF}
     */
    public record Word(String part, int offset, int value) {
    }

    /**
     * One end-around carry fold: {@code before} becomes {@code (before & 0xFFFF) + carry}.
     *
     * @param before the sum before the fold
     * @param carry  the bits above the low 16, {@code before >>> 16}
     * @param after  the sum after the fold
     */
    public record Fold(long before, long carry, long after) {
    }

    /**
     * The work as given; the lists are copied.
     *
     * @param words         the words in order
     * @param running       the unfolded running sum after each word
     * @param folds         the end-around carry folds
     * @param sum           the folded 16-bit sum
     * @param checksum      the ones' complement of {@code sum}
     * @param paddedOddByte true when a zero byte was appended
     */
    public ChecksumWork {
        words = List.copyOf(words);
        running = List.copyOf(running);
        folds = List.copyOf(folds);
    }

    /**
     * The work over one byte array, labelled {@code data}.
     *
     * @param data the bytes summed
     * @return every step of their checksum
     */
    public static ChecksumWork of(byte[] data) {
        return builder().add("data", data).build();
    }

    /** {@return a builder that collects labelled parts (pseudo-header, header, payload)} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return true when the data including its checksum field verifies (sum is 0xFFFF)} */
    public boolean verifies() {
        return sum == 0xFFFF;
    }

    /**
     * The worked steps as plain text lines: the words (with their part names), the
     * running sum, each fold and the complement.
     *
     * @return the lines, without line terminators
     */
    public List<String> render() {
        List<String> out = new ArrayList<>();
        String part = null;
        StringBuilder line = null;
        for (Word w : words) {
            if (!w.part().equals(part)) {
                if (line != null) {
                    out.add(line.toString());
                }
                part = w.part();
                line = new StringBuilder(String.format("%-14s", part + ":"));
            }
            line.append(' ').append(hex4(w.value()));
        }
        if (line != null) {
            out.add(line.toString());
        }
        if (paddedOddByte) {
            out.add("(odd length: one zero byte appended, RFC 1071 §4.1)");
        }
        StringBuilder r = new StringBuilder(String.format("%-14s", "running sum:"));
        for (long s : running) {
            r.append(' ').append(Long.toHexString(s));
        }
        out.add(r.toString());
        for (Fold f : folds) {
            out.add(String.format("%-14s %s -> %s + %s = %s", "fold carry:", Long.toHexString(f.before()),
                    hex4((int) (f.before() & 0xFFFF)), Long.toHexString(f.carry()), Long.toHexString(f.after())));
        }
        out.add(String.format("%-14s %s", "sum:", hex4(sum)));
        out.add(String.format("%-14s ~%s = %s", "checksum:", hex4(sum), hex4(checksum)));
        return out;
    }

    private static String hex4(int v) {
        return HexFormat.of().toHexDigits((short) v);
    }

    /** Collects labelled parts (e.g. "pseudo-header", "tcp header", "payload") in order. */
    public static final class Builder {
        private final List<String> labels = new ArrayList<>();
        private final List<byte[]> parts = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds a whole array as the next part.
         *
         * @param label what the part is, shown beside its words
         * @param bytes the part's bytes (copied)
         * @return this builder
         */
        public Builder add(String label, byte[] bytes) {
            return add(label, bytes, 0, bytes.length);
        }

        /**
         * Adds a range of an array as the next part.
         *
         * @param label  what the part is, shown beside its words
         * @param bytes  the array holding the part (the range is copied)
         * @param offset index of the part's first byte
         * @param length the part's length in bytes
         * @return this builder
         * @throws IndexOutOfBoundsException if the range is not inside {@code bytes}
         */
        public Builder add(String label, byte[] bytes, int offset, int length) {
            Objects.requireNonNull(label, "label");
            Objects.checkFromIndexSize(offset, length, bytes.length);
            byte[] copy = new byte[length];
            System.arraycopy(bytes, offset, copy, 0, length);
            labels.add(label);
            parts.add(copy);
            return this;
        }

        /** {@return the worked checksum over the parts added so far, in order} */
        public ChecksumWork build() {
            int total = 0;
            for (byte[] p : parts) {
                total += p.length;
            }
            byte[] all = new byte[total + (total & 1)];
            String[] owner = new String[all.length];
            int at = 0;
            for (int i = 0; i < parts.size(); i++) {
                byte[] p = parts.get(i);
                System.arraycopy(p, 0, all, at, p.length);
                for (int j = 0; j < p.length; j++) {
                    owner[at + j] = labels.get(i);
                }
                at += p.length;
            }
            boolean padded = (total & 1) == 1;
            if (padded) {
                owner[total] = owner[total - 1];
            }
            List<Word> words = new ArrayList<>(all.length / 2);
            List<Long> running = new ArrayList<>(all.length / 2);
            long s = 0;
            for (int i = 0; i < all.length; i += 2) {
                int w = (all[i] & 0xFF) << 8 | (all[i + 1] & 0xFF);
                s += w;
                words.add(new Word(owner[i], i, w));
                running.add(s);
            }
            List<Fold> folds = new ArrayList<>();
            while ((s >>> 16) != 0) {
                long carry = s >>> 16;
                long after = (s & 0xFFFF) + carry;
                folds.add(new Fold(s, carry, after));
                s = after;
            }
            int sum = (int) s;
            return new ChecksumWork(words, running, folds, sum, ~sum & 0xFFFF, padded);
        }
    }
}
