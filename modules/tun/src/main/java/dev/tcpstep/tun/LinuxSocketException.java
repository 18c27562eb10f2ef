package dev.tcpstep.tun;

/**
 * The kernel-side socket program reported an error from a socket call, e.g.
 * {@code ConnectionRefusedError} with errno 111 when our endpoint answered its SYN with a
 * RST, or {@code ConnectionResetError} (104).
 */
public final class LinuxSocketException extends TunException {
    private static final long serialVersionUID = 1L;

    private final String error;

    public LinuxSocketException(String error, int errno, String text) {
        super("Linux socket: " + error + (errno != 0 ? " (errno " + errno + ")" : "") + (text.isEmpty() ? "" : ": "
                + text), errno);
        this.error = error;
    }

    /** Python's exception name, e.g. {@code ConnectionRefusedError}, {@code TimeoutError}. */
    public String error() {
        return error;
    }
}
