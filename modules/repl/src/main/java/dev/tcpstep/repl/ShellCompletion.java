package dev.tcpstep.repl;

import dev.tcpstep.link.Simulation;
import dev.tcpstep.link.TraceEntry;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Tab completion (commands, endpoint names, flags, {@code key=} words, segment numbers,
 * file names) and syntax highlighting (commands, flags, numbers, strings; unknown words in
 * red) for the JLine shell.
 */
final class ShellCompletion implements Completer, Highlighter {
    private static final List<String> FLAG_WORDS = List.of("SYN", "SYN,ACK", "ACK", "PSH,ACK", "FIN,ACK", "FIN",
            "RST", "RST,ACK");
    private final Shell shell;

    ShellCompletion(Shell shell) {
        this.shell = shell;
    }

    private List<String> endpoints() {
        return shell.session().sim().endpoints().stream().map(Simulation.Endpoint::name).toList();
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> out) {
        List<String> w = line.words();
        int i = line.wordIndex();
        String first = w.isEmpty() ? "" : w.getFirst().toLowerCase(Locale.ROOT);
        if (i == 0) {
            for (Command c : shell.commands()) {
                out.add(word(c.name(), Help.summary(c.name())));
            }
            for (String e : endpoints()) {
                out.add(word(e, "endpoint: " + e + " send|listen|connect|write|read|close|..."));
            }
            return;
        }
        if (endpoints().contains(first)) {
            if (i == 1) {
                for (Command c : shell.endpointCommands()) {
                    out.add(word(c.name(), Help.summary(c.name())));
                }
            } else if (w.size() > 1 && w.get(1).equals("send")) {
                if (i == 2) {
                    FLAG_WORDS.forEach(f -> out.add(word(f, null)));
                } else {
                    for (String k : SegmentSpec.KEYS) {
                        out.add(k.endsWith("=") ? partial(k) : word(k, null));
                    }
                }
            } else if (w.size() > 1 && w.get(1).equals("auto")) {
                out.add(word("on", null));
                out.add(word("off", null));
            }
            return;
        }
        switch (first) {
            case "help" -> {
                shell.commands().forEach(c -> out.add(word(c.name(), null)));
                shell.endpointCommands().forEach(c -> out.add(word(c.name(), null)));
            }
            case "show", "drop", "corrupt", "duplicate", "delay" -> {
                if (!first.equals("show") && i == 1) {
                    out.add(word("next", null));
                } else {
                    endpoints().forEach(e -> out.add(word(e, null)));
                }
            }
            case "auto" -> {
                if (i == 1) {
                    out.add(word("on", null));
                    out.add(word("off", null));
                } else {
                    endpoints().forEach(e -> out.add(word(e, null)));
                }
            }
            case "hex", "fields", "explain", "checksum" -> {
                for (TraceEntry.Sent s : shell.session().sim().trace().of(TraceEntry.Sent.class)) {
                    out.add(word("#" + s.number(), Renderers.typed(s.segment())));
                }
            }
            case "export" -> {
                if (i == 1) {
                    List.of("pcap", "json", "svg").forEach(k -> out.add(word(k, null)));
                } else {
                    files(w.get(i), out);
                }
            }
            case "link" -> {
                List.of("client→server", "server→client", "both").forEach(k -> out.add(word(k, null)));
                List.of("delay=", "jitter=", "loss=", "dup=", "reorder=", "corrupt=", "mtu=", "rate=", "seed=")
                        .forEach(k -> out.add(partial(k)));
            }
            case "new" -> List.of("--ipv6", "--seed", "--isn", "--client", "--server").forEach(k -> out.add(word(k, null)));
            default -> {
            }
        }
    }

    private static Candidate word(String value, String description) {
        return new Candidate(value, value, null, description, null, null, true);
    }

    /** A {@code key=} candidate: no space after it, the value follows. */
    private static Candidate partial(String value) {
        return new Candidate(value, value, null, null, null, null, false);
    }

    private static void files(String typed, List<Candidate> out) {
        Path p = Path.of(typed.isEmpty() ? "." : typed);
        Path dir = typed.endsWith("/") ? p : p.getParent() == null ? Path.of(".") : p.getParent();
        String prefix = typed.endsWith("/") || typed.isEmpty() ? typed : (p.getParent() == null ? "" : p.getParent() + "/");
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) {
                String name = prefix + f.getFileName() + (Files.isDirectory(f) ? "/" : "");
                out.add(new Candidate(name, f.getFileName().toString(), null, null, null, null, !Files.isDirectory(f)));
            }
        } catch (IOException | RuntimeException e) {
            // No completion for an unreadable directory.
        }
    }

    // ------------------------------------------------------------------ highlighting

    private static final Pattern NUMBER = Pattern.compile("(0x[0-9a-fA-F]+|\\d+(\\.\\d+)?(ms|s|m|h|us|ns|%)?|#\\d+)");

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        AttributedStringBuilder sb = new AttributedStringBuilder();
        List<Token> tokens;
        try {
            tokens = Tokenizer.tokenize(buffer);
        } catch (CommandException e) {
            return new AttributedString(buffer);
        }
        int at = 0;
        for (int k = 0; k < tokens.size(); k++) {
            Token t = tokens.get(k);
            sb.append(buffer.substring(at, t.column()));
            String raw = buffer.substring(t.column(), t.column() + t.width());
            sb.styled(style(tokens, k), raw);
            at = t.column() + t.width();
        }
        sb.append(buffer.substring(Math.min(at, buffer.length())));
        return sb.toAttributedString();
    }

    private AttributedStyle style(List<Token> tokens, int k) {
        Token t = tokens.get(k);
        String text = t.text();
        if (t.quoted()) {
            return AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
        }
        if (k == 0) {
            boolean known = endpoints().contains(text) || shell.commands().stream()
                    .anyMatch(c -> c.name().startsWith(text.toLowerCase(Locale.ROOT)));
            return known ? AttributedStyle.BOLD.foreground(AttributedStyle.CYAN)
                    : AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
        }
        if (k == 1 && endpoints().contains(tokens.getFirst().text())) {
            return AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
        }
        if (k == 2 && tokens.size() > 1 && tokens.get(1).text().equals("send")) {
            return AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA);
        }
        int eq = text.indexOf('=');
        String value = eq < 0 ? text : text.substring(eq + 1);
        if (NUMBER.matcher(value).matches()) {
            return AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
        }
        return AttributedStyle.DEFAULT;
    }

    @Override
    public void setErrorPattern(Pattern errorPattern) {
    }

    @Override
    public void setErrorIndex(int errorIndex) {
    }
}
