package dev.tcpstep.codec;

import dev.tcpstep.codec.internal.Field;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads classic pcap (both byte orders, microsecond and nanosecond magic) and pcapng
 * (Section Header, Interface Description, Enhanced and Simple Packet blocks, several
 * interfaces and sections, {@code opt_comment}, {@code if_tsresol}, {@code if_tsoffset};
 * other blocks are skipped). Streams: one record in memory at a time.
 *
 * <pre>{@code
 * try (CaptureReader r = CaptureReader.open(path)) {
 *     for (CapturedFrame f; (f = r.next()) != null; ) { ... }
 * }
 * }</pre>
 */
public final class CaptureReader implements AutoCloseable {
    /** Largest record accepted (256 MiB, as libpcap's limit for pcapng blocks). */
    private static final int MAX_RECORD = 256 * 1024 * 1024;

    /** The two capture file formats: classic libpcap and pcapng. */
    public enum Format {
        /** Classic libpcap files: a global header, then one record per packet. */
        PCAP,
        /** pcapng: blocks (section header, interface description, enhanced packet, ...). */
        PCAPNG
    }

    private final InputStream in;
    private final Format format;
    private long position;
    private int frames;

    // pcap state
    private ByteOrder order;
    private int pcapLinkType;
    private boolean nanos;

    // pcapng state: per section
    private final List<Interface> interfaces = new ArrayList<>();

    private record Interface(int linkType, int snaplen, long unitsPerSecond, int digits, long offsetSeconds) {
    }

    private CaptureReader(InputStream in) throws IOException {
        this.in = in;
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new CaptureFormatException("not a capture file: " + magic.length + " bytes", 0);
        }
        int be = ByteBuffer.wrap(magic).getInt();
        int le = ByteBuffer.wrap(magic).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (be == Field.Pcap.MAGIC_MICROS || be == Field.Pcap.MAGIC_NANOS) {
            format = Format.PCAP;
            order = ByteOrder.BIG_ENDIAN;
            nanos = be == Field.Pcap.MAGIC_NANOS;
        } else if (le == Field.Pcap.MAGIC_MICROS || le == Field.Pcap.MAGIC_NANOS) {
            format = Format.PCAP;
            order = ByteOrder.LITTLE_ENDIAN;
            nanos = le == Field.Pcap.MAGIC_NANOS;
        } else if (be == Field.Pcapng.SHB) {
            format = Format.PCAPNG;
        } else {
            throw new CaptureFormatException(String.format(
                    "not a pcap or pcapng file: magic 0x%08x (expected: a1b2c3d4, a1b23c4d or 0a0d0d0a)", be), 0);
        }
        position = 4;
        if (format == Format.PCAP) {
            ByteBuffer h = read(Field.Pcap.FILE_HEADER - 4, "pcap file header");
            int major = h.getShort(Field.Pcap.VERSION_MAJOR - 4) & 0xFFFF;
            if (major != 2) {
                throw new CaptureFormatException("pcap version " + major + " (expected: 2)", Field.Pcap.VERSION_MAJOR);
            }
            pcapLinkType = h.getInt(Field.Pcap.LINK_TYPE - 4) & 0xFFFF;
        } else {
            sectionHeader(true);
        }
    }

    /**
     * Opens a file.
     *
     * @param file a pcap or pcapng file
     * @return a reader at its first packet
     * @throws CaptureFormatException when it is neither pcap nor pcapng
     * @throws IOException            if the file cannot be read
     */
    public static CaptureReader open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            return new CaptureReader(in);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Reads from a stream (closed by {@link #close()}).
     *
     * @param in the capture's bytes
     * @return a reader at its first packet
     * @throws CaptureFormatException when it is neither pcap nor pcapng
     * @throws IOException            if the stream cannot be read
     */
    public static CaptureReader open(InputStream in) throws IOException {
        return new CaptureReader(in);
    }

    /** {@return the file's format} */
    public Format format() {
        return format;
    }

    /**
     * The next packet.
     *
     * @return the packet, or null at the end of the file
     * @throws CaptureFormatException when a record is malformed
     * @throws IOException            if the file cannot be read
     */
    public CapturedFrame next() throws IOException {
        return format == Format.PCAP ? nextPcap() : nextPcapng();
    }

    private CapturedFrame nextPcap() throws IOException {
        long start = position;
        byte[] head = in.readNBytes(Field.Pcap.RECORD_HEADER);
        position += head.length;
        if (head.length == 0) {
            return null;
        }
        if (head.length < Field.Pcap.RECORD_HEADER) {
            throw new CaptureFormatException("truncated record header (" + head.length + " of 16 bytes)", start);
        }
        ByteBuffer h = ByteBuffer.wrap(head).order(order);
        long seconds = h.getInt(Field.Pcap.REC_SECONDS) & 0xFFFF_FFFFL;
        long fraction = h.getInt(Field.Pcap.REC_FRACTION) & 0xFFFF_FFFFL;
        int captured = h.getInt(Field.Pcap.REC_CAPTURED);
        int original = h.getInt(Field.Pcap.REC_ORIGINAL);
        if (captured < 0 || captured > MAX_RECORD) {
            throw new CaptureFormatException("record length " + Integer.toUnsignedString(captured)
                    + " (expected: 0.." + MAX_RECORD + ")", start + Field.Pcap.REC_CAPTURED);
        }
        byte[] data = in.readNBytes(captured);
        position += data.length;
        if (data.length < captured) {
            throw new CaptureFormatException("truncated record: " + data.length + " of " + captured + " bytes", start);
        }
        long nanosOfSecond = nanos ? fraction : fraction * 1000;
        return new CapturedFrame(++frames, seconds * 1_000_000_000L + nanosOfSecond, nanos ? 9 : 6, pcapLinkType, 0,
                original, data, null);
    }

    private CapturedFrame nextPcapng() throws IOException {
        while (true) {
            long start = position;
            byte[] head = in.readNBytes(Field.Pcapng.BLOCK_HEADER);
            position += head.length;
            if (head.length == 0) {
                return null;
            }
            if (head.length < Field.Pcapng.BLOCK_HEADER) {
                throw new CaptureFormatException("truncated block header", start);
            }
            int type = ByteBuffer.wrap(head).order(order).getInt(0);
            if (ByteBuffer.wrap(head).getInt(0) == Field.Pcapng.SHB) {
                sectionHeader(false, head);
                continue;
            }
            int length = ByteBuffer.wrap(head).order(order).getInt(4);
            ByteBuffer body = blockBody(length, start, "block type " + Integer.toHexString(type));
            switch (type) {
                case Field.Pcapng.IDB -> interfaceDescription(body, start);
                case Field.Pcapng.EPB -> {
                    return enhancedPacket(body, start);
                }
                case Field.Pcapng.SPB -> {
                    return simplePacket(body, start);
                }
                default -> {
                    // Name resolution, statistics, decryption secrets, custom blocks: not packets.
                }
            }
        }
    }

    private void sectionHeader(boolean first) throws IOException {
        byte[] rest = in.readNBytes(4);
        position += rest.length;
        if (rest.length < 4) {
            throw new CaptureFormatException("truncated section header", 0);
        }
        byte[] head = new byte[8];
        ByteBuffer.wrap(head).putInt(Field.Pcapng.SHB);
        System.arraycopy(rest, 0, head, 4, 4);
        sectionHeader(first, head);
    }

    private void sectionHeader(boolean first, byte[] head) throws IOException {
        long start = position - Field.Pcapng.BLOCK_HEADER;
        byte[] magic = in.readNBytes(4);
        position += magic.length;
        if (magic.length < 4) {
            throw new CaptureFormatException("truncated section header", start);
        }
        int bom = ByteBuffer.wrap(magic).getInt();
        if (bom == Field.Pcapng.BYTE_ORDER_MAGIC) {
            order = ByteOrder.BIG_ENDIAN;
        } else if (Integer.reverseBytes(bom) == Field.Pcapng.BYTE_ORDER_MAGIC) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else {
            throw new CaptureFormatException(String.format("pcapng byte-order magic 0x%08x (expected: 1a2b3c4d)", bom),
                    start + Field.Pcapng.BLOCK_HEADER);
        }
        int length = ByteBuffer.wrap(head).order(order).getInt(4);
        // The block body after the byte-order magic: version, section length, options, trailer.
        if (length < 28 || length % 4 != 0 || length > MAX_RECORD) {
            throw new CaptureFormatException("section header length " + Integer.toUnsignedString(length)
                    + " (expected: a multiple of 4, at least 28)", start + 4);
        }
        ByteBuffer rest = read(length - Field.Pcapng.BLOCK_HEADER - 4, "section header");
        int major = rest.getShort(0) & 0xFFFF;
        if (major != 1) {
            throw new CaptureFormatException("pcapng major version " + major + " (expected: 1)", start + 12);
        }
        if (rest.getInt(rest.limit() - 4) != length) {
            throw new CaptureFormatException("section header trailer length differs from its header", start);
        }
        interfaces.clear();
    }

    private ByteBuffer blockBody(int length, long start, String what) throws IOException {
        if (length < Field.Pcapng.BLOCK_HEADER + Field.Pcapng.BLOCK_TRAILER || length % 4 != 0 || length > MAX_RECORD) {
            throw new CaptureFormatException(what + " length " + Integer.toUnsignedString(length)
                    + " (expected: a multiple of 4, 12.." + MAX_RECORD + ")", start + 4);
        }
        ByteBuffer b = read(length - Field.Pcapng.BLOCK_HEADER, what);
        if (b.getInt(b.limit() - 4) != length) {
            throw new CaptureFormatException(what + " trailer length " + b.getInt(b.limit() - 4)
                    + " (expected: " + length + ")", start + length - 4);
        }
        return b.limit(b.limit() - 4);
    }

    private void interfaceDescription(ByteBuffer b, long start) throws CaptureFormatException {
        if (b.limit() < Field.Pcapng.IDB_BODY) {
            throw new CaptureFormatException("interface description block too short", start);
        }
        int linkType = b.getShort(Field.Pcapng.IDB_LINK_TYPE) & 0xFFFF;
        int snaplen = b.getInt(Field.Pcapng.IDB_SNAPLEN);
        long units = 1_000_000;
        int digits = 6;
        long offsetSeconds = 0;
        int at = Field.Pcapng.IDB_BODY;
        while (at + Field.Pcapng.OPTION_HEADER <= b.limit()) {
            int code = b.getShort(at) & 0xFFFF;
            int len = b.getShort(at + 2) & 0xFFFF;
            if (code == Field.Pcapng.OPT_END) {
                break;
            }
            int v = at + Field.Pcapng.OPTION_HEADER;
            if (v + len > b.limit()) {
                throw new CaptureFormatException("interface option " + code + " runs past its block", start + 8 + at);
            }
            if (code == Field.Pcapng.OPT_IF_TSRESOL && len >= 1) {
                int r = b.get(v) & 0xFF;
                // pcapng if_tsresol: most significant bit clear = negative power of 10, set = of 2.
                if ((r & 0x80) == 0) {
                    if (r > 18) {
                        throw new CaptureFormatException("if_tsresol 10^-" + r + " (expected: up to 10^-18)", start + 8 + v);
                    }
                    units = 1;
                    for (int i = 0; i < r; i++) {
                        units *= 10;
                    }
                    digits = r;
                } else {
                    int p = r & 0x7F;
                    if (p > 62) {
                        throw new CaptureFormatException("if_tsresol 2^-" + p + " (expected: up to 2^-62)", start + 8 + v);
                    }
                    units = 1L << p;
                    digits = 9;
                }
            } else if (code == 14 && len >= 8) {
                offsetSeconds = b.getLong(v);
            }
            at = v + ((len + 3) & ~3);
        }
        interfaces.add(new Interface(linkType, snaplen, units, Math.min(digits, 9), offsetSeconds));
    }

    private CapturedFrame enhancedPacket(ByteBuffer b, long start) throws CaptureFormatException {
        if (b.limit() < Field.Pcapng.EPB_BODY) {
            throw new CaptureFormatException("enhanced packet block too short", start);
        }
        int id = b.getInt(Field.Pcapng.EPB_INTERFACE);
        Interface itf = iface(id, start);
        long ts = (b.getInt(Field.Pcapng.EPB_TS_HIGH) & 0xFFFF_FFFFL) << 32 | (b.getInt(Field.Pcapng.EPB_TS_LOW) & 0xFFFF_FFFFL);
        int captured = b.getInt(Field.Pcapng.EPB_CAPTURED);
        int original = b.getInt(Field.Pcapng.EPB_ORIGINAL);
        int padded = (captured + 3) & ~3;
        if (captured < 0 || Field.Pcapng.EPB_BODY + padded > b.limit()) {
            throw new CaptureFormatException("captured length " + Integer.toUnsignedString(captured)
                    + " (expected: at most " + (b.limit() - Field.Pcapng.EPB_BODY) + ", the block's room)", start + 20);
        }
        byte[] data = new byte[captured];
        b.get(Field.Pcapng.EPB_BODY, data);
        String comment = comment(b, Field.Pcapng.EPB_BODY + padded);
        return new CapturedFrame(++frames, nanos(ts, itf), itf.digits, itf.linkType, id, original, data, comment);
    }

    private CapturedFrame simplePacket(ByteBuffer b, long start) throws CaptureFormatException {
        Interface itf = iface(0, start);
        int original = b.getInt(Field.Pcapng.SPB_ORIGINAL);
        // pcapng SPB: the captured length is the smaller of the original length and the
        // interface's snap length (0 = unlimited), bounded by the block.
        int room = b.limit() - Field.Pcapng.SPB_BODY;
        long captured = Integer.toUnsignedLong(original);
        if (itf.snaplen > 0) {
            captured = Math.min(captured, Integer.toUnsignedLong(itf.snaplen));
        }
        captured = Math.min(captured, room);
        byte[] data = new byte[(int) captured];
        b.get(Field.Pcapng.SPB_BODY, data);
        return new CapturedFrame(++frames, 0, -1, itf.linkType, 0, original, data, null);
    }

    private Interface iface(int id, long start) throws CaptureFormatException {
        if (id < 0 || id >= interfaces.size()) {
            throw new CaptureFormatException("packet for interface " + Integer.toUnsignedString(id)
                    + " (expected: 0.." + (interfaces.size() - 1) + ", the interfaces described so far)", start + 8);
        }
        return interfaces.get(id);
    }

    private static long nanos(long ts, Interface itf) {
        long seconds = Long.divideUnsigned(ts, itf.unitsPerSecond);
        long rest = Long.remainderUnsigned(ts, itf.unitsPerSecond);
        long fraction = java.math.BigInteger.valueOf(rest).multiply(java.math.BigInteger.valueOf(1_000_000_000L))
                .divide(java.math.BigInteger.valueOf(itf.unitsPerSecond)).longValue();
        return (seconds + itf.offsetSeconds) * 1_000_000_000L + fraction;
    }

    private static String comment(ByteBuffer b, int at) {
        StringBuilder out = null;
        while (at + Field.Pcapng.OPTION_HEADER <= b.limit()) {
            int code = b.getShort(at) & 0xFFFF;
            int len = b.getShort(at + 2) & 0xFFFF;
            if (code == Field.Pcapng.OPT_END) {
                break;
            }
            int v = at + Field.Pcapng.OPTION_HEADER;
            if (v + len > b.limit()) {
                break;
            }
            if (code == Field.Pcapng.OPT_COMMENT) {
                byte[] text = new byte[len];
                b.get(v, text);
                if (out == null) {
                    out = new StringBuilder();
                } else {
                    out.append('\n');
                }
                out.append(new String(text, StandardCharsets.UTF_8));
            }
            at = v + ((len + 3) & ~3);
        }
        return out == null ? null : out.toString();
    }

    private ByteBuffer read(int n, String what) throws IOException {
        long start = position;
        byte[] b = in.readNBytes(n);
        position += b.length;
        if (b.length < n) {
            throw new CaptureFormatException("truncated " + what + " (" + b.length + " of " + n + " bytes)", start);
        }
        return ByteBuffer.wrap(b).order(order == null ? ByteOrder.BIG_ENDIAN : order);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
