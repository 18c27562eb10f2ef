/**
 * The codec: the vocabulary of tcpstep. Everything above it speaks in decoded
 * {@link dev.tcpstep.codec.Segment}s; bytes exist only here, on the wire and in files.
 *
 * <ul>
 *   <li>Values: {@code Segment}, {@code IpHeader}, {@code TcpFlags}, {@code TcpOption}, {@code Payload}.
 *   <li>Bytes to values and back: {@code SegmentCodec} (strict, lenient, encode), with
 *       {@code MalformedPacketException}, {@code Anomaly} and {@code Decoded}. Strict decoding
 *       rejects an IPv4 header checksum that does not verify; lenient decoding lists it as an
 *       anomaly. {@code SegmentCodec.decodeOwned} and {@code Payload.wrapOwned} share a
 *       caller's array instead of copying it: the caller hands the array over and never
 *       writes it again (see {@code SegmentCodec}: who owns the bytes).
 *       {@code SegmentCodec.decodeTrusted} is the explicit trusted path for bytes this
 *       program encoded itself and nobody changed (a simulation's wire): it skips
 *       re-validation; outside input never takes it.
 *   <li>Zero-copy views: {@code PacketView} with {@code Ipv4HeaderView}, {@code Ipv6HeaderView},
 *       {@code TcpHeaderView}.
 *   <li>Text: {@code TcpdumpFormat}, {@code FieldView}, {@code HexDump}, {@code SegmentJson}.
 *   <li>Files: {@code CaptureReader}, {@code CaptureWriter}, {@code CaptureDecoder},
 *       {@code CapturedFrame}, {@code CaptureRecord}, {@code LinkType}, {@code CaptureFormatException}.
 * </ul>
 *
 * Field offsets live in one holder, {@code dev.tcpstep.codec.internal.Field}, not exported.
 */
module dev.tcpstep.codec {
    requires transitive dev.tcpstep.checksum;

    exports dev.tcpstep.codec;
}
