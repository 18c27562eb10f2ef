package dev.tcpstep.packetdrill;

import dev.tcpstep.statemachine.Profile;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a backtick line's {@code sysctl} settings to {@link Profile} knobs:
 * {@code net.ipv4.tcp_timestamps} → timestamps, {@code tcp_sack} → sack,
 * {@code tcp_window_scaling=0} → no window scale, {@code tcp_syn_retries} → R2 for a SYN,
 * {@code tcp_retries1} / {@code tcp_retries2} → R1 / R2, {@code tcp_rfc1337} → rfc1337.
 */
final class Sysctl {
    private static final Pattern SETTING = Pattern.compile("(net\\.ipv4\\.[a-z0-9_]+)\\s*=\\s*\"?([^\"\\s;]+)\"?");

    private Sysctl() {
    }

    /**
     * Applies the settings of {@code command} to {@code b} (or only checks them when {@code b}
     * is null). Returns null when everything in it maps, otherwise what does not.
     */
    static String apply(String command, Profile.Builder b) {
        String c = command.strip();
        if (!c.startsWith("sysctl")) {
            return "shell command `" + c + "` is not run against tcpstep (only sysctl lines map, to Profile knobs)";
        }
        Matcher m = SETTING.matcher(c);
        StringBuilder unmapped = new StringBuilder();
        boolean any = false;
        while (m.find()) {
            any = true;
            String key = m.group(1).substring("net.ipv4.".length());
            String v = m.group(2);
            boolean on = !v.equals("0");
            int n = v.chars().allMatch(Character::isDigit) ? Integer.parseInt(v) : -1;
            boolean mapped = true;
            switch (key) {
                case "tcp_timestamps" -> {
                    if (b != null) {
                        b.timestamps(on);
                    }
                }
                case "tcp_sack" -> {
                    if (b != null) {
                        b.sack(on);
                    }
                }
                case "tcp_window_scaling" -> {
                    if (b != null && !on) {
                        b.windowScale(-1).receiveWindow(65535);
                    }
                }
                case "tcp_rfc1337" -> {
                    if (b != null) {
                        b.rfc1337(on);
                    }
                }
                case "tcp_syn_retries", "tcp_retries1", "tcp_retries2" -> {
                    mapped = n > 0;
                    if (b != null && mapped) {
                        switch (key) {
                            case "tcp_syn_retries" -> b.r2Syn(n);
                            case "tcp_retries1" -> b.r1(n);
                            default -> b.r2(n);
                        }
                    }
                }
                default -> mapped = false;
            }
            if (!mapped) {
                unmapped.append(unmapped.isEmpty() ? "" : ", ").append(m.group(1)).append('=').append(v);
            }
        }
        if (!any) {
            return "`" + c + "` sets nothing tcpstep knows (expected net.ipv4.NAME=VALUE)";
        }
        return unmapped.isEmpty() ? null : "no Profile knob for " + unmapped;
    }
}
