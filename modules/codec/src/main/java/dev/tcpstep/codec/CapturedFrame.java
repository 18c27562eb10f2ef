package dev.tcpstep.codec;

import java.math.BigDecimal;

/**
 * One packet record read from a capture file: its 1-based number in the file, time,
 * link type, interface (pcapng; 0 for pcap), original length, the captured bytes and the
 * pcapng comment (null when none). The array is the reader's own; don't change it.
 *
 * @param number         the record's 1-based number in the file
 * @param epochNanos     the time, nanoseconds since the epoch
 * @param timeDigits decimal digits of the file's time resolution (6 for µs, 9 for ns);
 *                   -1 when the record carries no time (pcapng Simple Packet Block)
 * @param linkType       the frame's link type ({@link LinkType})
 * @param interfaceId    the pcapng interface the frame came from; 0 for pcap
 * @param originalLength the frame's length on the wire (the bytes held may be fewer)
 * @param data           the captured bytes
 * @param comment        the pcapng comment, or null
 */
public record CapturedFrame(int number, long epochNanos, int timeDigits, int linkType, int interfaceId,
                            int originalLength, byte[] data, String comment) {

    /** {@return seconds since the epoch as a decimal at the file's resolution, e.g. {@code 1764140228.252085}} */
    public String time() {
        int digits = timeDigits < 0 ? 0 : timeDigits;
        return BigDecimal.valueOf(epochNanos, 9).setScale(digits, java.math.RoundingMode.DOWN).toPlainString();
    }

    /** {@return where the IP packet starts in {@link #data()}, or -1 when the frame carries something else} */
    public int ipOffset() {
        return LinkType.ipOffset(linkType, data);
    }
}
