package dev.tcpstep.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each example runs as another project would run it: its own JVM, the module path holding
 * the example module and the library jars, {@code java -m dev.tcpstep.examples/...}.
 * The README's Java example is the file Handshake.java, character for character.
 */
class ExamplesTest {
    @TempDir
    Path dir;

    record Ran(int code, String out) {
    }

    /** Runs {@code mainClass} in a fresh JVM on this test's module path, in {@code dir}. */
    private Ran run(String mainClass) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String modulePath = System.getProperty("jdk.module.path");
        assertTrue(modulePath != null && modulePath.contains("tcpstep-link"),
                "the test runs on the module path with the library modules (jdk.module.path=" + modulePath + ")");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xshare:auto", "--module-path", modulePath,
                "--module", "dev.tcpstep.examples/dev.tcpstep.examples." + mainClass));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), mainClass + " did not finish");
        return new Ran(p.exitValue(), out);
    }

    @Test
    void handshake_overALossyLink_deliversHelloOnce_andWritesAPcapng() throws Exception {
        Ran r = run("Handshake");
        assertEquals(0, r.code(), r.out());
        assertEquals("server read \"hello\"; client CLOSED, server CLOSED; wrote session.pcapng\n", r.out());
        byte[] pcap = Files.readAllBytes(dir.resolve("session.pcapng"));
        // pcapng starts with a Section Header Block: block type 0x0A0D0D0A.
        assertEquals(0x0A, pcap[0]);
        assertEquals(0x0D, pcap[1]);
        assertEquals(0x0D, pcap[2]);
        assertEquals(0x0A, pcap[3]);
    }

    @Test
    void segments_encodeVerifyDecode_andACutPacketIsRejected() throws Exception {
        Ran r = run("Segments");
        assertEquals(0, r.code(), r.out());
        List<String> lines = r.out().lines().toList();
        assertEquals("IP 192.0.2.1.49152 > 192.0.2.2.80: Flags [S], seq 0, win 65535, options [mss 1460], length 0",
                lines.get(0));
        assertEquals("44 bytes on the wire; TCP checksum verifies: true", lines.get(1));
        assertEquals("decoded: " + lines.get(0) + ", checksum valid: true", lines.get(2));
        assertTrue(lines.get(3).startsWith("cut short: ") && lines.get(3).contains("30"), lines.get(3));
    }

    @Test
    void sansIo_twoConnectionsWithoutALink_completeTheHandshake() throws Exception {
        Ran r = run("SansIo");
        assertEquals(0, r.code(), r.out());
        List<String> lines = r.out().lines().toList();
        assertEquals(List.of(
                "server <- seq 0: client SYN-SENT, server SYN-RECEIVED",
                "client <- seq 5000 ack 1: client ESTABLISHED, server SYN-RECEIVED",
                "server <- seq 1 ack 5001: client ESTABLISHED, server ESTABLISHED"), lines);
    }

    @Test
    void readmeJavaExample_isHandshakeJava() throws IOException {
        String readme = Files.readString(Path.of("../../README.md"), StandardCharsets.UTF_8);
        String marker = "### From Java (the link module)";
        int at = readme.indexOf(marker);
        assertTrue(at >= 0, "README.md has no section `" + marker + "`");
        int start = readme.indexOf("```java\n", at);
        int end = readme.indexOf("```\n", start + 8);
        assertTrue(start >= 0 && end > start, "no ```java block after `" + marker + "`");
        String block = readme.substring(start + "```java\n".length(), end);
        String source = Files.readString(Path.of("src/main/java/dev/tcpstep/examples/Handshake.java"),
                StandardCharsets.UTF_8);
        assertEquals(source, block, "README.md's Java example and modules/examples/.../Handshake.java differ: "
                + "copy the file into the README block");
    }
}
