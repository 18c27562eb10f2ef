package dev.tcpstep.codec;

/**
 * A packet that strict decoding rejects. Carries the {@link Anomaly}: the reason
 * (truncated, malformed or unsupported), the field, the byte offset from the start of the
 * IP header, the value found and what was expected; the message reads like
 * {@code data offset 4 words (expected: 5..15) at byte 32}.
 *
 * <p>Unchecked, so decoding composes with streams; every decode method documents it.
 */
public final class MalformedPacketException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Anomaly anomaly;

    /**
     * The exception for one anomaly; its message is {@link Anomaly#message()}.
     *
     * @param anomaly what is wrong
     */
    public MalformedPacketException(Anomaly anomaly) {
        super(anomaly.message(), null, false, false);
        this.anomaly = anomaly;
    }

    /** {@return what is wrong, as a value} */
    public Anomaly anomaly() {
        return anomaly;
    }

    /** {@return why: truncated, malformed or unsupported} */
    public Anomaly.Reason reason() {
        return anomaly.reason();
    }

    /** {@return the bad field's name} */
    public String field() {
        return anomaly.field();
    }

    /** {@return the byte offset of the bad field, counted from the first byte of the IP header} */
    public int offset() {
        return anomaly.offset();
    }

    /** {@return the value found, as text} */
    public String found() {
        return anomaly.found();
    }

    /** {@return what was expected, as text} */
    public String expected() {
        return anomaly.expected();
    }
}
