package dev.tcpstep.codec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Decodes every TCP packet of a capture file. Frames that carry no IP, or IP that is not
 * TCP, are skipped and counted; packets that fail to decode are reported with their
 * {@link MalformedPacketException} and decoding goes on.
 */
public final class CaptureDecoder {
    private CaptureDecoder() {
    }

    /**
     * One TCP packet of a capture: its frame, and either the segment (with anomalies, in
     * lenient mode) or the error.
     *
     * @param frame     the frame as the file holds it
     * @param segment   the decoded segment, or null when it could not be decoded
     * @param anomalies what lenient decoding tolerated (empty in strict mode)
     * @param error     why the packet could not be decoded, or null
     */
    public record Packet(CapturedFrame frame, Segment segment, List<Anomaly> anomalies, MalformedPacketException error) {
        /** {@return true when the packet was decoded} */
        public boolean ok() {
            return error == null;
        }
    }

    /**
     * Totals after a whole file.
     *
     * @param format        the file's format
     * @param frames        every frame read
     * @param tcpPackets    the frames that held TCP, decoded or not
     * @param skippedNonTcp the frames that held something else (ARP, UDP, ...)
     * @param errors        the TCP packets that could not be decoded
     */
    public record Summary(CaptureReader.Format format, int frames, int tcpPackets, int skippedNonTcp, int errors) {
    }

    /**
     * Streams the file's TCP packets to {@code sink}.
     *
     * @param file    a pcap or pcapng file
     * @param lenient decode leniently (keep what can be read, list the anomalies)
     * @param sink    receives each TCP packet, in file order
     * @return the totals
     * @throws IOException if the file cannot be read
     * @throws CaptureFormatException if the file is not a capture this reader knows
     */
    public static Summary decode(Path file, boolean lenient, Consumer<Packet> sink) throws IOException {
        try (CaptureReader r = CaptureReader.open(file)) {
            int frames = 0;
            int tcp = 0;
            int skipped = 0;
            int errors = 0;
            for (CapturedFrame f; (f = r.next()) != null; ) {
                frames++;
                int at = f.ipOffset();
                if (at < 0) {
                    skipped++;
                    continue;
                }
                byte[] d = f.data();
                try {
                    Packet p;
                    if (lenient) {
                        Decoded dec = SegmentCodec.decodeLenient(d, at, d.length - at);
                        p = new Packet(f, dec.segment(), dec.anomalies(), null);
                    } else {
                        p = new Packet(f, SegmentCodec.decode(d, at, d.length - at), List.of(), null);
                    }
                    tcp++;
                    sink.accept(p);
                } catch (MalformedPacketException e) {
                    if (notTcp(e)) {
                        skipped++;
                        continue;
                    }
                    tcp++;
                    errors++;
                    sink.accept(new Packet(f, null, List.of(), e));
                }
            }
            return new Summary(r.format(), frames, tcp, skipped, errors);
        }
    }

    /**
     * All TCP packets of a file in a list.
     *
     * @param file    a pcap or pcapng file
     * @param lenient decode leniently (keep what can be read, list the anomalies)
     * @return the TCP packets in file order
     * @throws IOException if the file cannot be read
     * @throws CaptureFormatException if the file is not a capture this reader knows
     */
    public static List<Packet> decodeAll(Path file, boolean lenient) throws IOException {
        List<Packet> out = new ArrayList<>();
        decode(file, lenient, out::add);
        return out;
    }

    /**
     * Whether a decoding error means "this IP packet carries something other than TCP".
     *
     * @param e the error
     * @return true when the packet is not TCP (rather than broken TCP)
     */
    public static boolean notTcp(MalformedPacketException e) {
        return e.reason() == Anomaly.Reason.UNSUPPORTED
                && (e.field().equals("IPv4 protocol") || e.field().equals("IPv6 next header"));
    }
}
