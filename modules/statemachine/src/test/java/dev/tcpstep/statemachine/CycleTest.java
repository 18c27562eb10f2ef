package dev.tcpstep.statemachine;

import dev.tcpstep.codec.Payload;
import dev.tcpstep.codec.Segment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The benchmark's cycle, checked for the exact segments a minimal conversation needs. */
class CycleTest {
    final List<String> wire = new ArrayList<>();
    long now;

    @ParameterizedTest
    @ValueSource(strings = {"rfc9293", "modern"})
    void fullCycle_exactSegments(String profile) {
        Profile p = profile.equals("modern") ? Profile.modern() : Profile.rfc9293();
        FourTuple t = new FourTuple(Net.CLIENT, 49152, Net.SERVER, 80);
        Connection c = Connection.create("client", t, p, IsnSource.fixed(0), null);
        Connection s = Connection.create("server", t.reversed(), p, IsnSource.fixed(5000), null);
        s.open(now, false);
        Payload kib = Payload.wrapOwned(new byte[1024]);
        exchange(c, s, c.open(now, true).sent());
        exchange(c, s, c.send(now, kib).sent());
        exchange(s, c, s.receive(now, 4096).sent());
        exchange(s, c, s.send(now, kib).sent());
        exchange(c, s, c.receive(now, 4096).sent());
        exchange(c, s, c.close(now).sent());
        exchange(s, c, s.close(now).sent());
        while (Math.min(c.nextDeadline(), s.nextDeadline()) < now + p.msl()) {
            now = Math.min(c.nextDeadline(), s.nextDeadline());
            exchange(c, s, c.onTimer(now));
            exchange(s, c, s.onTimer(now));
        }
        assertEquals(State.TIME_WAIT, c.state());
        assertEquals(State.CLOSED, s.state());
        now += 2 * p.msl();
        c.onTimer(now);
        assertEquals(State.CLOSED, c.state());
        if (profile.equals("modern")) {
            // delayed ACK: the data's ACKs ride on the reply data and on the FIN
            assertEquals(List.of("client SYN 0", "server SYN,ACK 5000 ack 1", "client ACK 1 ack 5001",
                    "client PSH,ACK 1 ack 5001 len 1024", "server PSH,ACK 5001 ack 1025 len 1024",
                    "client FIN,ACK 1025 ack 6025", "server ACK 6025 ack 1026", "server FIN,ACK 6025 ack 1026",
                    "client ACK 1026 ack 6026"), wire);
            return;
        }
        assertEquals(List.of("client SYN 0", "server SYN,ACK 5000 ack 1", "client ACK 1 ack 5001",
                "client PSH,ACK 1 ack 5001 len 1024", "server ACK 5001 ack 1025",
                "server PSH,ACK 5001 ack 1025 len 1024", "client ACK 1025 ack 6025",
                "client FIN,ACK 1025 ack 6025", "server ACK 6025 ack 1026", "server FIN,ACK 6025 ack 1026",
                "client ACK 1026 ack 6026"), wire);
    }

    private void exchange(Connection from, Connection to, List<Segment> out) {
        List<Segment> pending = out;
        Connection src = from;
        Connection dst = to;
        while (!pending.isEmpty()) {
            List<Segment> next = new ArrayList<>();
            for (Segment seg : pending) {
                wire.add(src.name() + " " + seg.flags() + " " + seg.seq()
                        + (seg.has(dev.tcpstep.codec.TcpFlags.ACK) ? " ack " + seg.ack() : "")
                        + (seg.payload().isEmpty() ? "" : " len " + seg.payload().length()));
                next.addAll(dst.onSegment(now, seg));
            }
            pending = next;
            Connection x = src;
            src = dst;
            dst = x;
        }
    }
}
