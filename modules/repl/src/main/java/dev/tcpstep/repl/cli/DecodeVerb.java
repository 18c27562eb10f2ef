package dev.tcpstep.repl.cli;

import dev.tcpstep.codec.Anomaly;
import dev.tcpstep.codec.CaptureDecoder;
import dev.tcpstep.codec.CaptureFormatException;
import dev.tcpstep.codec.Decoded;
import dev.tcpstep.codec.FieldView;
import dev.tcpstep.codec.HexDump;
import dev.tcpstep.codec.MalformedPacketException;
import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.SegmentCodec;
import dev.tcpstep.codec.SegmentJson;
import dev.tcpstep.codec.TcpdumpFormat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code tcpstep decode FILE [--json] [--relative] [--lenient] [--detail]} and
 * {@code tcpstep decode --hex HEX}: prints each TCP packet of a pcap/pcapng file, or one
 * packet given in hex, as a tcpdump-style line or a JSON object.
 *
 * <p>Exit codes: 0 done (a packet that fails to decode is reported in the output and
 * decoding goes on); 1 the {@code --hex} packet does not decode; 2 usage error, or the file
 * cannot be read or is not a capture. Errors are one line on {@code err}, never a stack trace.
 */
public final class DecodeVerb {
    static final String USAGE = "usage: tcpstep decode FILE [--json] [--relative] [--lenient] [--detail]\n"
            + "       tcpstep decode --hex HEX [--json] [--lenient] [--detail]";

    private DecodeVerb() {
    }

    private record Options(Path file, String hex, boolean json, boolean relative, boolean lenient, boolean detail) {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = parse(args);
        } catch (UsageException e) {
            err.println("decode: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (o == null) {
            out.println(USAGE);
            return 0;
        }
        try {
            return o.hex != null ? hex(o, out, err) : file(o, out, err);
        } catch (RuntimeException e) {
            // Last line of defence: a bug must still not show users a stack trace.
            err.println("decode: internal error: " + e);
            return 2;
        }
    }

    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    private static Options parse(List<String> args) throws UsageException {
        Path file = null;
        StringBuilder hex = null;
        boolean json = false;
        boolean relative = false;
        boolean lenient = false;
        boolean detail = false;
        for (String a : args) {
            switch (a) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--json" -> json = true;
                case "--relative" -> relative = true;
                case "--lenient" -> lenient = true;
                case "--detail" -> detail = true;
                case "--hex" -> {
                    if (hex != null) {
                        throw new UsageException("--hex given twice");
                    }
                    hex = new StringBuilder();
                }
                default -> {
                    if (a.startsWith("--")) {
                        throw new UsageException("unknown option " + a
                                + " (expected: --json, --relative, --lenient, --detail, --hex)");
                    }
                    if (hex != null) {
                        hex.append(a);
                    } else if (file == null) {
                        file = Path.of(a);
                    } else {
                        throw new UsageException("one FILE expected, got " + file + " and " + a);
                    }
                }
            }
        }
        if (hex != null && file != null) {
            throw new UsageException("give FILE or --hex, not both");
        }
        if (hex == null && file == null) {
            throw new UsageException("missing FILE or --hex HEX");
        }
        if (hex != null && hex.isEmpty()) {
            throw new UsageException("--hex needs the packet's bytes in hex");
        }
        if (relative && json) {
            // JSON is for programs: it keeps seq and ack as on the wire, which is what they compare.
            throw new UsageException("--relative applies to the tcpdump lines; --json keeps seq and ack as on the "
                    + "wire (give one or the other)");
        }
        if (relative && hex != null) {
            throw new UsageException("--relative needs a capture (numbers count from each connection's first "
                    + "segments); --hex decodes one packet, printed as on the wire");
        }
        return new Options(file, hex == null ? null : hex.toString(), json, relative, lenient, detail);
    }

    private static int hex(Options o, PrintStream out, PrintStream err) {
        String digits = o.hex.replaceAll("[\\s:]", "");
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            digits = digits.substring(2);
        }
        byte[] packet;
        try {
            if (digits.length() % 2 != 0) {
                err.println("decode: --hex has " + digits.length() + " hex digits (expected: an even number)");
                return 2;
            }
            packet = HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            int bad = 0;
            while (bad < digits.length() && Character.digit(digits.charAt(bad), 16) >= 0) {
                bad++;
            }
            err.println("decode: --hex: '" + (bad < digits.length() ? digits.charAt(bad) : '?')
                    + "' at digit " + (bad + 1) + " is not a hex digit");
            return 2;
        }
        TcpdumpFormat tcpdump = new TcpdumpFormat(o.relative);
        try {
            Segment s;
            List<Anomaly> anomalies = List.of();
            if (o.lenient) {
                Decoded d = SegmentCodec.decodeLenient(packet);
                s = d.segment();
                anomalies = d.anomalies();
            } else {
                s = SegmentCodec.decode(packet);
            }
            out.println(o.json ? SegmentJson.segment(1, "0", s) : tcpdump.format(s) + anomalyTail(anomalies));
            if (o.detail) {
                out.print(FieldView.render(s, anomalies));
                out.print(HexDump.annotated(packet));
            }
            offloadNote(s.checksumLooksOffloaded() ? 1 : 0, 1, err);
            return 0;
        } catch (MalformedPacketException e) {
            if (o.json) {
                out.println(SegmentJson.error(1, e));
            } else {
                err.println("decode: " + reason(e) + ": " + e.getMessage());
            }
            return 1;
        }
    }

    private static int file(Options o, PrintStream out, PrintStream err) {
        Path f = o.file;
        if (Files.isDirectory(f)) {
            err.println("decode: cannot read " + f + ": is a directory");
            return 2;
        }
        TcpdumpFormat tcpdump = new TcpdumpFormat(o.relative);
        int[] offloaded = {0, 0};
        try {
            CaptureDecoder.Summary sum = CaptureDecoder.decode(f, o.lenient, p -> {
                if (p.ok()) {
                    offloaded[1]++;
                    if (p.segment().checksumLooksOffloaded()) {
                        offloaded[0]++;
                    }
                }
                if (o.json) {
                    out.println(p.ok() ? SegmentJson.segment(p.frame().number(), p.frame().time(), p.segment())
                            : SegmentJson.error(p.frame().number(), p.error()));
                } else if (p.ok()) {
                    out.println(tcpdump.format(p.frame().epochNanos(), p.segment()) + anomalyTail(p.anomalies()));
                } else {
                    out.println(TcpdumpFormat.timestamp(p.frame().epochNanos()) + " frame " + p.frame().number()
                            + ": " + reason(p.error()) + ": " + p.error().getMessage());
                }
                if (o.detail && p.ok()) {
                    byte[] d = p.frame().data();
                    int at = p.frame().ipOffset();
                    out.print(FieldView.render(p.segment(), p.anomalies()));
                    out.print(HexDump.annotated(java.util.Arrays.copyOfRange(d, at, d.length)));
                }
            });
            if (sum.skippedNonTcp() > 0) {
                err.println("decode: skipped " + sum.skippedNonTcp() + " of " + sum.frames() + " frames (not TCP)");
            }
            offloadNote(offloaded[0], offloaded[1], err);
            return 0;
        } catch (NoSuchFileException e) {
            err.println("decode: cannot read " + f + ": no such file");
        } catch (AccessDeniedException e) {
            err.println("decode: cannot read " + f + ": permission denied");
        } catch (CaptureFormatException e) {
            err.println("decode: " + f + ": " + e.getMessage());
        } catch (IOException e) {
            err.println("decode: cannot read " + f + ": " + e.getMessage());
        }
        return 2;
    }

    private static void offloadNote(int offloaded, int of, PrintStream err) {
        if (offloaded > 0) {
            err.println("decode: " + offloaded + " of " + of + " TCP checksums hold only the pseudo-header sum: "
                    + "likely checksum offload on the capturing host (reported as checksumValid=false), not corruption");
        }
    }

    private static String anomalyTail(List<Anomaly> anomalies) {
        return anomalies.isEmpty() ? ""
                : " [" + anomalies.stream().map(Anomaly::toString).collect(Collectors.joining("; ")) + "]";
    }

    private static String reason(MalformedPacketException e) {
        return e.reason().name().toLowerCase(java.util.Locale.ROOT);
    }
}
