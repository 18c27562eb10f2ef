package dev.tcpstep.packetdrill;

import dev.tcpstep.packetdrill.Script.Ellipsis;
import dev.tcpstep.packetdrill.Script.Expr;
import dev.tcpstep.packetdrill.Script.ListExpr;
import dev.tcpstep.packetdrill.Script.Name;
import dev.tcpstep.packetdrill.Script.Num;
import dev.tcpstep.packetdrill.Script.OptionSpec;
import dev.tcpstep.packetdrill.Script.OrExpr;
import dev.tcpstep.packetdrill.Script.PacketSpec;
import dev.tcpstep.packetdrill.Script.Step;
import dev.tcpstep.packetdrill.Script.Str;
import dev.tcpstep.packetdrill.Script.StructExpr;
import dev.tcpstep.packetdrill.Script.Timing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the packetdrill language as public suites write it, one statement per line:
 * <pre>
 * --tolerance_usecs=10000                          option line
 * // comment, and C comments across lines
 * #ifdef linux ... #else ... #endif                 blocks, on the symbols given
 * 0     socket(..., SOCK_STREAM, IPPROTO_TCP) = 3  system call with its expected result
 * +0    setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
 * +0    connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
 * +0    &lt; S 0:0(0) win 32792 &lt;mss 1000,sackOK,TS val 100 ecr 0,nop,wscale 7&gt;
 * +0.1~+0.2 &gt; S. 0:0(0) ack 1 &lt;...&gt;             outbound, in a time range
 * *     &gt; F. 1:1(0) ack 1                          at any time
 * 0.1...0.3 accept(3, ..., ...) = 4                 a blocking call and its return time
 * +0    `sysctl -q net.ipv4.tcp_timestamps=0`      shell command
 * </pre>
 * A line it cannot read fails with its line, column, what was found and what was
 * expected. A line it can read but tcpstep cannot express (UDP, ICMP, ECN codepoints,
 * inline python) becomes an {@link Script.UnsupportedStep}.
 */
public final class ScriptParser {
    private static final String FLAG_LETTERS = "SFRPEWU.";
    /** The longest time a script can name: Long.MAX_VALUE microseconds. */
    private static final java.math.BigDecimal MAX_MICROS = java.math.BigDecimal.valueOf(Long.MAX_VALUE);
    private static final Set<String> DIRECTIVES = Set.of("#ifdef", "#ifndef", "#else", "#endif", "#define");

    private final String source;
    private final Set<String> defined;
    private String text;
    private int lineNo;
    private int pos;

    private ScriptParser(String source, Set<String> defined) {
        this.source = source;
        this.defined = new java.util.HashSet<>(defined);
    }

    /** Parses a file; {@code defined} are the symbols {@code #ifdef} tests (e.g. {@code linux} or {@code tcpstep}). */
    public static Script parse(Path file, Set<String> defined) throws IOException, ScriptSyntaxException {
        return parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8), defined);
    }

    /** Parses script text; {@code source} names it in errors. */
    public static Script parse(String source, String script, Set<String> defined) throws ScriptSyntaxException {
        return new ScriptParser(source, defined).script(script);
    }

    private Script script(String all) throws ScriptSyntaxException {
        String[] lines = stripComments(all).split("\n", -1);
        Map<String, String> options = new LinkedHashMap<>();
        List<Step> steps = new ArrayList<>();
        // Each entry: whether the enclosing block is active, and whether its #else was seen.
        Deque<boolean[]> blocks = new ArrayDeque<>();
        for (int i = 0; i < lines.length; i++) {
            lineNo = i + 1;
            text = lines[i];
            pos = 0;
            skipSpace();
            if (atEnd()) {
                continue;
            }
            if (peek() == '#') {
                directive(blocks);
                continue;
            }
            if (!active(blocks)) {
                continue;
            }
            if (text.startsWith("--", pos)) {
                option(options);
                continue;
            }
            if (text.startsWith("%{", pos)) {
                int startLine = lineNo;
                int col = pos + 1;
                while (i < lines.length && !lines[i].contains("}%")) {
                    i++;
                }
                if (i == lines.length) {
                    lineNo = startLine;
                    throw error(col, "'%{' without '}%'", "an inline python block closed by '}%'");
                }
                steps.add(new Script.UnsupportedStep(startLine, col, Timing.relative(0),
                        "inline python block (%{ ... }%): tcpstep runs no python"));
                continue;
            }
            Step s = step();
            if (s instanceof Script.UnsupportedStep u && u.reason().startsWith("%{")) {
                int startLine = lineNo;
                while (i < lines.length && !lines[i].contains("}%")) {
                    i++;
                }
                if (i == lines.length) {
                    lineNo = startLine;
                    throw error(u.column(), "'%{' without '}%'", "an inline python block closed by '}%'");
                }
                s = new Script.UnsupportedStep(u.line(), u.column(), u.timing(),
                        "inline python block (%{ ... }%): tcpstep runs no python");
            }
            steps.add(s);
        }
        if (!blocks.isEmpty()) {
            lineNo = lines.length;
            text = lines[lines.length - 1];
            throw error(text.length() + 1, "end of file", "#endif for an open #ifdef");
        }
        return new Script(source, options, steps);
    }

    /** Replaces comments with spaces (keeping newlines), so columns stay right. */
    private String stripComments(String s) throws ScriptSyntaxException {
        StringBuilder out = new StringBuilder(s.length());
        int line = 1;
        int col = 1;
        boolean inString = false;
        boolean inBacktick = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r') {
                continue;
            }
            if (!inString && !inBacktick && c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
                if (i < s.length()) {
                    out.append('\n');
                    line++;
                    col = 1;
                }
                inString = false;
                continue;
            }
            if (!inString && !inBacktick && c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
                int startLine = line;
                int startCol = col;
                int end = s.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new ScriptSyntaxException(source, startLine, startCol, "'/*' without '*/'",
                            "a comment closed by '*/'");
                }
                for (int j = i; j < end + 2; j++) {
                    char d = s.charAt(j);
                    if (d == '\n') {
                        out.append('\n');
                        line++;
                        col = 1;
                    } else if (d != '\r') {
                        out.append(' ');
                        col++;
                    }
                }
                i = end + 1;
                continue;
            }
            if (c == '"' && !inBacktick) {
                inString = !inString;
            } else if (c == '`' && !inString) {
                inBacktick = !inBacktick;
            }
            if (c == '\n') {
                line++;
                col = 1;
                inString = false;
                inBacktick = false;
            } else {
                col++;
            }
            out.append(c);
        }
        return out.toString();
    }

    private static boolean active(Deque<boolean[]> blocks) {
        for (boolean[] b : blocks) {
            if (!b[0]) {
                return false;
            }
        }
        return true;
    }

    private void directive(Deque<boolean[]> blocks) throws ScriptSyntaxException {
        int col = pos + 1;
        String word = word("#");
        if (!DIRECTIVES.contains(word)) {
            throw error(col, quote(word), "one of #ifdef, #ifndef, #else, #endif, #define");
        }
        skipSpace();
        switch (word) {
            case "#ifdef", "#ifndef" -> {
                int nameCol = pos + 1;
                String name = identifier();
                if (name.isEmpty()) {
                    throw error(nameCol, foundHere(), "a symbol name after " + word);
                }
                boolean on = defined.contains(name) == word.equals("#ifdef");
                blocks.push(new boolean[] {on, false});
            }
            case "#else" -> {
                if (blocks.isEmpty() || blocks.peek()[1]) {
                    throw error(col, "'#else'", blocks.isEmpty() ? "#ifdef or #ifndef before #else" : "#endif");
                }
                boolean[] b = blocks.peek();
                b[0] = !b[0];
                b[1] = true;
            }
            case "#endif" -> {
                if (blocks.isEmpty()) {
                    throw error(col, "'#endif'", "#ifdef or #ifndef before #endif");
                }
                blocks.pop();
            }
            default -> { // #define NAME
                int nameCol = pos + 1;
                String name = identifier();
                if (name.isEmpty()) {
                    throw error(nameCol, foundHere(), "a symbol name after #define");
                }
                if (active(blocks)) {
                    defined.add(name);
                }
            }
        }
        skipSpace();
        if (!atEnd()) {
            throw error(pos + 1, foundHere(), "end of line after " + word);
        }
    }

    private void option(Map<String, String> options) throws ScriptSyntaxException {
        while (!atEnd()) {
            int col = pos + 1;
            if (!text.startsWith("--", pos)) {
                throw error(col, foundHere(), "an option --name=value");
            }
            pos += 2;
            String name = identifier();
            if (name.isEmpty()) {
                throw error(pos + 1, foundHere(), "an option name after '--'");
            }
            String value = "";
            if (!atEnd() && peek() == '=') {
                pos++;
                int start = pos;
                if (!atEnd() && peek() == '"') {
                    int end = text.indexOf('"', pos + 1);
                    if (end < 0) {
                        throw error(pos + 1, "an unclosed '\"'", "a closing '\"'");
                    }
                    value = text.substring(pos + 1, end);
                    pos = end + 1;
                } else {
                    while (!atEnd() && !Character.isWhitespace(peek())) {
                        pos++;
                    }
                    value = text.substring(start, pos);
                }
            }
            options.put(name, value);
            skipSpace();
        }
    }

    // ------------------------------------------------------------------ timed lines

    private Step step() throws ScriptSyntaxException {
        int col = pos + 1;
        Timing timing;
        if (!atEnd() && peek() == '`') {
            timing = Timing.relative(0); // a shell line may stand without a time
        } else {
            timing = timing();
        }
        Long returnAt = null;
        if (text.startsWith("...", pos)) {
            pos += 3;
            int c = pos + 1;
            returnAt = number("a return time after '...' (e.g. 0...0.100)", false);
            if (timing.kind() == Timing.Kind.ANY) {
                throw error(c - 3, "'...'", "a start time before '...' (not '*')");
            }
        }
        skipSpace();
        if (atEnd()) {
            throw error(pos + 1, "end of line", "a packet ('<' or '>'), a system call or a `shell command` after the time");
        }
        char c = peek();
        if (c == '<' || c == '>') {
            if (returnAt != null) {
                throw error(pos + 1, quote(String.valueOf(c)), "a system call after a '...' time");
            }
            return packet(col, timing, c == '<');
        }
        if (c == '`') {
            int start = pos + 1;
            int end = text.indexOf('`', start);
            if (end < 0) {
                throw error(pos + 1, "an unclosed '`'", "a closing '`'");
            }
            String cmd = text.substring(start, end);
            pos = end + 1;
            expectEnd("end of line after the `shell command`");
            return new Script.ShellStep(lineNo, col, timing, cmd);
        }
        if (text.startsWith("%{", pos)) {
            return new Script.UnsupportedStep(lineNo, col, timing, "%{");
        }
        if (Character.isLetter(c) || c == '_') {
            return syscall(col, timing, returnAt);
        }
        throw error(pos + 1, foundHere(), "a packet ('<' or '>'), a system call or a `shell command`");
    }

    private Timing timing() throws ScriptSyntaxException {
        if (!atEnd() && peek() == '*') {
            pos++;
            requireSpace("a space after the time '*'");
            return Timing.ANY;
        }
        boolean rel = !atEnd() && peek() == '+';
        if (rel) {
            pos++;
        }
        long start = number("a time: seconds (0.100), +seconds (+0.1) or '*'", false);
        long end = start;
        if (!atEnd() && peek() == '~') {
            pos++;
            boolean rel2 = !atEnd() && peek() == '+';
            if (rel2 != rel) {
                throw error(pos + 1, foundHere(), rel ? "'+' (both ends of a range are relative)"
                        : "an absolute time (both ends of a range are absolute)");
            }
            if (rel2) {
                pos++;
            }
            int c = pos + 1;
            end = number("the end of the time range", false);
            if (end < start) {
                throw error(c, quote(Timing.seconds(end)), "a range end at or after " + Timing.seconds(start));
            }
        }
        if (!text.startsWith("...", pos)) {
            requireSpace("a space after the time");
        }
        return new Timing(rel ? Timing.Kind.RELATIVE : Timing.Kind.ABSOLUTE, start, end);
    }

    /** A decimal number of seconds as microseconds, or (integer) an integer. */
    private long number(String expected, boolean integer) throws ScriptSyntaxException {
        int start = pos;
        while (!atEnd() && Character.isDigit(peek())) {
            pos++;
        }
        int intEnd = pos;
        if (!integer && !atEnd() && peek() == '.' && !text.startsWith("...", pos)) {
            pos++;
            while (!atEnd() && Character.isDigit(peek())) {
                pos++;
            }
        }
        String s = text.substring(start, pos);
        if (s.isEmpty() || s.equals(".") || intEnd == start && s.length() == 1) {
            pos = start;
            throw error(start + 1, foundHere(), expected);
        }
        if (integer) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                pos = start;
                throw error(start + 1, quote(s), "a number up to " + Long.MAX_VALUE);
            }
        }
        java.math.BigDecimal d = new java.math.BigDecimal(s.startsWith(".") ? "0" + s : s);
        java.math.BigDecimal micros = d.movePointRight(6);
        if (micros.scale() > 0 && micros.stripTrailingZeros().scale() > 0) {
            throw error(start + 1, quote(s), "a time with at most 6 decimals (microseconds)");
        }
        if (micros.compareTo(MAX_MICROS) > 0) {
            pos = start;
            throw error(start + 1, quote(s), "a time up to " + MAX_MICROS.movePointLeft(6).toBigInteger() + " seconds");
        }
        return micros.longValueExact();
    }

    // ------------------------------------------------------------------ packets

    private Step packet(int col, Timing timing, boolean inbound) throws ScriptSyntaxException {
        pos++;
        requireSpace("a space after '" + (inbound ? '<' : '>') + "'");
        if (!atEnd() && peek() == '[') {
            int c = pos + 1;
            int end = text.indexOf(']', pos);
            if (end < 0) {
                throw error(c, "an unclosed '['", "a closing ']'");
            }
            String what = text.substring(pos + 1, end).trim();
            return new Script.UnsupportedStep(lineNo, col, timing,
                    "IP-level field [" + what + "] (ECN codepoints, traffic class): tcpstep cannot set or check it");
        }
        int flagsCol = pos + 1;
        String flags = word("");
        if (flags.equals("udp") || flags.equals("icmp") || flags.equals("sctp")) {
            return new Script.UnsupportedStep(lineNo, col, timing, flags.toUpperCase()
                    + " packets: tcpstep speaks TCP only");
        }
        if (flags.isEmpty()) {
            throw error(flagsCol, foundHere(), "TCP flags (S F R P . E W U)");
        }
        for (int i = 0; i < flags.length(); i++) {
            if (FLAG_LETTERS.indexOf(flags.charAt(i)) < 0) {
                throw error(flagsCol + i, quote(String.valueOf(flags.charAt(i))), "a flag (S F R P . E W U)");
            }
            if (flags.indexOf(flags.charAt(i)) != i) {
                throw error(flagsCol + i, quote(String.valueOf(flags.charAt(i))), "each flag once");
            }
        }
        requireSpace("a space after the flags");
        int seqCol = pos + 1;
        long seqStart = unsigned32("a sequence range start:end(length), e.g. 0:0(0)");
        expectChar(':', "':' in start:end(length)");
        long seqEnd = unsigned32("the end of start:end(length)");
        expectChar('(', "'(' in start:end(length)");
        int lenCol = pos + 1;
        long len = number("the length in start:end(length)", true);
        expectChar(')', "')' closing start:end(length)");
        if (((seqEnd - seqStart) & 0xFFFF_FFFFL) != len) {
            throw error(lenCol, quote(String.valueOf(len)), "length " + ((seqEnd - seqStart) & 0xFFFF_FFFFL)
                    + " (end " + seqEnd + " - start " + seqStart + ")");
        }
        if (len > 65535) {
            throw error(seqCol, quote(String.valueOf(len)), "a length up to 65535");
        }
        Long ack = null;
        Integer win = null;
        Integer urg = null;
        List<OptionSpec> options = null;
        boolean anyOptions = false;
        while (true) {
            skipSpace();
            if (atEnd()) {
                break;
            }
            int c = pos + 1;
            if (peek() == '<') {
                if (options != null || anyOptions) {
                    throw error(c, "a second '<'", "one option list");
                }
                pos++;
                skipSpace();
                if (text.startsWith("...", pos)) {
                    pos += 3;
                    skipSpace();
                    expectChar('>', "'>' closing <...>");
                    anyOptions = true;
                } else {
                    options = optionList();
                }
                continue;
            }
            String key = word("");
            switch (key) {
                case "ack" -> {
                    if (ack != null) {
                        throw error(c, "a second 'ack'", "one ack");
                    }
                    requireSpace("a space after 'ack'");
                    ack = unsigned32("an acknowledgment number after 'ack'");
                }
                case "win" -> {
                    if (win != null) {
                        throw error(c, "a second 'win'", "one win");
                    }
                    requireSpace("a space after 'win'");
                    win = bounded(0, 65535, "a window 0..65535 after 'win'");
                }
                case "urg" -> {
                    requireSpace("a space after 'urg'");
                    urg = bounded(0, 65535, "an urgent pointer 0..65535 after 'urg'");
                }
                default -> {
                    pos = c - 1;
                    throw error(c, foundHere(), "ack N, win N, urg N, <options> or end of line");
                }
            }
        }
        if (flags.indexOf('.') >= 0 && ack == null && inbound) {
            throw error(text.length() + 1, "end of line", "'ack N' (the '.' flag is ACK)");
        }
        if (ack != null && flags.indexOf('.') < 0) {
            throw error(flagsCol, quote(flags), "the '.' flag with 'ack " + ack + "' (ACK)");
        }
        PacketSpec p = new PacketSpec(flags, seqStart, seqEnd, (int) len, ack, win, urg, options, anyOptions);
        if (options != null) {
            for (OptionSpec o : options) {
                if (o.kind().startsWith("!")) {
                    return new Script.UnsupportedStep(lineNo, col, timing, o.kind().substring(1));
                }
            }
        }
        return new Script.PacketStep(lineNo, col, timing, inbound, p);
    }

    private List<OptionSpec> optionList() throws ScriptSyntaxException {
        List<OptionSpec> out = new ArrayList<>();
        while (true) {
            skipSpace();
            int c = pos + 1;
            String kind = identifier();
            switch (kind) {
                case "nop", "eol", "sackOK" -> out.add(new OptionSpec(kind, List.of()));
                case "mss" -> {
                    requireSpace("a space after 'mss'");
                    out.add(new OptionSpec(kind, List.of((long) bounded(0, 65535, "an MSS 0..65535"))));
                }
                case "wscale" -> {
                    requireSpace("a space after 'wscale'");
                    out.add(new OptionSpec(kind, List.of((long) bounded(0, 255, "a shift count 0..255"))));
                }
                case "TS" -> {
                    skipSpace();
                    expectWord("val", "'val' after 'TS'");
                    requireSpace("a space after 'val'");
                    long val = unsigned32("a TSval");
                    skipSpace();
                    expectWord("ecr", "'ecr' after the TSval");
                    requireSpace("a space after 'ecr'");
                    long ecr = unsigned32("a TSecr");
                    out.add(new OptionSpec(kind, List.of(val, ecr)));
                }
                case "sack" -> {
                    List<Long> v = new ArrayList<>();
                    while (true) {
                        skipSpace();
                        if (atEnd() || !Character.isDigit(peek())) {
                            break;
                        }
                        v.add(unsigned32("a SACK block left edge"));
                        expectChar(':', "':' in a SACK block left:right");
                        v.add(unsigned32("a SACK block right edge"));
                    }
                    if (v.isEmpty() || v.size() > 8) {
                        throw error(pos + 1, foundHere(), "1 to 4 SACK blocks left:right after 'sack'");
                    }
                    out.add(new OptionSpec(kind, v));
                }
                case "md5", "FO", "FOEXP", "exp", "mptcp", "tfo", "uto" -> {
                    // Skip the rest of the option up to ',' or '>' and report the option as unsupported.
                    while (!atEnd() && peek() != ',' && peek() != '>') {
                        pos++;
                    }
                    out.add(new OptionSpec("!option " + kind + ": tcpstep cannot build or check it", List.of()));
                }
                default -> throw error(c, kind.isEmpty() ? foundHere() : quote(kind),
                        "a TCP option (nop, eol, mss N, wscale N, sackOK, TS val N ecr N, sack L:R)");
            }
            skipSpace();
            if (!atEnd() && peek() == ',') {
                pos++;
                continue;
            }
            expectChar('>', "',' or '>' after an option");
            return out;
        }
    }

    private long unsigned32(String expected) throws ScriptSyntaxException {
        int c = pos + 1;
        long v = number(expected, true);
        if (v > 0xFFFF_FFFFL) {
            throw error(c, quote(String.valueOf(v)), "a 32-bit number (0..4294967295)");
        }
        return v;
    }

    private int bounded(int min, int max, String expected) throws ScriptSyntaxException {
        int c = pos + 1;
        long v = number(expected, true);
        if (v < min || v > max) {
            throw error(c, quote(String.valueOf(v)), expected);
        }
        return (int) v;
    }

    // ------------------------------------------------------------------ system calls

    private Step syscall(int col, Timing timing, Long returnAt) throws ScriptSyntaxException {
        String name = identifier();
        skipSpace();
        expectChar('(', "'(' after the system call name " + name);
        List<Expr> args = new ArrayList<>();
        skipSpace();
        if (!atEnd() && peek() == ')') {
            pos++;
        } else {
            while (true) {
                args.add(expr());
                skipSpace();
                if (!atEnd() && peek() == ',') {
                    pos++;
                    continue;
                }
                expectChar(')', "',' or ')' in the arguments of " + name);
                break;
            }
        }
        skipSpace();
        expectChar('=', "'= result' after " + name + "(...)");
        skipSpace();
        Expr result = expr();
        String errno = null;
        skipSpace();
        if (!atEnd() && Character.isUpperCase(peek())) {
            int c = pos + 1;
            errno = identifier();
            if (!errno.startsWith("E")) {
                throw error(c, quote(errno), "an errno name (EAGAIN, EINPROGRESS, ...)");
            }
            skipSpace();
            if (!atEnd() && peek() == '(') {
                int depth = 0;
                while (!atEnd()) {
                    char ch = text.charAt(pos++);
                    if (ch == '(') {
                        depth++;
                    } else if (ch == ')' && --depth == 0) {
                        break;
                    }
                }
                if (depth != 0) {
                    throw error(text.length() + 1, "end of line", "')' closing the errno description");
                }
            }
        }
        expectEnd("end of line after the result");
        return new Script.SyscallStep(lineNo, col, timing, returnAt, name, args, result, errno);
    }

    private Expr expr() throws ScriptSyntaxException {
        Expr first = atom();
        skipSpace();
        if (atEnd() || peek() != '|') {
            return first;
        }
        List<Expr> terms = new ArrayList<>();
        terms.add(first);
        while (!atEnd() && peek() == '|') {
            pos++;
            skipSpace();
            terms.add(atom());
            skipSpace();
        }
        return new OrExpr(terms);
    }

    private Expr atom() throws ScriptSyntaxException {
        skipSpace();
        if (atEnd()) {
            throw error(pos + 1, "end of line", "an argument (number, NAME, \"string\", [...], {...} or ...)");
        }
        char c = peek();
        int col = pos + 1;
        if (text.startsWith("...", pos)) {
            pos += 3;
            return new Ellipsis();
        }
        if (c == '-' || Character.isDigit(c)) {
            boolean neg = c == '-';
            if (neg) {
                pos++;
            }
            long v;
            if (text.startsWith("0x", pos)) {
                pos += 2;
                int s = pos;
                while (!atEnd() && Character.digit(peek(), 16) >= 0) {
                    pos++;
                }
                if (s == pos) {
                    throw error(s + 1, foundHere(), "hex digits after 0x");
                }
                try {
                    v = Long.parseLong(text.substring(s, pos), 16);
                } catch (NumberFormatException e) {
                    // Too many digits for a long (found by fuzzing).
                    throw error(s - 1, quote("0x" + text.substring(s, pos)), "a number up to 0x" + Long.toHexString(Long.MAX_VALUE));
                }
            } else {
                v = number("a number", true);
            }
            return new Num(neg ? -v : v);
        }
        if (c == '"') {
            int end = text.indexOf('"', pos + 1);
            if (end < 0) {
                throw error(col, "an unclosed '\"'", "a closing '\"'");
            }
            String s = text.substring(pos + 1, end);
            pos = end + 1;
            return new Str(s);
        }
        if (c == '[') {
            pos++;
            List<Expr> items = new ArrayList<>();
            skipSpace();
            if (!atEnd() && peek() == ']') {
                pos++;
                return new ListExpr(items);
            }
            while (true) {
                items.add(expr());
                skipSpace();
                if (!atEnd() && peek() == ',') {
                    pos++;
                    continue;
                }
                expectChar(']', "',' or ']' in a list");
                return new ListExpr(items);
            }
        }
        if (c == '{') {
            pos++;
            List<Map.Entry<String, Expr>> fields = new ArrayList<>();
            skipSpace();
            if (!atEnd() && peek() == '}') {
                pos++;
                return new StructExpr(fields);
            }
            while (true) {
                skipSpace();
                if (text.startsWith("...", pos)) {
                    pos += 3;
                    fields.add(new AbstractMap.SimpleImmutableEntry<>("...", new Ellipsis()));
                } else {
                    int fc = pos + 1;
                    String f = identifier();
                    if (f.isEmpty()) {
                        throw error(fc, foundHere(), "a field name in {name=value, ...}");
                    }
                    skipSpace();
                    expectChar('=', "'=' after the field name " + f);
                    fields.add(new AbstractMap.SimpleImmutableEntry<>(f, expr()));
                }
                skipSpace();
                if (!atEnd() && peek() == ',') {
                    pos++;
                    continue;
                }
                expectChar('}', "',' or '}' in a {...} structure");
                return new StructExpr(fields);
            }
        }
        if (Character.isLetter(c) || c == '_') {
            String n = identifier();
            skipSpace();
            if (!atEnd() && peek() == '(') {
                // htons(8080), inet_addr("192.0.2.1"): a function of one argument, kept as its text.
                pos++;
                Expr inner = expr();
                skipSpace();
                expectChar(')', "')' closing " + n + "(...)");
                return new Name(n + "(" + inner.text() + ")");
            }
            return new Name(n);
        }
        throw error(col, foundHere(), "an argument (number, NAME, \"string\", [...], {...} or ...)");
    }

    // ------------------------------------------------------------------ characters

    private boolean atEnd() {
        return pos >= text.length();
    }

    private char peek() {
        return text.charAt(pos);
    }

    private void skipSpace() {
        while (!atEnd() && Character.isWhitespace(peek())) {
            pos++;
        }
    }

    private void requireSpace(String expected) throws ScriptSyntaxException {
        if (atEnd() || !Character.isWhitespace(peek())) {
            throw error(pos + 1, foundHere(), expected);
        }
        skipSpace();
    }

    /** A run of non-space characters other than '<' (which starts options), starting with {@code prefix}. */
    private String word(String prefix) {
        int start = pos;
        if (!prefix.isEmpty() && text.startsWith(prefix, pos)) {
            pos += prefix.length();
        }
        while (!atEnd() && !Character.isWhitespace(peek()) && peek() != '<') {
            pos++;
        }
        return text.substring(start, pos);
    }

    private String identifier() {
        int start = pos;
        while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private void expectChar(char c, String expected) throws ScriptSyntaxException {
        if (atEnd() || peek() != c) {
            throw error(pos + 1, foundHere(), expected);
        }
        pos++;
    }

    private void expectWord(String w, String expected) throws ScriptSyntaxException {
        int c = pos + 1;
        String got = identifier();
        if (!got.equals(w)) {
            pos = c - 1;
            throw error(c, foundHere(), expected);
        }
    }

    private void expectEnd(String expected) throws ScriptSyntaxException {
        skipSpace();
        if (!atEnd()) {
            throw error(pos + 1, foundHere(), expected);
        }
    }

    /** The token at the cursor, quoted, or "end of line". */
    private String foundHere() {
        if (atEnd()) {
            return "end of line";
        }
        int end = pos;
        if (Character.isLetterOrDigit(peek()) || peek() == '_') {
            while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_'
                    || text.charAt(end) == '.')) {
                end++;
            }
        } else {
            end++;
        }
        return quote(text.substring(pos, end));
    }

    private static String quote(String s) {
        return "'" + s + "'";
    }

    private ScriptSyntaxException error(int column, String found, String expected) {
        return new ScriptSyntaxException(source, lineNo, column, found, expected);
    }
}
