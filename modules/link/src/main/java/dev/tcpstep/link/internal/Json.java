package dev.tcpstep.link.internal;

/** The little JSON writing the link needs (the library depends on nothing outside the JDK). */
public final class Json {
    private Json() {
    }

    /** A JSON string literal (the codec's escaping, so both write JSON the same way). */
    public static String quote(String s) {
        return dev.tcpstep.codec.SegmentJson.quote(s);
    }

    /** Virtual nanoseconds as decimal seconds with nine digits: {@code 0.010000000}. */
    public static String seconds(long nanos) {
        return (nanos / 1_000_000_000L) + "." + String.format("%09d", nanos % 1_000_000_000L);
    }
}
