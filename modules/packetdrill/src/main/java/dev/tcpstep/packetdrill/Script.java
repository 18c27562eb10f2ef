package dev.tcpstep.packetdrill;

import java.util.List;
import java.util.Map;

/**
 * A parsed packetdrill script: its {@code --option=value} lines and its steps in order.
 * Times are microseconds, as packetdrill counts them.
 *
 * @param name    where it came from (a file name), for verdicts
 * @param options the {@code --name=value} lines ({@code --name} alone maps to {@code ""})
 * @param steps   the timed lines, {@code #ifdef} blocks already resolved
 */
public record Script(String name, Map<String, String> options, List<Step> steps) {
    public Script {
        options = Map.copyOf(options);
        steps = List.copyOf(steps);
    }

    /** When a line happens. */
    public record Timing(Kind kind, long startMicros, long endMicros) {
        /** {@code 0.1} (from the script's start), {@code +0.1} (after the previous line), {@code *} (any time). */
        public enum Kind {
            ABSOLUTE, RELATIVE, ANY
        }

        public static Timing absolute(long micros) {
            return new Timing(Kind.ABSOLUTE, micros, micros);
        }

        public static Timing relative(long micros) {
            return new Timing(Kind.RELATIVE, micros, micros);
        }

        public static final Timing ANY = new Timing(Kind.ANY, 0, 0);

        /** A range {@code a~b}: the event may happen anywhere in it. */
        public boolean range() {
            return endMicros != startMicros;
        }

        /** The time as the script wrote it: {@code 0.100}, {@code +0.1}, {@code +0~+0.2}, {@code *}. */
        public String text() {
            return switch (kind) {
                case ANY -> "*";
                case ABSOLUTE -> range() ? seconds(startMicros) + "~" + seconds(endMicros) : seconds(startMicros);
                case RELATIVE -> range() ? "+" + seconds(startMicros) + "~+" + seconds(endMicros)
                        : "+" + seconds(startMicros);
            };
        }

        static String seconds(long micros) {
            if (micros % 1_000_000 == 0) {
                return String.valueOf(micros / 1_000_000);
            }
            String s = String.format("%d.%06d", micros / 1_000_000, micros % 1_000_000);
            return s.replaceAll("0+$", "");
        }
    }

    /** One timed line. {@code line} and {@code column} point at its first character. */
    public sealed interface Step {
        int line();

        int column();

        Timing timing();
    }

    /** {@code < S 0:0(0) win 1000 <mss 1000>} (inbound: the script sends) or {@code > S. 0:0(0) ack 1} (outbound: expected). */
    public record PacketStep(int line, int column, Timing timing, boolean inbound, PacketSpec packet) implements Step {
    }

    /** {@code accept(3, ..., ...) = 4}; a blocking call may give its return time: {@code 0...0.1 accept(...)}. */
    public record SyscallStep(int line, int column, Timing timing, Long returnMicros, String name, List<Expr> args,
                              Expr result, String errno) implements Step {
        public SyscallStep {
            args = List.copyOf(args);
        }
    }

    /** {@code `sysctl -q net.ipv4.tcp_timestamps=0`}: a shell command, recorded (and mapped where it can be). */
    public record ShellStep(int line, int column, Timing timing, String command) implements Step {
    }

    /**
     * A line the parser read but tcpstep cannot express (a UDP or ICMP packet, an inline
     * python block, an ECN codepoint): running the script reports it as skipped with this reason.
     */
    public record UnsupportedStep(int line, int column, Timing timing, String reason) implements Step {
    }

    /**
     * A TCP segment as the script writes it. Sequence numbers are as written (relative, see
     * the runner); {@code ack}, {@code window}, {@code urgent} are null when not given;
     * {@code options} is null when not given and {@code anyOptions} is true for {@code <...>}.
     */
    public record PacketSpec(String flags, long seqStart, long seqEnd, int length, Long ack, Integer window,
                             Integer urgent, List<OptionSpec> options, boolean anyOptions) {
        /** The flags in packetdrill's letters (S F R P . E W U), as written. */
        public String text() {
            StringBuilder sb = new StringBuilder(flags).append(' ').append(Long.toUnsignedString(seqStart)).append(':')
                    .append(Long.toUnsignedString(seqEnd)).append('(').append(length).append(')');
            if (ack != null) {
                sb.append(" ack ").append(ack);
            }
            if (window != null) {
                sb.append(" win ").append(window);
            }
            if (urgent != null) {
                sb.append(" urg ").append(urgent);
            }
            if (anyOptions) {
                sb.append(" <...>");
            } else if (options != null) {
                sb.append(" <");
                for (int i = 0; i < options.size(); i++) {
                    sb.append(i == 0 ? "" : ",").append(options.get(i).text());
                }
                sb.append('>');
            }
            return sb.toString();
        }
    }

    /**
     * One TCP option: {@code nop}, {@code eol}, {@code mss N}, {@code wscale N}, {@code sackOK},
     * {@code TS val V ecr E}, {@code sack L:R ...} (pairs in {@code values}).
     */
    public record OptionSpec(String kind, List<Long> values) {
        public OptionSpec {
            values = List.copyOf(values);
        }

        public String text() {
            return switch (kind) {
                case "TS" -> "TS val " + values.get(0) + " ecr " + values.get(1);
                case "sack" -> {
                    StringBuilder sb = new StringBuilder("sack");
                    for (int i = 0; i + 1 < values.size(); i += 2) {
                        sb.append(' ').append(values.get(i)).append(':').append(values.get(i + 1));
                    }
                    yield sb.toString();
                }
                default -> values.isEmpty() ? kind : kind + " " + values.getFirst();
            };
        }
    }

    /** A system call argument or result. */
    public sealed interface Expr {
        String text();
    }

    /** A number ({@code 3}, {@code -1}, {@code 0x10}). */
    public record Num(long value) implements Expr {
        public String text() {
            return String.valueOf(value);
        }
    }

    /** A symbol ({@code SOCK_STREAM}, {@code SO_REUSEADDR}). */
    public record Name(String name) implements Expr {
        public String text() {
            return name;
        }
    }

    /** A quoted string. */
    public record Str(String value) implements Expr {
        public String text() {
            return '"' + value + '"';
        }
    }

    /** {@code ...}: anything. */
    public record Ellipsis() implements Expr {
        public String text() {
            return "...";
        }
    }

    /** {@code [1]} or {@code [{fd=4, events=POLLIN}]}. */
    public record ListExpr(List<Expr> items) implements Expr {
        public ListExpr {
            items = List.copyOf(items);
        }

        public String text() {
            return "[" + String.join(", ", items.stream().map(Expr::text).toList()) + "]";
        }
    }

    /** {@code {onoff=1, linger=0}}: fields in order. */
    public record StructExpr(List<Map.Entry<String, Expr>> fields) implements Expr {
        public StructExpr {
            fields = List.copyOf(fields);
        }

        public Expr get(String field) {
            for (Map.Entry<String, Expr> e : fields) {
                if (e.getKey().equals(field)) {
                    return e.getValue();
                }
            }
            return null;
        }

        public String text() {
            return "{" + String.join(", ", fields.stream().map(e -> e.getKey() + "=" + e.getValue().text()).toList())
                    + "}";
        }
    }

    /** {@code O_RDWR|O_NONBLOCK}. */
    public record OrExpr(List<Expr> terms) implements Expr {
        public OrExpr {
            terms = List.copyOf(terms);
        }

        public String text() {
            return String.join("|", terms.stream().map(Expr::text).toList());
        }
    }
}
