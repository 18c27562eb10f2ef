package dev.tcpstep.examples;

import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.SegmentCodec;
import dev.tcpstep.codec.TcpFlags;
import dev.tcpstep.statemachine.Connection;
import dev.tcpstep.statemachine.FourTuple;
import dev.tcpstep.statemachine.IsnSource;
import dev.tcpstep.statemachine.Profile;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The state machine on its own, without the link module: two {@link Connection}s, time
 * passed in as a number, and the segments each returns carried to the other by this
 * program (through the codec, as bytes) until neither has anything left to send.
 */
public final class SansIo {
    private SansIo() {
    }

    /**
     * Runs the three-way handshake and prints each segment and the states it leaves.
     *
     * @param args ignored
     * @throws Exception if an address cannot be built (never, for literal addresses)
     */
    public static void main(String[] args) throws Exception {
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("192.0.2.2");
        Connection client = Connection.create("client", new FourTuple(a, 49152, b, 80), Profile.rfc9293(),
                IsnSource.fixed(0), null);
        Connection server = Connection.create("server", new FourTuple(b, 80, a, 49152), Profile.rfc9293(),
                IsnSource.fixed(5000), null);
        long now = 0;
        server.open(now, false);                                   // passive OPEN: LISTEN
        List<Segment> inFlight = new ArrayList<>(client.open(now, true).sent());  // active OPEN: a SYN
        while (!inFlight.isEmpty()) {
            now += 1_000_000;                                      // 1 ms on the wire
            List<Segment> next = new ArrayList<>();
            for (Segment s : inFlight) {
                Segment arrived = SegmentCodec.decode(SegmentCodec.encode(s));
                Connection to = arrived.dstPort() == 80 ? server : client;
                next.addAll(to.onSegment(now, arrived));
                System.out.printf("%-6s <- seq %d%s: client %s, server %s%n", to.name(), arrived.seq(),
                        arrived.has(TcpFlags.ACK) ? " ack " + arrived.ack() : "", client.state(), server.state());
            }
            inFlight = next;
        }
    }
}
