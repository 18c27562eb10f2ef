/**
 * The codec: the vocabulary of tcpstep. Everything above it speaks in decoded
 * {@link dev.tcpstep.codec.Segment}s; bytes exist only here, on the wire and in files.
 */
module dev.tcpstep.codec {
    requires transitive dev.tcpstep.checksum;

    exports dev.tcpstep.codec;
}
