package dev.tcpstep.codec;

import java.io.IOException;

/** A file that is not a pcap or pcapng capture, or one that is damaged: says what and at which byte. */
public final class CaptureFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    public CaptureFormatException(String what, long offset) {
        super(what + " at byte " + offset);
        this.offset = offset;
    }

    /** Byte offset in the file where the problem was found. */
    public long offset() {
        return offset;
    }
}
