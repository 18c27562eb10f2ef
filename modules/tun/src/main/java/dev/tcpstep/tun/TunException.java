package dev.tcpstep.tun;

/**
 * A system call or a setup command failed: the message names the call (or the command
 * line), its argument and the errno or exit status with its text.
 */
public class TunException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    public TunException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    public TunException(String message, Throwable cause) {
        super(message, cause);
        this.errno = 0;
    }

    /** The errno of the failed call; 0 when the failure was not a system call. */
    public int errno() {
        return errno;
    }
}
