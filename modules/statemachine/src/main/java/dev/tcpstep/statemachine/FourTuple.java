package dev.tcpstep.statemachine;

import dev.tcpstep.codec.Segment;

import java.net.InetAddress;
import java.util.Objects;

/**
 * The pair of sockets that names a connection (RFC 9293 §3.3.1): local address and port,
 * remote address and port, seen from one endpoint.
 */
public record FourTuple(InetAddress localAddress, int localPort, InetAddress remoteAddress, int remotePort) {
    public FourTuple {
        Objects.requireNonNull(localAddress, "localAddress");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        port("local port", localPort);
        port("remote port", remotePort);
    }

    /** The tuple of the endpoint that receives {@code s}. */
    public static FourTuple ofArriving(Segment s) {
        return new FourTuple(s.dst(), s.dstPort(), s.src(), s.srcPort());
    }

    /** The tuple of the endpoint that sends {@code s}. */
    public static FourTuple ofDeparting(Segment s) {
        return new FourTuple(s.src(), s.srcPort(), s.dst(), s.dstPort());
    }

    /** The same connection seen from the other end. */
    public FourTuple reversed() {
        return new FourTuple(remoteAddress, remotePort, localAddress, localPort);
    }

    @Override
    public String toString() {
        return localAddress.getHostAddress() + "." + localPort + " <-> " + remoteAddress.getHostAddress() + "."
                + remotePort;
    }

    private static void port(String what, int p) {
        if (p < 0 || p > 0xFFFF) {
            throw new IllegalArgumentException(what + " " + p + " (expected: 0..65535)");
        }
    }
}
