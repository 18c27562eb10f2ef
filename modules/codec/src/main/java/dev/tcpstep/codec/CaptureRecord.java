package dev.tcpstep.codec;

import java.util.Objects;

/**
 * One packet to write to a capture file: its time, the IP packet's bytes (link type RAW)
 * and an optional comment (pcapng only; null for none). The array is not copied.
 */
public record CaptureRecord(long epochNanos, byte[] packet, String comment) {
    public CaptureRecord {
        Objects.requireNonNull(packet, "packet");
    }

    /** A record holding the encoded segment. */
    public static CaptureRecord of(long epochNanos, Segment segment, String comment) {
        return new CaptureRecord(epochNanos, SegmentCodec.encode(segment), comment);
    }

    public static CaptureRecord of(long epochNanos, Segment segment) {
        return of(epochNanos, segment, null);
    }
}
