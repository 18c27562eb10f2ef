package dev.tcpstep.codec;

import dev.tcpstep.codec.internal.Layout;
import dev.tcpstep.codec.internal.Source;

import java.nio.ByteBuffer;

/**
 * A zero-copy, reusable view of an IP packet carrying TCP (smoltcp's {@code Packet<T>}).
 * {@link #wrap} runs the same checks as strict {@link SegmentCodec#decode} — the one length
 * check — and after it returns no accessor here or in the header views throws, and reading
 * a field allocates nothing.
 *
 * <pre>{@code
 * PacketView v = new PacketView();          // once
 * v.wrap(bytes, 0, n);                      // per packet; throws MalformedPacketException
 * if (v.tcp().has(TcpFlags.SYN)) ... v.tcp().seq() ...
 * }</pre>
 *
 * <p>Not thread-safe; the bytes must not change while viewed.
 */
public final class PacketView {
    private final Source source = new Source();
    private final Layout layout = new Layout();
    private final Ipv4HeaderView ipv4 = new Ipv4HeaderView(source, layout);
    private final Ipv6HeaderView ipv6 = new Ipv6HeaderView(source, layout);
    private final TcpHeaderView tcp = new TcpHeaderView(source, layout);

    /** An empty view; point it at a packet with {@link #wrap}. Reuse it for every packet. */
    public PacketView() {
    }

    /**
     * Points the view at {@code length} bytes from {@code offset}.
     *
     * @param packet the bytes holding the packet (not copied: the view reads them in place)
     * @param offset index of the IP header's first byte
     * @param length the packet's length in bytes
     * @return this view
     * @throws MalformedPacketException if the packet is not a well-formed IP packet holding TCP
     */
    public PacketView wrap(byte[] packet, int offset, int length) {
        source.set(packet, offset, length);
        layout.parse(source);
        return this;
    }

    /**
     * Points the view at a whole array.
     *
     * @param packet the packet (not copied)
     * @return this view
     * @throws MalformedPacketException if the packet is not a well-formed IP packet holding TCP
     */
    public PacketView wrap(byte[] packet) {
        return wrap(packet, 0, packet.length);
    }

    /**
     * Points the view at the buffer's remaining bytes (heap or direct); the buffer is not changed.
     *
     * @param packet the packet from the buffer's position to its limit
     * @return this view
     * @throws MalformedPacketException if the packet is not a well-formed IP packet holding TCP
     */
    public PacketView wrap(ByteBuffer packet) {
        source.set(packet);
        layout.parse(source);
        return this;
    }

    /** {@return the IP version, 4 or 6} */
    public int ipVersion() {
        return layout.version;
    }

    /** {@return the IPv4 header; meaningful when {@link #ipVersion()} is 4} */
    public Ipv4HeaderView ipv4() {
        return ipv4;
    }

    /** {@return the IPv6 header; meaningful when {@link #ipVersion()} is 6} */
    public Ipv6HeaderView ipv6() {
        return ipv6;
    }

    /** {@return the TCP header} */
    public TcpHeaderView tcp() {
        return tcp;
    }

    /** {@return the IP packet's length per its header (bytes after it, such as link padding, excluded)} */
    public int packetLength() {
        return layout.end;
    }

    /** {@return the IP header length, IPv6 extension headers included} */
    public int ipHeaderLength() {
        return layout.ipHeaderLength;
    }
}
