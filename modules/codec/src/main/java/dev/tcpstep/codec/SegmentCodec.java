package dev.tcpstep.codec;

import dev.tcpstep.codec.internal.Encoder;
import dev.tcpstep.codec.internal.Layout;
import dev.tcpstep.codec.internal.Reader;
import dev.tcpstep.codec.internal.Source;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes to {@link Segment} and back. The input to decoding is one IP packet (IPv4 or IPv6,
 * starting at the version nibble) carrying TCP; bytes after the IP length (link-layer
 * padding) are ignored.
 *
 * <ul>
 *   <li>{@link #decode(byte[])}: strict; the first problem throws
 *       {@link MalformedPacketException}. A wrong checksum is not a problem here: it is
 *       reported as {@link Segment#checksumValid()} (and {@link IpHeader.V4#headerChecksumValid()}).
 *   <li>{@link #decodeLenient(byte[])}: decodes what it can and lists the anomalies;
 *       throws only when nothing can be decoded (not IP, not TCP, no whole TCP header).
 *   <li>{@link #isWellFormed(byte[])}: the same check as strict decoding, as a boolean.
 *   <li>{@link #encode(Segment)}: fills the data offset, padding, IP lengths and both
 *       checksums unless the segment sets them.
 * </ul>
 *
 * <p>Every error offset counts from the first byte of the IP header.
 */
public final class SegmentCodec {
    private SegmentCodec() {
    }

    /**
     * Strict decode of a whole array.
     *
     * @param packet the bytes, starting with the IP header
     * @return the segment, its checksum verdict included
     * @throws MalformedPacketException on any problem, naming the field and offset
     */
    public static Segment decode(byte[] packet) {
        return decode(packet, 0, packet.length);
    }

    /**
     * Strict decode of {@code length} bytes from {@code offset}.
     *
     * @param packet the bytes holding the packet
     * @param offset index of the IP header's first byte
     * @param length the packet's length in bytes
     * @return the segment, its checksum verdict included
     * @throws MalformedPacketException on any problem, naming the field and offset
     */
    public static Segment decode(byte[] packet, int offset, int length) {
        Source s = new Source().set(packet, offset, length);
        Layout l = new Layout();
        l.parse(s);
        return Reader.segment(s, l);
    }

    /**
     * Strict decode of the buffer's remaining bytes; the buffer is not changed.
     *
     * @param packet the packet from the buffer's position to its limit
     * @return the segment, its checksum verdict included
     * @throws MalformedPacketException on any problem, naming the field and offset
     */
    public static Segment decode(ByteBuffer packet) {
        Source s = new Source().set(packet);
        Layout l = new Layout();
        l.parse(s);
        return Reader.segment(s, l);
    }

    /**
     * Lenient decode: the segment as far as it can be decoded plus every anomaly. Recovers
     * from: IP lengths that disagree with the bytes present, the IPv4 reserved flag, a data
     * offset below 5 or beyond the segment, option lengths that are wrong for their kind
     * (kept as {@link TcpOption.Unknown}) or run past the header (parsing stops there).
     *
     * @param packet the bytes holding the packet
     * @param offset index of the IP header's first byte
     * @param length the packet's length in bytes
     * @return the segment and what was wrong with the packet
     * @throws MalformedPacketException when nothing can be decoded
     */
    public static Decoded decodeLenient(byte[] packet, int offset, int length) {
        Source s = new Source().set(packet, offset, length);
        Layout l = new Layout();
        List<Anomaly> anomalies = new ArrayList<>(2);
        l.parse(s, anomalies);
        Segment seg = Reader.segment(s, l);
        return new Decoded(seg, anomalies);
    }

    /**
     * Lenient decode of a whole array, as {@link #decodeLenient(byte[], int, int)}.
     *
     * @param packet the bytes, starting with the IP header
     * @return the segment and what was wrong with the packet
     * @throws MalformedPacketException when nothing can be decoded
     */
    public static Decoded decodeLenient(byte[] packet) {
        return decodeLenient(packet, 0, packet.length);
    }

    /**
     * Whether strict decoding would accept the packet (checksums are not checked).
     *
     * @param packet the bytes holding the packet
     * @param offset index of the IP header's first byte
     * @param length the packet's length in bytes
     * @return true when {@link #decode(byte[], int, int)} would not throw
     */
    public static boolean isWellFormed(byte[] packet, int offset, int length) {
        try {
            new Layout().parse(new Source().set(packet, offset, length));
            return true;
        } catch (MalformedPacketException e) {
            return false;
        }
    }

    /**
     * Whether strict decoding would accept the whole array (checksums are not checked).
     *
     * @param packet the bytes, starting with the IP header
     * @return true when {@link #decode(byte[])} would not throw
     */
    public static boolean isWellFormed(byte[] packet) {
        return isWellFormed(packet, 0, packet.length);
    }

    /**
     * The packet's bytes, with the data offset, padding, IP lengths and checksums filled in
     * unless the segment sets them.
     *
     * @param segment the segment to encode
     * @return a new array holding the IP packet
     * @throws IllegalArgumentException when the options exceed 40 bytes or the packet 65535
     */
    public static byte[] encode(Segment segment) {
        return Encoder.encode(segment);
    }

    /**
     * Encodes into {@code dst} at {@code offset}.
     *
     * @param segment the segment to encode
     * @param dst     the array to write into, with room for {@link #encodedLength(Segment)} bytes
     * @param offset  where the IP header starts in {@code dst}
     * @return the number of bytes written
     * @throws IllegalArgumentException when the options exceed 40 bytes or the packet 65535
     */
    public static int encode(Segment segment, byte[] dst, int offset) {
        return Encoder.encode(segment, dst, offset);
    }

    /**
     * Encodes into the buffer at its position, which advances.
     *
     * @param segment the segment to encode
     * @param dst     the buffer, with room for {@link #encodedLength(Segment)} bytes
     * @throws IllegalArgumentException when the options exceed 40 bytes or the packet 65535
     */
    public static void encode(Segment segment, ByteBuffer dst) {
        if (dst.hasArray()) {
            int n = Encoder.encode(segment, dst.array(), dst.arrayOffset() + dst.position());
            dst.position(dst.position() + n);
        } else {
            dst.put(Encoder.encode(segment));
        }
    }

    /**
     * How many bytes {@link #encode(Segment)} writes.
     *
     * @param segment the segment
     * @return the IP packet's length in bytes
     */
    public static int encodedLength(Segment segment) {
        return Encoder.length(segment);
    }

    /**
     * The TCP header length the encoder writes: 20 plus padded options (or a larger forced data offset).
     *
     * @param segment the segment
     * @return the TCP header's length in bytes
     */
    public static int tcpHeaderLength(Segment segment) {
        return Encoder.tcpHeaderLength(segment);
    }

    /**
     * The IP header length the encoder writes (IPv6: with extension headers).
     *
     * @param ip the header
     * @return its length in bytes
     */
    public static int ipHeaderLength(IpHeader ip) {
        return Encoder.ipHeaderLength(ip);
    }
}
