package dev.tcpstep.repl;

import dev.tcpstep.codec.TcpFlags;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A segment as a person types it after {@code <endpoint> send}: flags, then
 * {@code key=value} words. Only what was typed is set; the session fills the rest with what
 * the endpoint would use.
 *
 * <pre>
 * SYN seq=0 win=65535 mss=1460
 * SYN,ACK seq=5000 ack=1          S. seq=5000 ack=1       (tcpdump letters)
 * PSH|ACK data="hello"            ACK len=1000            FIN+ACK
 * ACK checksum=bad                RST seq=0x10
 * DATA "hello"                    the notes' word: data with PSH,ACK and the numbers RFC 9293 would use
 * </pre>
 */
public record SegmentSpec(int flags, Long seq, Long ack, Integer window, Integer mss, Integer wscale, boolean sackOk,
                          long[] timestamps, byte[] data, Integer urgentPointer, Checksum checksum,
                          Integer dataOffsetWords) {

    /** A typed checksum: deliberately wrong, or a given value. */
    public record Checksum(boolean bad, int value) {
    }

    static final Map<String, Integer> FLAG_NAMES = new LinkedHashMap<>();

    static {
        FLAG_NAMES.put("SYN", TcpFlags.SYN);
        FLAG_NAMES.put("ACK", TcpFlags.ACK);
        FLAG_NAMES.put("FIN", TcpFlags.FIN);
        FLAG_NAMES.put("RST", TcpFlags.RST);
        FLAG_NAMES.put("PSH", TcpFlags.PSH);
        FLAG_NAMES.put("URG", TcpFlags.URG);
        FLAG_NAMES.put("ECE", TcpFlags.ECE);
        FLAG_NAMES.put("CWR", TcpFlags.CWR);
    }

    /** The keys {@code send} understands, in the order help lists them. */
    static final List<String> KEYS = List.of("seq=", "ack=", "win=", "mss=", "wscale=", "sackok", "ts=", "data=",
            "len=", "urg=", "checksum=", "doff=");

    private static final String TCPDUMP_LETTERS = "SFRPUEW.";

    /** Parses the words after {@code send}. */
    static SegmentSpec parse(Token sendWord, List<Token> args) throws CommandException {
        if (args.isEmpty()) {
            throw new CommandException("missing flags (expected: e.g. `SYN`, `SYN,ACK`, `ACK`, `FIN,ACK`, `S.`)",
                    sendWord.column() + sendWord.width(), 1);
        }
        Token flagWord = args.getFirst();
        boolean dataWord = flagWord.text().equalsIgnoreCase(DATA_WORD) && !flagWord.quoted();
        // DATA (the study notes' word) is a data segment as a TCP sends one: PSH,ACK, numbers from the TCB.
        int flags = dataWord ? TcpFlags.PSH | TcpFlags.ACK : parseFlags(flagWord);
        List<Token> rest = new ArrayList<>(args.subList(1, args.size()));
        Token positional = null;
        if (dataWord && !rest.isEmpty() && (rest.getFirst().quoted() || rest.getFirst().text().indexOf('=') < 0)) {
            positional = rest.removeFirst();
        }
        Long seq = null;
        Long ack = null;
        Integer win = null;
        Integer mss = null;
        Integer wscale = null;
        boolean sackOk = false;
        long[] ts = null;
        byte[] data = null;
        Token dataToken = null;
        Integer urg = null;
        Checksum checksum = null;
        Integer doff = null;
        if (positional != null) {
            dataToken = positional;
            data = positional.text().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        Token ackToken = null;
        List<String> seen = new ArrayList<>();
        for (Token t : rest) {
            String text = t.text();
            int eq = text.indexOf('=');
            String key = (eq < 0 ? text : text.substring(0, eq)).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : text.substring(eq + 1);
            Token valueAt = new Token(value == null ? "" : value, t.column() + (eq < 0 ? 0 : eq + 1),
                    Math.max(1, t.width() - (eq < 0 ? 0 : eq + 1)), t.quoted());
            if (seen.contains(key)) {
                throw new CommandException("`" + key + "` given twice (expected: each key once)", t);
            }
            seen.add(key);
            if (!key.equals("sackok") && value == null) {
                throw new CommandException("`" + text + "` needs a value (expected: " + key + "=...)", t);
            }
            switch (key) {
                case "seq" -> seq = Numbers.parse(valueAt, "seq", 0, 0xFFFF_FFFFL);
                case "ack" -> {
                    ack = Numbers.parse(valueAt, "ack", 0, 0xFFFF_FFFFL);
                    ackToken = t;
                }
                case "win", "window" -> win = (int) Numbers.parse(valueAt, "win", 0, 0xFFFF);
                case "mss" -> mss = (int) Numbers.parse(valueAt, "mss", 0, 0xFFFF);
                case "wscale" -> wscale = (int) Numbers.parse(valueAt, "wscale", 0, 255);
                case "sackok" -> {
                    if (value != null) {
                        throw new CommandException("`sackok` takes no value (expected: just `sackok`)", t);
                    }
                    sackOk = true;
                }
                case "ts" -> ts = parseTimestamps(valueAt);
                case "data" -> {
                    if (dataToken != null) {
                        throw new CommandException(dataToken == positional ? "data given twice (expected: DATA \"text\""
                                + " or DATA len=N, not both)" : "both data= and len= given (expected: one of them)", t);
                    }
                    dataToken = t;
                    data = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
                case "len" -> {
                    if (dataToken != null) {
                        throw new CommandException(dataToken == positional ? "data given twice (expected: DATA \"text\""
                                + " or DATA len=N, not both)" : "both data= and len= given (expected: one of them)", t);
                    }
                    dataToken = t;
                    data = filler((int) Numbers.parse(valueAt, "len", 0, 65_000));
                }
                case "urg" -> urg = (int) Numbers.parse(valueAt, "urg", 0, 0xFFFF);
                case "checksum" -> {
                    if (value.equalsIgnoreCase("bad")) {
                        checksum = new Checksum(true, 0);
                    } else {
                        checksum = new Checksum(false, (int) Numbers.parse(valueAt, "checksum", 0, 0xFFFF));
                    }
                }
                case "doff" -> doff = (int) Numbers.parse(valueAt, "doff", 0, 15);
                default -> {
                    List<String> names = KEYS.stream().map(k -> k.replace("=", "")).toList();
                    String hint = Suggest.closest(key, names);
                    throw new CommandException("unknown key `" + key + "`" + (hint != null ? "; did you mean `"
                            + hint + "`?" : " (expected: " + String.join(" ", KEYS) + ")"), t);
                }
            }
        }
        if (ackToken != null && (flags & TcpFlags.ACK) == 0) {
            // RFC 9293 §3.1: the acknowledgment number is read only "if the ACK control bit is set".
            throw new CommandException("`" + ackToken.text() + "` but no ACK flag: the ack field counts only when ACK"
                    + " is set (expected: " + withAck(flagWord.text()) + " " + ackToken.text() + ", or no ack=)", ackToken);
        }
        if (dataWord && (data == null || data.length == 0)) {
            throw new CommandException("DATA needs the data (expected: DATA \"hello\" or DATA len=100)",
                    flagWord.column() + flagWord.width(), 1);
        }
        return new SegmentSpec(flags, seq, ack, win, mss, wscale, sackOk, ts, data, urg, checksum, doff);
    }

    /** The study notes' word for a data segment. */
    static final String DATA_WORD = "DATA";

    private static String withAck(String flags) {
        return flags.isEmpty() ? "ACK" : flags.toUpperCase(Locale.ROOT) + ",ACK";
    }

    /** Flag names joined by , | or + (any case), or tcpdump's letters ({@code S.} is SYN,ACK). */
    static int parseFlags(Token t) throws CommandException {
        String text = t.text();
        if (!text.isEmpty() && text.chars().allMatch(c -> TCPDUMP_LETTERS.indexOf(c) >= 0)
                && !FLAG_NAMES.containsKey(text)) {
            int bits = 0;
            for (char c : text.toCharArray()) {
                bits |= switch (c) {
                    case 'S' -> TcpFlags.SYN;
                    case 'F' -> TcpFlags.FIN;
                    case 'R' -> TcpFlags.RST;
                    case 'P' -> TcpFlags.PSH;
                    case 'U' -> TcpFlags.URG;
                    case 'E' -> TcpFlags.ECE;
                    case 'W' -> TcpFlags.CWR;
                    default -> TcpFlags.ACK;
                };
            }
            return bits;
        }
        int bits = 0;
        int at = 0;
        for (String part : text.split("[,|+]", -1)) {
            String name = part.toUpperCase(Locale.ROOT);
            Integer bit = FLAG_NAMES.get(name);
            if (bit == null) {
                int col = t.column() + (t.quoted() ? 1 : 0) + at;
                if (part.isEmpty()) {
                    throw new CommandException("empty flag name in `" + text + "` (expected: names like SYN,ACK)",
                            col, 1);
                }
                if (part.contains("=")) {
                    throw new CommandException("flags come first (expected: e.g. `send SYN " + text + "`)", t);
                }
                if (name.equals(DATA_WORD)) {
                    throw new CommandException("DATA is a segment of its own, not a flag (expected: `send DATA \"hello\"`"
                            + ", or flags with data=\"hello\")", col, part.length());
                }
                List<String> words = new ArrayList<>(FLAG_NAMES.keySet());
                words.add(DATA_WORD);
                String hint = Suggest.closest(name, words);
                throw new CommandException("unknown flag `" + part + "`" + (hint != null ? "; did you mean `"
                        + hint + "`?" : " (expected: SYN ACK FIN RST PSH URG ECE CWR, or tcpdump letters like S.)"),
                        col, part.length());
            }
            bits |= bit;
            at += part.length() + 1;
        }
        return bits;
    }

    private static long[] parseTimestamps(Token v) throws CommandException {
        String[] parts = v.text().split(",", -1);
        if (parts.length != 2) {
            throw new CommandException("ts=`" + v.text() + "` (expected: ts=VAL,ECR, e.g. ts=100,0)", v);
        }
        Token first = new Token(parts[0], v.column(), Math.max(1, parts[0].length()), false);
        Token second = new Token(parts[1], v.column() + parts[0].length() + 1, Math.max(1, parts[1].length()), false);
        return new long[] {Numbers.parse(first, "TS val", 0, 0xFFFF_FFFFL), Numbers.parse(second, "TS ecr", 0, 0xFFFF_FFFFL)};
    }

    /** {@code n} bytes of readable filler: abcdefghij... */
    static byte[] filler(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }
}
