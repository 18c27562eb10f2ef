package dev.tcpstep.repl;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Help text, kept in one resource ({@code help.properties}) with keys
 * {@code help.<command>.summary}, {@code .args} and {@code .body}, so code and tests
 * refer to it by key instead of pasting it twice.
 */
public final class Help {
    private static final Properties TEXT = load();

    private Help() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Help.class.getResourceAsStream("help.properties")) {
            if (in == null) {
                throw new IllegalStateException("help.properties missing from the repl module");
            }
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The text under a key, or null. */
    public static String get(String key) {
        return TEXT.getProperty(key);
    }

    public static String summary(String command) {
        return get("help." + command + ".summary");
    }

    public static String args(String command) {
        String a = get("help." + command + ".args");
        return a == null ? "" : a;
    }

    public static String body(String command) {
        return get("help." + command + ".body");
    }
}
