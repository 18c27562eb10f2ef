package dev.tcpstep.statemachine;

import dev.tcpstep.codec.Segment;

import java.net.InetAddress;
import java.util.Objects;

/**
 * The pair of sockets that names a connection (RFC 9293 §3.3.1): local address and port,
 * remote address and port, seen from one endpoint.
 *
 * @param localAddress  this end's address
 * @param localPort     this end's port, 0..65535
 * @param remoteAddress the other end's address
 * @param remotePort    the other end's port, 0..65535
 */
public record FourTuple(InetAddress localAddress, int localPort, InetAddress remoteAddress, int remotePort) {
    /**
     * Checks the addresses and the ports' range.
     *
     * @throws NullPointerException if an address is null
     * @throws IllegalArgumentException if a port is not 0..65535
     */
    public FourTuple {
        Objects.requireNonNull(localAddress, "localAddress");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        port("local port", localPort);
        port("remote port", remotePort);
    }

    /**
     * The tuple of the endpoint that receives {@code s}.
     *
     * @param s the segment
     * @return the tuple seen from its receiver
     */
    public static FourTuple ofArriving(Segment s) {
        return new FourTuple(s.dst(), s.dstPort(), s.src(), s.srcPort());
    }

    /**
     * The tuple of the endpoint that sends {@code s}.
     *
     * @param s the segment
     * @return the tuple seen from its sender
     */
    public static FourTuple ofDeparting(Segment s) {
        return new FourTuple(s.src(), s.srcPort(), s.dst(), s.dstPort());
    }

    /** {@return the same connection seen from the other end} */
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
