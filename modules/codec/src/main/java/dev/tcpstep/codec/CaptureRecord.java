package dev.tcpstep.codec;

import java.util.Objects;

/**
 * One packet to write to a capture file: its time, the IP packet's bytes (link type RAW)
 * and an optional comment (pcapng only; null for none). The array is not copied.
 *
 * @param epochNanos the packet's time, nanoseconds since the epoch
 * @param packet     the IP packet's bytes
 * @param comment    the pcapng comment, or null
 */
public record CaptureRecord(long epochNanos, byte[] packet, String comment) {
    /**
     * Checks that there are bytes.
     *
     * @throws NullPointerException if {@code packet} is null
     */
    public CaptureRecord {
        Objects.requireNonNull(packet, "packet");
    }

    /**
     * A record holding the encoded segment.
     *
     * @param epochNanos the packet's time, nanoseconds since the epoch
     * @param segment    the segment, encoded as it would go on the wire
     * @param comment    the pcapng comment, or null
     * @return the record
     */
    public static CaptureRecord of(long epochNanos, Segment segment, String comment) {
        return new CaptureRecord(epochNanos, SegmentCodec.encode(segment), comment);
    }

    /**
     * A record holding the encoded segment, without a comment.
     *
     * @param epochNanos the packet's time, nanoseconds since the epoch
     * @param segment    the segment
     * @return the record
     */
    public static CaptureRecord of(long epochNanos, Segment segment) {
        return of(epochNanos, segment, null);
    }
}
