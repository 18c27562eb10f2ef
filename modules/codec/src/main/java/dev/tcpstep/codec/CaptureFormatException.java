package dev.tcpstep.codec;

import java.io.IOException;

/** A file that is not a pcap or pcapng capture, or one that is damaged: says what and at which byte. */
public final class CaptureFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Byte offset in the file where the problem was found. */
    private final long offset;

    /**
     * An error about a capture file.
     *
     * @param what   what is wrong, e.g. {@code bad magic number 0x0}
     * @param offset the byte offset in the file where it was found
     */
    public CaptureFormatException(String what, long offset) {
        super(what + " at byte " + offset);
        this.offset = offset;
    }

    /** {@return the byte offset in the file where the problem was found} */
    public long offset() {
        return offset;
    }
}
