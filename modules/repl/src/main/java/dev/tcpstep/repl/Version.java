package dev.tcpstep.repl;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version, filtered into {@code version.properties} by Maven. */
public final class Version {
    private Version() {
    }

    public static String get() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** {@code tcpstep 0.1.0-SNAPSHOT (Java 25.0.3)}. */
    public static String line() {
        return "tcpstep " + get() + " (Java " + Runtime.version() + ")";
    }
}
