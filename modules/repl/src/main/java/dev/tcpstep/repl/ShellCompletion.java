package dev.tcpstep.repl;

import dev.tcpstep.link.Simulation;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Tab completion (commands, endpoint names, flags, {@code key=} words, segment numbers,
 * file names) and syntax highlighting (commands, flags, numbers, strings; unknown words in
 * red) for the JLine shell.
 */
final class ShellCompletion implements Completer, Highlighter {
    private final Shell shell;

    ShellCompletion(Shell shell) {
        this.shell = shell;
    }

    private List<String> endpoints() {
        return shell.session().sim().endpoints().stream().map(Simulation.Endpoint::name).toList();
    }

    /** Candidates come from the command table (each row's completer); this only converts them for JLine. */
    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> out) {
        List<String> words = new java.util.ArrayList<>(line.words());
        int i = line.wordIndex();
        while (words.size() <= i) {
            words.add("");
        }
        for (Command.Candidate c : shell.table().complete(shell, words, i)) {
            out.add(new Candidate(c.value(), c.value(), null, c.description(), null, null, c.complete()));
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
            boolean known = endpoints().contains(text) || shell.table().commands().stream()
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
