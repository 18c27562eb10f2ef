package dev.tcpstep.link.internal;

/** The little JSON writing the link needs (the library depends on nothing outside the JDK). */
public final class Json {
    private Json() {
    }

    /** A JSON string literal. */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Virtual nanoseconds as decimal seconds with nine digits: {@code 0.010000000}. */
    public static String seconds(long nanos) {
        return (nanos / 1_000_000_000L) + "." + String.format("%09d", nanos % 1_000_000_000L);
    }
}
