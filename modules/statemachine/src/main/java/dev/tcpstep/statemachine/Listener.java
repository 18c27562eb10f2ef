package dev.tcpstep.statemachine;

import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A passive OPEN on a {@link Host} with the remote socket unspecified (RFC 9293 §3.9.1.1):
 * each acceptable SYN spawns a new {@link Connection}, at most {@link #backlog()} of them
 * waiting (half-open or not yet accepted).
 */
public final class Listener {
    private final Host host;
    private final int port;
    private final int backlog;
    private final Set<Connection> pending = new LinkedHashSet<>();
    private final ArrayDeque<Connection> ready = new ArrayDeque<>();
    private boolean closed;

    Listener(Host host, int port, int backlog) {
        this.host = host;
        this.port = port;
        this.backlog = backlog;
    }

    /** {@return the local port listened on} */
    public int port() {
        return port;
    }

    /** {@return the most half-open plus not-yet-accepted connections} */
    public int backlog() {
        return backlog;
    }

    /** {@return the spawned connections not yet accepted (SYN-RECEIVED or ESTABLISHED)} */
    public int pending() {
        return pending.size();
    }

    boolean full() {
        return pending.size() >= backlog;
    }

    /** {@return the next connection that reached ESTABLISHED, or null} */
    public Connection accept() {
        Connection c = ready.pollFirst();
        if (c != null) {
            pending.remove(c);
        }
        return c;
    }

    /** Stops listening; connections already spawned live on. */
    public void close() {
        closed = true;
        host.unlisten(this);
    }

    /** {@return true once {@link #close()} was called} */
    public boolean closed() {
        return closed;
    }

    void spawned(Connection c) {
        pending.add(c);
    }

    void established(Connection c) {
        if (pending.contains(c)) {
            ready.addLast(c);
        }
    }

    void gone(Connection c) {
        pending.remove(c);
        ready.remove(c);
    }

    @Override
    public String toString() {
        return "listener on port " + port + " (" + pending.size() + "/" + backlog + ")";
    }
}
