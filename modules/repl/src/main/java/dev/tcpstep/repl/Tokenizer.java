package dev.tcpstep.repl;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a typed line into {@link Token}s on whitespace. Double quotes group words
 * ({@code write "hello world"}); inside them {@code \"} and {@code \\} escape. A
 * {@code #} outside quotes starts a comment that runs to the end of the line, except
 * {@code #} followed by a digit, which names a segment ({@code hex #3}).
 */
public final class Tokenizer {
    private Tokenizer() {
    }

    public static List<Token> tokenize(String line) throws CommandException {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '#' && !(i + 1 < n && Character.isDigit(line.charAt(i + 1)))) {
                break;
            }
            int start = i;
            StringBuilder text = new StringBuilder();
            boolean quoted = false;
            while (i < n && !Character.isWhitespace(line.charAt(i))) {
                char d = line.charAt(i);
                if (d == '"') {
                    quoted = true;
                    int open = i++;
                    boolean closed = false;
                    while (i < n) {
                        char e = line.charAt(i);
                        if (e == '\\' && i + 1 < n && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                            text.append(line.charAt(i + 1));
                            i += 2;
                        } else if (e == '"') {
                            closed = true;
                            i++;
                            break;
                        } else {
                            text.append(e);
                            i++;
                        }
                    }
                    if (!closed) {
                        throw new CommandException("unterminated quote (expected a closing \")", open, n - open);
                    }
                } else {
                    text.append(d);
                    i++;
                }
            }
            out.add(new Token(text.toString(), start, i - start, quoted));
        }
        return out;
    }
}
