package dev.tcpstep.statemachine;

import dev.tcpstep.codec.IpHeader;
import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.TcpFlags;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One TCP host: its connections keyed by 4-tuple, its listeners, and the reply for a
 * segment that matches no socket (RFC 9293 §3.10.7.1). Sans-I/O like {@link Connection}:
 * every method takes {@code now} and returns what to send.
 */
public final class Host {
    private final String name;
    private final InetAddress address;
    private final Profile profile;
    private final IsnSource isnSource;
    private final EventListener listener;
    private final Map<FourTuple, Connection> connections = new HashMap<>();
    private final Map<Integer, Listener> listeners = new HashMap<>();

    /**
     * Armed timers, earliest first, so {@link #nextDeadline()} and {@link #onTimer} look at no
     * connection that has nothing due (a host may hold 10^6). TIME-WAIT connections wait in
     * their own heap, so "is anything but TIME-WAIT due?" ({@link #nextActiveDeadline()}) is
     * one look at a head. Both order by (deadline, arming order), one arming counter for both.
     */
    private final Deadlines active = new Deadlines();
    private final Deadlines idle = new Deadlines();
    private long armedOrder;

    /** The IP header of the last connection made (most connections of a host go to the same peer). */
    private IpHeader lastIp;

    /**
     * A host with no connections and no listeners yet.
     *
     * @param name      the endpoint name events carry (e.g. {@code client})
     * @param address   this host's address
     * @param profile   knobs for every connection
     * @param isnSource ISN choice for every connection
     * @param listener  receives every event; null for none
     */
    public Host(String name, InetAddress address, Profile profile, IsnSource isnSource, EventListener listener) {
        this.name = Objects.requireNonNull(name, "name");
        this.address = Objects.requireNonNull(address, "address");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.isnSource = Objects.requireNonNull(isnSource, "isnSource");
        this.listener = listener;
    }

    /** {@return the endpoint name this host's events carry} */
    public String name() {
        return name;
    }

    /** {@return this host's address} */
    public InetAddress address() {
        return address;
    }

    /** {@return the knobs every connection of this host runs with} */
    public Profile profile() {
        return profile;
    }

    /**
     * Active OPEN (§3.10.1) to {@code remote:remotePort} from {@code localPort}.
     *
     * @param now        the current time, virtual nanoseconds
     * @param localPort  the local port
     * @param remote     the remote address
     * @param remotePort the remote port
     * @return ok with the SYN sent, or "error: connection already exists" when this 4-tuple is in use
     *         (nothing changes)
     * @throws IllegalArgumentException if a port is not 0..65535 (a programming error)
     * @throws NullPointerException     if {@code remote} is null (a programming error)
     */
    public CallResult open(long now, int localPort, InetAddress remote, int remotePort) {
        FourTuple t = new FourTuple(address, localPort, remote, remotePort);
        Connection c = connections.get(t);
        if (c == null) {
            c = new Connection(this, null, name, profile, isnSource, listener, t);
            connections.put(t, c);
        }
        return c.open(now, true);
    }

    /**
     * Passive OPEN with the remote socket specified: one connection waits in LISTEN for that peer.
     *
     * @param now        the current time, virtual nanoseconds
     * @param localPort  the local port
     * @param remote     the remote address
     * @param remotePort the remote port
     * @return ok with the connection in LISTEN, or "error: connection already exists" when this
     *         4-tuple is in use (nothing changes)
     * @throws IllegalArgumentException if a port is not 0..65535 (a programming error)
     * @throws NullPointerException     if {@code remote} is null (a programming error)
     */
    public CallResult openPassive(long now, int localPort, InetAddress remote, int remotePort) {
        FourTuple t = new FourTuple(address, localPort, remote, remotePort);
        Connection c = connections.get(t);
        if (c == null) {
            c = new Connection(this, null, name, profile, isnSource, listener, t);
            connections.put(t, c);
        }
        return c.open(now, false);
    }

    /**
     * Passive OPEN with the remote socket unspecified, the profile's backlog.
     *
     * @param port the local port, 0..65535
     * @return ok with the new {@link CallResult#listener() listener} (state LISTEN), or
     *         "error: connection already exists" when the port already listens (nothing changes)
     * @throws IllegalArgumentException if the port is out of range (a programming error)
     */
    public CallResult listen(int port) {
        return listen(port, profile.backlog());
    }

    /**
     * Passive OPEN with the remote socket unspecified.
     *
     * @param port    the local port, 0..65535
     * @param backlog the most half-open plus not-yet-accepted connections, at least 1
     * @return ok with the new {@link CallResult#listener() listener} (state LISTEN), or
     *         "error: connection already exists" when the port already listens (nothing changes)
     * @throws IllegalArgumentException if the port or the backlog is out of range (a programming error)
     */
    public CallResult listen(int port, int backlog) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port " + port + " (expected: 0..65535)");
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog " + backlog + " (expected: >= 1)");
        }
        if (listeners.containsKey(port)) {
            // RFC 9293 §3.10.1: "Return "error: connection already exists"." (the answer to an OPEN on a socket
            // already in use; here a passive OPEN on a port that already listens)
            return CallResult.failed(null, TcpError.CONNECTION_ALREADY_EXISTS, State.LISTEN);
        }
        Listener l = new Listener(this, port, backlog);
        listeners.put(port, l);
        return new CallResult(null, null, List.of(), null, State.LISTEN, l);
    }

    void unlisten(Listener l) {
        listeners.remove(l.port(), l);
    }

    /**
     * The listener on {@code port}, or null.
     *
     * @param port the local port
     * @return the listener on it, or null
     */
    public Listener listener(int port) {
        return listeners.get(port);
    }

    /**
     * The connection with this 4-tuple (seen from this host), or null.
     *
     * @param t the 4-tuple, seen from this host
     * @return the connection, or null
     */
    public Connection connection(FourTuple t) {
        return connections.get(t);
    }

    /** {@return the live connections (CLOSED ones are deleted, as the RFC deletes their TCB)} */
    public Collection<Connection> connections() {
        return List.copyOf(connections.values());
    }

    /**
     * SEGMENT ARRIVES (§3.10.7) for this host: to its connection, its listener, or the CLOSED rules.
     *
     * @param now the current time, virtual nanoseconds
     * @param s   the segment that arrived, addressed to this host
     * @return the segments to send in reply (empty when none)
     */
    public List<Segment> onSegment(long now, Segment s) {
        FourTuple t = FourTuple.ofArriving(s);
        Connection c = connections.get(t);
        if (c != null) {
            return c.onSegment(now, s);
        }
        Listener l = listeners.get(s.dstPort());
        if (l != null) {
            return listenerArrives(now, l, t, s);
        }
        Segment r = Connection.resetFor(s, IpHeader.of(s.dst(), s.src()));
        if (listener != null) {
            Event.Cause cause = new Event.Cause.Arrival(s);
            String text = r == null ? "dropped: RST for no connection is discarded"
                    : "no connection: " + r.flags() + " owed (seq " + r.seq() + (r.has(TcpFlags.ACK) ? ", ack "
                    + r.ack() : "") + ")";
            listener.onEvent(new Event(now, name, State.CLOSED, State.CLOSED, Event.Kind.DROP, cause, text,
                    r == null ? List.of() : List.of(r), "3.10.7.1", null));
        }
        return r == null ? List.of() : List.of(r);
    }

    private List<Segment> listenerArrives(long now, Listener l, FourTuple t, Segment s) {
        boolean spawn = s.has(TcpFlags.SYN) && !s.has(TcpFlags.RST) && !s.has(TcpFlags.ACK);
        if (spawn && l.full()) {
            if (listener != null) {
                listener.onEvent(new Event(now, name, State.LISTEN, State.LISTEN, Event.Kind.DROP,
                        new Event.Cause.Arrival(s), "dropped: SYN, backlog of " + l.backlog() + " is full",
                        List.of(), "3.9.1.1", null));
            }
            return List.of();
        }
        Connection c = new Connection(this, spawn ? l : null, name, profile, isnSource, listener, t);
        c.spawnListening();
        List<Segment> out = c.onSegment(now, s);
        if (spawn && c.state() == State.SYN_RECEIVED) {
            connections.put(t, c);
            l.spawned(c);
            arm(c); // its step ended before it was kept
        }
        return out;
    }

    /**
     * Runs the timers of every connection due at {@code now}, earliest deadline first.
     *
     * @param now the current time, virtual nanoseconds
     * @return the segments the timers send, in deadline order
     */
    public List<Segment> onTimer(long now) {
        List<Segment> out = null;
        List<Connection> deferred = null;
        long start = armedOrder;
        while (nextDeadline() <= now) {
            Connection c = earlier().poll();
            if (c.timerOrder >= start) {
                // armed during this call: each connection runs its timers at most once per call
                if (deferred == null) {
                    deferred = new ArrayList<>(2);
                }
                deferred.add(c);
                continue;
            }
            List<Segment> o = c.onTimer(now);
            if (!o.isEmpty()) {
                if (out == null) {
                    out = new ArrayList<>(o);
                } else {
                    out.addAll(o);
                }
            }
        }
        if (deferred != null) {
            for (Connection c : deferred) {
                arm(c);
            }
        }
        return out == null ? List.of() : out;
    }

    /** {@return the earliest deadline of any connection, or {@link Connection#NEVER}} */
    public long nextDeadline() {
        Deadlines h = earlier();
        return h == null ? Connection.NEVER : h.headAt();
    }

    /**
     * The earliest deadline of a connection that is not in TIME-WAIT: a simulation that runs
     * "until only long idle timers are left" asks this instead of looking at every connection.
     *
     * @return that deadline, or {@link Connection#NEVER} when only TIME-WAIT timers (or none) are armed
     */
    public long nextActiveDeadline() {
        settle(active);
        return active.size == 0 ? Connection.NEVER : active.headAt();
    }

    /** {@return how many connections this host holds (CLOSED ones are deleted)} */
    public int connectionCount() {
        return connections.size();
    }

    /** The heap whose head is due first (ties: the one armed first), or null when nothing is armed. */
    private Deadlines earlier() {
        settle(active);
        settle(idle);
        if (active.size == 0) {
            return idle.size == 0 ? null : idle;
        }
        if (idle.size == 0) {
            return active;
        }
        Connection a = active.heap[0];
        Connection b = idle.heap[0];
        return Deadlines.before(b, a) ? idle : active;
    }

    /**
     * Re-arms a head whose connection's deadline moved without a step (a setter such as
     * {@link Connection#keepAlive(long, boolean)}), until the head is what it says.
     */
    private void settle(Deadlines h) {
        while (h.size > 0) {
            Connection c = h.heap[0];
            if (c.nextDeadline() == c.timerAt && (c.state() == State.TIME_WAIT) == (h == idle)) {
                return;
            }
            arm(c);
        }
    }

    /** Records a connection's deadline after each of its steps: into the right heap, or out of both. */
    void arm(Connection c) {
        long d = c.nextDeadline();
        Deadlines want = d == Connection.NEVER || connections.get(c.tuple()) != c ? null
                : c.state() == State.TIME_WAIT ? idle : active;
        Deadlines in = c.timerSlot < 0 ? null : c.timerIdle ? idle : active;
        if (in == want && (want == null || c.timerAt == d)) {
            return;
        }
        if (in != null) {
            in.remove(c);
        }
        if (want != null) {
            c.timerAt = d;
            c.timerOrder = armedOrder++;
            c.timerIdle = want == idle;
            want.add(c);
        }
    }

    /**
     * A binary min-heap of connections by (deadline, arming order), each connection knowing its
     * slot, so a moved deadline is one sift (O(log n)) and nothing stale is left behind.
     * Compared on primitives: no comparator object.
     */
    private static final class Deadlines {
        private Connection[] heap = new Connection[8];
        private int size;

        static boolean before(Connection a, Connection b) {
            return a.timerAt < b.timerAt || (a.timerAt == b.timerAt && a.timerOrder < b.timerOrder);
        }

        long headAt() {
            return heap[0].timerAt;
        }

        void add(Connection c) {
            if (size == heap.length) {
                heap = java.util.Arrays.copyOf(heap, size * 2);
            }
            heap[size] = c;
            c.timerSlot = size;
            size++;
            up(c.timerSlot);
        }

        Connection poll() {
            Connection c = heap[0];
            remove(c);
            return c;
        }

        void remove(Connection c) {
            int i = c.timerSlot;
            size--;
            Connection last = heap[size];
            heap[size] = null;
            c.timerSlot = -1;
            if (i == size) {
                return;
            }
            heap[i] = last;
            last.timerSlot = i;
            if (!up(i)) {
                down(i);
            }
        }

        /** Sifts slot {@code i} up; true when it moved. */
        private boolean up(int i) {
            Connection c = heap[i];
            int start = i;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                Connection p = heap[parent];
                if (!before(c, p)) {
                    break;
                }
                heap[i] = p;
                p.timerSlot = i;
                i = parent;
            }
            heap[i] = c;
            c.timerSlot = i;
            return i != start;
        }

        private void down(int i) {
            Connection c = heap[i];
            int half = size >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                Connection l = heap[child];
                int right = child + 1;
                if (right < size && before(heap[right], l)) {
                    child = right;
                    l = heap[child];
                }
                if (!before(l, c)) {
                    break;
                }
                heap[i] = l;
                l.timerSlot = i;
                i = child;
            }
            heap[i] = c;
            c.timerSlot = i;
        }
    }

    /**
     * Records a hand-crafted segment as sent by this host (see {@link Connection#sendCrafted}):
     * the connection is the one {@code s} belongs to, created CLOSED when there is none.
     *
     * @param now the current time, virtual nanoseconds
     * @param s   the segment a person made this host send
     * @return the events it caused
     */
    public List<Event> sendCrafted(long now, Segment s) {
        Connection c = connections.get(FourTuple.ofDeparting(s));
        return sendCrafted(now, s, c == null ? List.of() : c.lastOut());
    }

    /**
     * As {@link #sendCrafted(long, Segment)}, judged by {@link Coach} against {@code suggestion}:
     * what this host was shown to owe (a connection's reply, or the reset a CLOSED port or a
     * listener gives, §3.10.7.1–2). A segment equal to the suggestion is exactly accepting it:
     * nothing changes and no connection is made for it.
     *
     * @param now        the current time, virtual nanoseconds
     * @param s          the segment a person made this host send
     * @param suggestion the segments this host was shown to owe; may be empty
     * @return the events it caused; none when {@code s} equals the suggestion
     */
    public List<Event> sendCrafted(long now, Segment s, List<Segment> suggestion) {
        FourTuple t = FourTuple.ofDeparting(s);
        Connection c = connections.get(t);
        if (c == null) {
            if (Coach.matching(s, suggestion) != null) {
                return List.of();
            }
            c = new Connection(this, null, name, profile, isnSource, listener, t);
            connections.put(t, c);
        }
        return c.sendCrafted(now, s, suggestion);
    }

    /**
     * What RFC 9293 had the connection of this tuple send last, and why; empty advice when there is none.
     *
     * @param t the 4-tuple, seen from this host
     * @return the advice, empty when there is none
     */
    public Advice advice(FourTuple t) {
        Connection c = connections.get(t);
        return c == null ? new Advice(List.of(), List.of("no connection " + t)) : c.advice();
    }

    /** One shared (immutable) IP header per address pair, so each TCB need not hold its own. */
    IpHeader ipHeader(InetAddress local, InetAddress remote) {
        IpHeader h = lastIp;
        if (h == null || !h.src().equals(local) || !h.dst().equals(remote)) {
            h = IpHeader.of(local, remote);
            lastIp = h;
        }
        return h;
    }

    void afterStep(Connection c) {
        Listener parent = c.parent();
        if (c.state() == State.CLOSED || (c.state() == State.LISTEN && parent != null)) {
            connections.remove(c.tuple(), c);
            if (parent != null) {
                parent.gone(c);
            }
        }
        arm(c); // after the removal: a deleted TCB leaves both heaps
    }

    @Override
    public String toString() {
        return name + " " + address.getHostAddress() + " (" + connections.size() + " connections, "
                + listeners.size() + " listeners)";
    }
}
