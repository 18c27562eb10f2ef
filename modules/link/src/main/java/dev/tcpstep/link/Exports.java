package dev.tcpstep.link;

import dev.tcpstep.codec.AtomicFile;
import dev.tcpstep.codec.CaptureRecord;
import dev.tcpstep.codec.CaptureWriter;
import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.SegmentJson;
import dev.tcpstep.codec.TcpdumpFormat;
import dev.tcpstep.link.internal.Json;
import dev.tcpstep.statemachine.Event;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a simulation's trace as pcapng (one packet per transmission, as it left the
 * sender, with a comment saying what it did and what happened to it) and as JSON lines
 * (schema in the package documentation). Files are written to a temporary file beside
 * the target and renamed into place, so a failed export leaves no half file.
 *
 * <p>An export writes the entries the trace keeps: all of them with {@link Retention#full()},
 * the most recent ones with {@link Retention#last(int)} (transmissions whose {@code sent}
 * entry was dropped are left out). A trace that keeps none cannot be exported; the
 * streaming retentions write the same files as the run goes.
 */
public final class Exports {
    private Exports() {
    }

    /**
     * The pcapng packets of a trace: bytes as sent, virtual time from the epoch, comments.
     *
     * @param trace the trace
     * @return one record per transmission, in order
     */
    public static List<CaptureRecord> packets(Trace trace) {
        List<CaptureRecord> out = new ArrayList<>();
        for (PacketComments.Packet p : commented(trace)) {
            out.add(p.record());
        }
        return out;
    }

    /** Every transmission of the trace with its whole comment, in order. */
    private static List<PacketComments.Packet> commented(Trace trace) {
        requireEntries(trace);
        PacketComments comments = new PacketComments();
        for (TraceEntry e : trace.entries()) {
            comments.accept(e);
        }
        return comments.take(true);
    }

    /**
     * For each transmission: the sender's state changes that produced it, how it was
     * sent (typed, retransmission), what the wire did to it, and a drop at the receiver.
     */
    static Map<Long, List<String>> comments(Trace trace) {
        Map<Long, List<String>> byNumber = new LinkedHashMap<>();
        for (PacketComments.Packet p : commented(trace)) {
            byNumber.put(p.number(), p.comments());
        }
        return byNumber;
    }

    /**
     * Writes the trace's transmissions as pcapng, atomically.
     *
     * @param trace the trace
     * @param file  the target; its directory must exist
     * @throws IOException if the file cannot be written; the target is then unchanged
     */
    public static void pcapng(Trace trace, Path file) throws IOException {
        List<CaptureRecord> packets = packets(trace);
        AtomicFile.write(file, out -> CaptureWriter.writePcapng(out, packets));
    }

    /**
     * Writes the trace as JSON lines, atomically.
     *
     * @param trace the trace
     * @param file  the target; its directory must exist
     * @throws IOException if the file cannot be written; the target is then unchanged
     */
    public static void jsonLines(Trace trace, Path file) throws IOException {
        requireEntries(trace);
        AtomicFile.write(file, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            for (TraceEntry e : trace.entries()) {
                jsonLine(w, e);
            }
            w.flush();
        });
    }

    /** A trace that keeps nothing has nothing to export: say so instead of writing an empty file. */
    private static void requireEntries(Trace trace) {
        if (!trace.retention().keepsEntries()) {
            throw new IllegalArgumentException("the trace keeps no entries (retention " + trace.retention()
                    + "); export needs Retention.full() or Retention.last(n), or stream with Retention.pcapng(file)"
                    + " or Retention.jsonLines(file)");
        }
    }

    /** Writes one entry as one line of JSON lines: what {@link #jsonLines} and the streamed trace write. */
    static void jsonLine(Writer w, TraceEntry e) throws IOException {
        w.write(json(e));
        w.write('\n');
    }

    /**
     * One trace entry as a JSON object (one line).
     *
     * @param e the entry
     * @return the JSON object on one line
     */
    public static String json(TraceEntry e) {
        String head = "{\"type\":";
        String time = ",\"time\":" + Json.seconds(e.time());
        return switch (e) {
            case TraceEntry.Call c -> head + "\"call\"" + time + ",\"endpoint\":" + Json.quote(c.endpoint())
                    + ",\"call\":" + Json.quote(c.call()) + ",\"result\":" + Json.quote(c.result()) + "}";
            case TraceEntry.Sent s -> head + "\"sent\"" + time + ",\"number\":" + s.number() + ",\"from\":"
                    + Json.quote(s.from()) + ",\"to\":" + Json.quote(s.to()) + ",\"crafted\":" + s.crafted()
                    + ",\"retransmission\":" + s.retransmission() + ",\"segment\":"
                    + SegmentJson.segment((int) s.number(), Json.seconds(s.time()), s.segment()) + "}";
            case TraceEntry.Link l -> head + "\"link\"" + time + ",\"number\":" + l.number() + ",\"fate\":"
                    + Json.quote(l.fate().name().toLowerCase(java.util.Locale.ROOT)) + ",\"detail\":"
                    + Json.quote(l.detail()) + "}";
            case TraceEntry.Delivered d -> head + "\"delivered\"" + time + ",\"number\":" + d.number() + ",\"to\":"
                    + Json.quote(d.to()) + ",\"line\":" + Json.quote(TcpdumpFormat.line(d.segment())) + "}";
            case TraceEntry.Dropped d -> head + "\"dropped\"" + time + ",\"number\":" + d.number() + ",\"to\":"
                    + Json.quote(d.to()) + ",\"reason\":" + Json.quote(d.reason()) + "}";
            case TraceEntry.Endpoint ep -> {
                Event ev = ep.event();
                yield head + "\"event\"" + time + ",\"endpoint\":" + Json.quote(ev.endpoint()) + ",\"kind\":"
                        + Json.quote(ev.kind().name().toLowerCase(java.util.Locale.ROOT)) + ",\"from\":"
                        + Json.quote(ev.from().rfcName()) + ",\"to\":" + Json.quote(ev.to().rfcName()) + ",\"text\":"
                        + Json.quote(ev.text()) + ",\"section\":" + Json.quote(ev.section()) + ",\"must\":"
                        + Json.quote(ev.must()) + "}";
            }
            case TraceEntry.Suggested s -> {
                StringBuilder sb = new StringBuilder(head + "\"suggested\"" + time + ",\"endpoint\":"
                        + Json.quote(s.endpoint()) + ",\"segments\":[");
                for (int i = 0; i < s.segments().size(); i++) {
                    Segment seg = s.segments().get(i);
                    sb.append(i == 0 ? "" : ",").append(Json.quote(TcpdumpFormat.line(seg)));
                }
                sb.append("],\"reasons\":[");
                for (int i = 0; i < s.reasons().size(); i++) {
                    sb.append(i == 0 ? "" : ",").append(Json.quote(s.reasons().get(i)));
                }
                yield sb.append("]}").toString();
            }
        };
    }
}
