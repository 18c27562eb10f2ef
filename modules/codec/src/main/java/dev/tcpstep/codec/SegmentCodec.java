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
 *       {@link MalformedPacketException}, an IPv4 header checksum that does not verify
 *       included (field {@code IPv4 header checksum}, byte 10, found and expected value;
 *       RFC 1122 §3.2.1.2). A wrong TCP checksum is not a problem here: it is TCP's to
 *       judge and is reported as {@link Segment#checksumValid()}. The payload is a copy.
 *   <li>{@link #decodeOwned(byte[], int, int)}: the same checks, but the caller hands the
 *       array over and the payload shares it instead of copying (see below).
 *   <li>{@link #decodeTrusted(Segment, byte[])}: for a simulation's own encode-then-deliver
 *       path only; no re-validation of bytes this program just wrote from a record.
 *   <li>{@link #decodeLenient(byte[])}: decodes what it can and lists the anomalies;
 *       throws only when nothing can be decoded (not IP, not TCP, no whole TCP header).
 *   <li>{@link #isWellFormed(byte[])}: the same check as strict decoding, as a boolean.
 *   <li>{@link #encode(Segment)}: fills the data offset, padding, IP lengths and both
 *       checksums unless the segment sets them.
 * </ul>
 *
 * <p>Every error offset counts from the first byte of the IP header.
 *
 * <p><b>Who owns the bytes.</b> {@code decode} never keeps a reference to its input: the
 * caller may reuse the array (a receive buffer) at once. {@code decodeOwned} is for a caller
 * that is done with the array — a packet just read into a fresh array, or bytes a simulated
 * wire delivered: the segment's {@link Payload} is a slice of that array, so after the call
 * the array belongs to the segment and must never be written again (a {@code Payload}
 * exposes its bytes only as copies and read-only views, so the segment stays immutable as
 * long as the caller keeps that promise). Both verify the checksums over the input in
 * place, without copying it.
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
     * Strict decode that takes ownership of {@code packet}: the same checks and checksum
     * verification as {@link #decode(byte[], int, int)}, but the payload is a slice of
     * {@code packet} instead of a copy. The caller must not change the array afterwards.
     *
     * @param packet the bytes holding the packet, from now on owned by the segment
     * @param offset index of the IP header's first byte
     * @param length the packet's length in bytes
     * @return the segment, its checksum verdict included
     * @throws MalformedPacketException on any problem (the array is then not kept)
     */
    public static Segment decodeOwned(byte[] packet, int offset, int length) {
        Source s = new Source().set(packet, offset, length);
        Layout l = new Layout();
        l.parse(s);
        return Reader.segment(s, l, true);
    }

    /**
     * {@link #decodeOwned(byte[], int, int)} of a whole array.
     *
     * @param packet the bytes, starting with the IP header, from now on owned by the segment
     * @return the segment, its checksum verdict included
     * @throws MalformedPacketException on any problem (the array is then not kept)
     */
    public static Segment decodeOwned(byte[] packet) {
        return decodeOwned(packet, 0, packet.length);
    }

    /**
     * Trusted internal path: what {@code decode(encoded)} returns, taken from {@code sent}
     * instead of parsing the bytes again — for bytes this program produced with
     * {@code encode(sent)} and nobody has changed since (a simulated wire that did not corrupt
     * them). Skips the structural checks, both checksum verifications and the payload copy
     * (the payload is {@code sent}'s, already immutable). Where {@code sent} holds a value the
     * encoder writes as-is and decoding might read differently or reject (forced lengths,
     * data offset or checksums, IPv4 fragment fields, IPv6 extension headers, options that
     * need padding or are {@code Unknown}/{@code EndOfList}), it decodes {@code encoded}
     * after all, so the answer is always the one {@code decode} gives.
     *
     * <p>Never for outside input: bytes from a socket, a file, a capture or a user go through
     * {@link #decode(byte[])}. A simulated wire that flipped a bit must decode the damaged bytes.
     *
     * @param sent    the segment this program encoded
     * @param encoded the bytes {@code encode(sent)} produced, unchanged since
     * @return the segment {@code decode(encoded)} would return
     * @throws IllegalArgumentException when {@code encoded} is not as long as {@code sent} encodes
     *         (a programming error: these are not its bytes)
     * @throws MalformedPacketException where {@code decode(encoded)} would throw
     */
    public static Segment decodeTrusted(Segment sent, byte[] encoded) {
        int expected = Encoder.length(sent);
        if (encoded.length != expected) {
            throw new IllegalArgumentException("encoded packet of " + encoded.length + " bytes (expected: "
                    + expected + ", the length of the segment encoded)");
        }
        Segment s = Reader.fromEncoded(sent, encoded);
        return s != null ? s : decode(encoded);
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
     * True when strict decoding would accept the packet: the same checks, the IPv4 header
     * checksum included (the TCP checksum is not checked).
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
