package dev.tcpstep.codec;

import java.util.Objects;

/**
 * One thing wrong with a packet: why ({@link Reason}), which field, at which byte (counted
 * from the start of the IP header), the value found and what was expected. Strict decoding
 * throws the first one as a {@link MalformedPacketException}; lenient decoding lists them.
 *
 * @param reason   why: truncated, malformed or unsupported
 * @param field    the field's name, e.g. {@code data offset}
 * @param offset   the field's byte offset from the start of the IP header
 * @param found    the value found, as text
 * @param expected what was expected, as text
 */
public record Anomaly(Reason reason, String field, int offset, String found, String expected) {

    /** Why a packet could not be (fully) decoded. */
    public enum Reason {
        /** The bytes end before a field or length says they should: incomplete input. */
        TRUNCATED,
        /** A field holds a value the protocol does not allow: impossible input. */
        MALFORMED,
        /** Well-formed, but not something this codec decodes (not TCP, a fragment, ...). */
        UNSUPPORTED
    }

    /**
     * Checks that every part is there.
     *
     * @throws NullPointerException if a part other than the offset is null
     */
    public Anomaly {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(found, "found");
        Objects.requireNonNull(expected, "expected");
    }

    /** {@return the one-line message, e.g. {@code data offset 4 words (expected: 5..15) at byte 32}} */
    public String message() {
        return field + " " + found + " (expected: " + expected + ") at byte " + offset;
    }

    @Override
    public String toString() {
        return reason.name().toLowerCase(java.util.Locale.ROOT) + ": " + message();
    }
}
