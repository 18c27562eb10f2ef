package dev.tcpstep.codec;

import dev.tcpstep.codec.internal.Field;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes captures that Wireshark, tshark and tcpdump open without complaint: pcapng (one
 * Section Header, one Interface Description with link type RAW and nanosecond
 * resolution, one Enhanced Packet Block per packet with its comment) or classic pcap
 * (link type RAW, microsecond or nanosecond magic). Little-endian, as most writers do.
 *
 * <p>Files are written atomically: to a temporary file in the same directory, then renamed
 * over the target, so a reader never sees half a file and a failure leaves the old one.
 */
public final class CaptureWriter {
    private static final String APPLICATION = "tcpstep";

    private CaptureWriter() {
    }

    /**
     * Writes a pcapng file, RAW link type, with each record's comment.
     *
     * @param file    the target; its directory must exist
     * @param packets the packets in order
     * @throws IOException if the file cannot be written; the target is unchanged
     */
    public static void writePcapng(Path file, List<CaptureRecord> packets) throws IOException {
        AtomicFile.write(file, out -> writePcapng(out, packets));
    }

    /**
     * Writes a classic pcap file, RAW link type; {@code nanoseconds} picks the a1b23c4d magic.
     *
     * @param file        the target; its directory must exist
     * @param packets     the packets in order (comments are dropped: pcap has none)
     * @param nanoseconds nanosecond time stamps instead of microseconds
     * @throws IOException if the file cannot be written; the target is unchanged
     */
    public static void writePcap(Path file, List<CaptureRecord> packets, boolean nanoseconds) throws IOException {
        AtomicFile.write(file, out -> writePcap(out, packets, nanoseconds));
    }

    /**
     * Writes a classic pcap file with microsecond time stamps.
     *
     * @param file    the target; its directory must exist
     * @param packets the packets in order
     * @throws IOException if the file cannot be written; the target is unchanged
     */
    public static void writePcap(Path file, List<CaptureRecord> packets) throws IOException {
        writePcap(file, packets, false);
    }

    /**
     * Writes pcapng to a stream.
     *
     * @param out     where to write (flushed, not closed)
     * @param packets the packets in order
     * @throws IOException if writing fails
     */
    public static void writePcapng(OutputStream out, List<CaptureRecord> packets) throws IOException {
        writePcapngHeader(out);
        for (CaptureRecord p : packets) {
            writePcapngPacket(out, p);
        }
        out.flush();
    }

    /**
     * Writes the start of a pcapng stream: the Section Header Block and the one Interface
     * Description Block (RAW, nanoseconds). {@link #writePcapngPacket} then adds packets;
     * the two together write what {@link #writePcapng(OutputStream, List)} writes.
     *
     * @param out where to write (not flushed, not closed)
     * @throws IOException if writing fails
     */
    public static void writePcapngHeader(OutputStream out) throws IOException {
        // Section Header Block: byte-order magic, version 1.0, section length unknown (-1),
        // shb_userappl naming the writer.
        byte[] app = APPLICATION.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer shb = block(Field.Pcapng.SHB, Field.Pcapng.SHB_BODY + option(app.length) + Field.Pcapng.OPTION_HEADER);
        shb.putInt(Field.Pcapng.BYTE_ORDER_MAGIC).putShort((short) 1).putShort((short) 0).putLong(-1L);
        putOption(shb, Field.Pcapng.OPT_SHB_USERAPPL, app);
        shb.putInt(0);
        out.write(finish(shb));
        // Interface Description Block: RAW, no snap limit, if_tsresol = 9 (nanoseconds).
        ByteBuffer idb = block(Field.Pcapng.IDB, Field.Pcapng.IDB_BODY + option(1) + Field.Pcapng.OPTION_HEADER);
        idb.putShort((short) LinkType.RAW).putShort((short) 0).putInt(0);
        putOption(idb, Field.Pcapng.OPT_IF_TSRESOL, new byte[] {9});
        idb.putInt(0);
        out.write(finish(idb));
    }

    /**
     * Writes one packet as a pcapng Enhanced Packet Block, after {@link #writePcapngHeader}.
     *
     * @param out where to write (not flushed, not closed)
     * @param p   the packet
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if the comment is longer than 65,535 bytes (nothing is written)
     */
    public static void writePcapngPacket(OutputStream out, CaptureRecord p) throws IOException {
        byte[] comment = p.comment() == null ? null : p.comment().getBytes(StandardCharsets.UTF_8);
        if (comment != null && comment.length > 0xFFFF) {
            throw new IllegalArgumentException("comment of " + comment.length + " bytes (expected: at most 65535)");
        }
        int padded = (p.packet().length + 3) & ~3;
        int options = comment == null ? 0 : option(comment.length) + Field.Pcapng.OPTION_HEADER;
        ByteBuffer epb = block(Field.Pcapng.EPB, Field.Pcapng.EPB_BODY + padded + options);
        long ts = p.epochNanos();
        epb.putInt(0).putInt((int) (ts >>> 32)).putInt((int) ts)
                .putInt(p.packet().length).putInt(p.packet().length);
        epb.put(p.packet());
        epb.position(epb.position() + padded - p.packet().length);
        if (comment != null) {
            putOption(epb, Field.Pcapng.OPT_COMMENT, comment);
            epb.putInt(0);
        }
        out.write(finish(epb));
    }

    /**
     * Writes classic pcap to a stream.
     *
     * @param out     where to write (flushed, not closed)
     * @param packets the packets in order
     * @param nanoseconds nanosecond time stamps instead of microseconds
     * @throws IOException if writing fails
     */
    public static void writePcap(OutputStream out, List<CaptureRecord> packets, boolean nanoseconds) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(Field.Pcap.FILE_HEADER).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(nanoseconds ? Field.Pcap.MAGIC_NANOS : Field.Pcap.MAGIC_MICROS).putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0).putInt(65535).putInt(LinkType.RAW);
        out.write(h.array());
        for (CaptureRecord p : packets) {
            ByteBuffer r = ByteBuffer.allocate(Field.Pcap.RECORD_HEADER).order(ByteOrder.LITTLE_ENDIAN);
            long seconds = Math.floorDiv(p.epochNanos(), 1_000_000_000L);
            long nanos = Math.floorMod(p.epochNanos(), 1_000_000_000L);
            r.putInt((int) seconds).putInt((int) (nanoseconds ? nanos : nanos / 1000))
                    .putInt(p.packet().length).putInt(p.packet().length);
            out.write(r.array());
            out.write(p.packet());
        }
        out.flush();
    }

    private static int option(int valueLength) {
        return Field.Pcapng.OPTION_HEADER + ((valueLength + 3) & ~3);
    }

    private static void putOption(ByteBuffer b, int code, byte[] value) {
        b.putShort((short) code).putShort((short) value.length).put(value);
        b.position(b.position() + (((value.length + 3) & ~3) - value.length));
    }

    private static ByteBuffer block(int type, int bodyLength) {
        int total = Field.Pcapng.BLOCK_HEADER + bodyLength + Field.Pcapng.BLOCK_TRAILER;
        return ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt(total);
    }

    private static byte[] finish(ByteBuffer b) {
        b.position(b.capacity() - Field.Pcapng.BLOCK_TRAILER);
        b.putInt(b.capacity());
        return b.array();
    }
}
