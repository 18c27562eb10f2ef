package dev.tcpstep.statemachine;

import dev.tcpstep.codec.Payload;
import dev.tcpstep.codec.Segment;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiPredicate;

/**
 * Two hosts back to back over a link the test controls: it can drop, duplicate and delay
 * (hence reorder) segments, by rule or by seeded chance. After every step it checks the
 * invariants: SND.UNA =< SND.NXT, RCV.NXT never goes back, only arrows of the RFC 9293
 * §3.3.2 diagram (and its notes) are taken.
 */
final class Net {
    static final InetAddress CLIENT = Fx.addr("192.0.2.1");
    static final InetAddress SERVER = Fx.addr("192.0.2.2");
    static final long MS = 1_000_000L;

    /** The arrows of Figure 5 plus notes 1-3 (RST/ABORT/timeouts to CLOSED or LISTEN). */
    static final Map<State, Set<State>> ARROWS = new EnumMap<>(State.class);

    static {
        ARROWS.put(State.CLOSED, EnumSet.of(State.LISTEN, State.SYN_SENT));
        ARROWS.put(State.LISTEN, EnumSet.of(State.SYN_RECEIVED, State.SYN_SENT, State.CLOSED));
        ARROWS.put(State.SYN_SENT, EnumSet.of(State.SYN_RECEIVED, State.ESTABLISHED, State.CLOSED));
        ARROWS.put(State.SYN_RECEIVED, EnumSet.of(State.ESTABLISHED, State.FIN_WAIT_1, State.LISTEN,
                State.CLOSED));
        ARROWS.put(State.ESTABLISHED, EnumSet.of(State.FIN_WAIT_1, State.CLOSE_WAIT, State.CLOSED));
        ARROWS.put(State.FIN_WAIT_1, EnumSet.of(State.FIN_WAIT_2, State.CLOSING, State.TIME_WAIT, State.CLOSED));
        ARROWS.put(State.FIN_WAIT_2, EnumSet.of(State.TIME_WAIT, State.CLOSED));
        ARROWS.put(State.CLOSE_WAIT, EnumSet.of(State.LAST_ACK, State.CLOSED));
        ARROWS.put(State.CLOSING, EnumSet.of(State.TIME_WAIT, State.CLOSED));
        ARROWS.put(State.LAST_ACK, EnumSet.of(State.CLOSED));
        ARROWS.put(State.TIME_WAIT, EnumSet.of(State.CLOSED));
    }

    record Flight(long at, long order, boolean toServer, Segment seg) {
    }

    final Host client;
    final Host server;
    final List<Event> events = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    final List<Segment> wire = new ArrayList<>();
    private final PriorityQueue<Flight> inFlight = new PriorityQueue<>(
            (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
    private final Map<Connection, Long> lastRcvNxt = new HashMap<>();
    private final Map<Connection, ByteArrayOutputStream> received = new HashMap<>();
    private long order;
    long now;
    long delay = 10 * MS;
    boolean keepEvents = true;

    /** Returns true to drop a segment: (segment, toServer). */
    BiPredicate<Segment, Boolean> dropRule = (s, toServer) -> false;
    SplittableRandom random;
    double loss;
    double dup;
    long jitter;

    Net(Profile clientProfile, IsnSource clientIsn, Profile serverProfile, IsnSource serverIsn) {
        EventListener l = this::onEvent;
        client = new Host("client", CLIENT, clientProfile, clientIsn, l);
        server = new Host("server", SERVER, serverProfile, serverIsn, l);
    }

    static Net teaching() {
        return new Net(Profile.rfc9293(), IsnSource.fixed(0), Profile.rfc9293(), IsnSource.fixed(5000));
    }

    /** How often each state was entered (kept even when events are not). */
    final Map<State, Integer> entered = new EnumMap<>(State.class);

    private void onEvent(Event e) {
        if (keepEvents) {
            events.add(e);
        }
        if (e.transition()) {
            entered.merge(e.to(), 1, Integer::sum);
        }
        if (e.transition() && !ARROWS.get(e.from()).contains(e.to())) {
            violations.add("not an arrow of the diagram: " + e);
        }
    }

    /** Puts segments sent by one host on the link. */
    void send(List<Segment> segs, boolean toServer) {
        for (Segment s : segs) {
            wire.add(s);
            if (dropRule.test(s, toServer)) {
                continue;
            }
            if (random != null && random.nextDouble() < loss) {
                continue;
            }
            long d = delay + (jitter > 0 ? random.nextLong(jitter) : 0);
            inFlight.add(new Flight(now + d, order++, toServer, s));
            if (random != null && random.nextDouble() < dup) {
                inFlight.add(new Flight(now + d + random.nextLong(1, 30 * MS), order++, toServer, s));
            }
        }
    }

    Connection clientConn() {
        return first(client);
    }

    Connection serverConn() {
        return first(server);
    }

    private static Connection first(Host h) {
        for (Connection c : h.connections()) {
            return c;
        }
        return null;
    }

    /** One step: the next delivery or the next timer, whichever is first; false when idle. */
    boolean step(long until) {
        Flight f = inFlight.peek();
        long timer = Math.min(client.nextDeadline(), server.nextDeadline());
        long next = Math.min(f == null ? Long.MAX_VALUE : f.at, timer);
        if (next == Long.MAX_VALUE || next > until) {
            return false;
        }
        now = Math.max(now, next);
        if (f != null && f.at <= timer) {
            inFlight.poll();
            Host to = f.toServer ? server : client;
            send(to.onSegment(now, f.seg), !f.toServer);
        } else {
            send(client.onTimer(now), true);
            send(server.onTimer(now), false);
        }
        check();
        return true;
    }

    /** Steps until nothing is in flight and no timer is due before {@code until}. */
    Net run(long until) {
        int guard = 0;
        while (step(until)) {
            if (++guard > 2_000_000) {
                throw new AssertionError("no quiescence after 2M steps");
            }
        }
        return this;
    }

    /** Delivers what is in flight, leaving timers alone. */
    Net deliver() {
        Flight f;
        while ((f = inFlight.peek()) != null && f.at <= Math.min(client.nextDeadline(), server.nextDeadline())) {
            step(Long.MAX_VALUE);
        }
        return this;
    }

    int inFlight() {
        return inFlight.size();
    }

    /** Reads everything readable at both ends into the per-connection byte streams. */
    void drain() {
        for (Host h : List.of(client, server)) {
            for (Connection c : h.connections()) {
                read(c);
            }
        }
    }

    void read(Connection c) {
        while (c.readable() > 0) {
            CallResult r = c.receive(now, 1 << 20);
            Payload p = r.data();
            received.computeIfAbsent(c, k -> new ByteArrayOutputStream()).writeBytes(p.toArray());
            send(r.sent(), c.tuple().localAddress().equals(CLIENT));
        }
        check();
    }

    byte[] received(Connection c) {
        ByteArrayOutputStream b = received.get(c);
        return b == null ? new byte[0] : b.toByteArray();
    }

    void check() {
        for (Host h : List.of(client, server)) {
            for (Connection c : h.connections()) {
                if (c.iss() >= 0 && !SeqNum.leq(c.sndUna(), c.sndNxt())) {
                    violations.add(c.name() + ": SND.UNA " + c.sndUna() + " > SND.NXT " + c.sndNxt());
                }
                if (c.irs() >= 0) {
                    Long last = lastRcvNxt.get(c);
                    if (last != null && SeqNum.lt(c.rcvNxt(), last)) {
                        violations.add(c.name() + ": RCV.NXT went back from " + last + " to " + c.rcvNxt());
                    }
                    lastRcvNxt.put(c, c.rcvNxt());
                }
            }
        }
    }

    /** The wire so far, one segment per line (for failure messages). */
    String trace() {
        StringBuilder b = new StringBuilder();
        for (Event e : events) {
            b.append(e.time() / MS).append("ms ").append(e.endpoint()).append(": ").append(e).append('\n');
        }
        return b.toString();
    }
}
