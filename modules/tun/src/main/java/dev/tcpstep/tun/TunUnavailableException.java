package dev.tcpstep.tun;

import java.util.List;

/**
 * This machine cannot run a TUN link; {@link #missing()} says what is missing
 * (for example {@code "root: running as uid 1000 (need uid 0)"}).
 */
public final class TunUnavailableException extends TunException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> missing;

    public TunUnavailableException(List<String> missing) {
        super("the Linux TUN link is not available here: " + String.join("; ", missing), 0);
        this.missing = List.copyOf(missing);
    }

    /** One line per missing requirement. */
    public List<String> missing() {
        return missing;
    }
}
