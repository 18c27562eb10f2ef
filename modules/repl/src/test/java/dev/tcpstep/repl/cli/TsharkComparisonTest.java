package dev.tcpstep.repl.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code decode --json} against tshark's own dissection ({@code -T fields}) of the project's
 * captures, field by field. Runs when tshark is on PATH; otherwise skipped, saying why.
 */
class TsharkComparisonTest {
    private static final String[] FIELDS = {"frame.number", "frame.time_epoch", "ip.version", "ipv6.version", "ip.src",
            "ipv6.src", "ip.dst", "ipv6.dst", "ip.ttl", "ipv6.hlim", "ip.len", "ipv6.plen", "tcp.srcport", "tcp.dstport",
            "tcp.seq_raw", "tcp.ack_raw", "tcp.hdr_len", "tcp.flags", "tcp.window_size_value", "tcp.checksum",
            "tcp.checksum.status", "tcp.urgent_pointer", "tcp.len", "tcp.option_kind"};

    private static final Map<String, Integer> KIND = Map.of("eol", 0, "nop", 1, "mss", 2, "wscale", 3, "sackOK", 4,
            "sack", 5, "ts", 8, "md5", 19);

    @ParameterizedTest
    @ValueSource(strings = {"lo4-ether-us.pcap", "lo4-sll2-ns.pcap", "lo6-ether.pcapng", "ns46-two-ifaces-comments.pcapng"})
    void decodeJson_agreesWithTshark(String file) throws IOException, InterruptedException {
        Assumptions.assumeTrue(onPath("tshark"), "tshark is not on PATH: comparison skipped (apt-get install tshark)");
        Path capture = DecodeVerbTest.resource(file);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = DecodeVerb.run(List.of(capture.toString(), "--json"), new PrintStream(bytes, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(0, exit);
        List<String> ours = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        List<String> theirs = tshark(capture);
        assertEquals(theirs.size(), ours.size(), "TCP packets");
        for (int i = 0; i < ours.size(); i++) {
            compare(ours.get(i), theirs.get(i).split("\t", -1));
        }
    }

    private static void compare(String json, String[] t) {
        String where = "frame " + t[0] + ": " + json;
        assertEquals(t[0], number(json, "frame"), where);
        assertEquals(0, new BigDecimal(t[1]).compareTo(new BigDecimal(number(json, "time"))), where);
        // tshark's IPv6 dissector also fills a hidden ip.version; ipv6.version tells them apart.
        boolean v6 = !t[3].isEmpty();
        assertEquals(v6 ? "6" : "4", number(json, "ipVersion"), where);
        assertEquals(v6 ? t[5] : t[4], string(json, "src"), where);
        assertEquals(v6 ? t[7] : t[6], string(json, "dst"), where);
        assertEquals(v6 ? t[9] : t[8], number(json, "ttl"), where);
        assertEquals(v6 ? String.valueOf(Integer.parseInt(t[11]) + 40) : t[10], number(json, "ipLength"), where);
        assertEquals(t[12], number(json, "srcPort"), where);
        assertEquals(t[13], number(json, "dstPort"), where);
        assertEquals(t[14], number(json, "seq"), where);
        assertEquals(t[15], number(json, "ack"), where);
        assertEquals(t[16], number(json, "dataOffset"), where);
        assertEquals(Integer.decode(t[17]).intValue(), flagBits(json), where);
        assertEquals(t[18], number(json, "window"), where);
        assertEquals(t[19], "0x" + string(json, "checksum"), where);
        // tshark: 1 good, 0 bad (with checksum checking on).
        assertEquals(t[20].equals("1") ? "true" : "false", number(json, "checksumValid"), where);
        assertEquals(t[21], number(json, "urgentPointer"), where);
        assertEquals(t[22], number(json, "payloadLength"), where);
        assertEquals(t[23], optionKinds(json), where);
    }

    private static int flagBits(String json) {
        Matcher m = Pattern.compile("\"flags\":\\[([^]]*)]").matcher(json);
        m.find();
        int bits = 0;
        String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
        for (int i = 0; i < names.length; i++) {
            if (m.group(1).contains("\"" + names[i] + "\"")) {
                bits |= 1 << i;
            }
        }
        return bits;
    }

    private static String optionKinds(String json) {
        String options = json.substring(json.indexOf("\"options\":["));
        Matcher m = Pattern.compile("\"kind\":\"(\\w+)\"(?:,\"code\":(\\d+))?").matcher(options);
        List<String> kinds = new ArrayList<>();
        while (m.find()) {
            kinds.add(m.group(2) != null ? m.group(2) : String.valueOf(KIND.get(m.group(1))));
        }
        return String.join(",", kinds);
    }

    private static String number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":([^,}\\]]+)").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no " + field + " in " + json);
        }
        return m.group(1);
    }

    private static String string(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no " + field + " in " + json);
        }
        return m.group(1);
    }

    private static List<String> tshark(Path capture) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", capture.toString(), "-Y", "tcp",
                "-o", "tcp.check_checksum:TRUE", "-o", "tcp.relative_sequence_numbers:FALSE", "-T", "fields",
                "-E", "separator=/t", "-E", "aggregator=,", "-E", "occurrence=a"));
        for (String f : FIELDS) {
            cmd.add("-e");
            cmd.add(f);
        }
        Path out = Files.createTempFile("tshark", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("tshark did not finish in 60 s");
            }
            assertEquals(0, p.exitValue());
            return Files.readAllLines(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
