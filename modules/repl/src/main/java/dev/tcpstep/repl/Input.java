package dev.tcpstep.repl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Where typed lines come from: the console, a script file, a notebook replay. All feed
 * the same dispatch loop, so a script or replay takes exactly the path typed input takes.
 */
public interface Input {
    /** The next line, or null at the end of input (Ctrl-D, end of file). */
    String readLine(String prompt);

    /** True when a person is typing (prompts, colours and carets under the prompt). */
    boolean interactive();

    /** Lines from a reader: piped stdin or a script file. No prompt is shown. */
    static Input of(BufferedReader reader) {
        return new Input() {
            @Override
            public String readLine(String prompt) {
                try {
                    return reader.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public boolean interactive() {
                return false;
            }
        };
    }
}
