package dev.tcpstep.repl.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelVerbTest {
    @TempDir
    Path tmp;

    record Ran(int code, String out, String err) {
    }

    static Ran verb(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = KernelVerb.verb(List.of(args), new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Ran(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    @Test
    void install_writesAKernelspecThatRunsThisCheckoutsLauncher() throws Exception {
        Ran r = verb("install", "--prefix", tmp.toString());
        assertEquals(0, r.code(), r.err());
        Path spec = tmp.resolve("share/jupyter/kernels/tcpstep/kernel.json");
        assertTrue(r.out().contains(spec.toString()), r.out());
        JsonNode k = Wire.JSON.readTree(Files.readString(spec));
        List<String> argv = k.path("argv").valueStream().map(JsonNode::asString).toList();
        assertEquals(List.of("kernel", "{connection_file}"), argv.subList(1, 3));
        Path launcher = Path.of(argv.getFirst());
        assertTrue(launcher.endsWith(Path.of("bin", "tcpstep")) && launcher.isAbsolute() && Files.isExecutable(launcher),
                "argv[0] should be this checkout's bin/tcpstep: " + launcher);
        assertEquals("message", k.path("interrupt_mode").asString());
        assertEquals("tcpstep", k.path("language").asString());
    }

    @Test
    void install_user_followsXdgOrHome() {
        // --user writes under $XDG_DATA_HOME or ~/.local/share: not run here (it would touch the real home);
        // its argument handling is: --user and --prefix do not mix.
        Ran r = verb("install", "--user", "--prefix", tmp.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unexpected argument `--prefix`"), r.err());
    }

    @Test
    void badUse_saysHow() {
        Ran none = verb();
        assertEquals(2, none.code());
        assertTrue(none.err().contains("usage: tcpstep kernel install"), none.err());
        Ran missing = verb(tmp.resolve("no-such.json").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no connection file"), missing.err());
        assertFalse(Files.exists(tmp.resolve("share")));
    }

    @Test
    void badConnectionFile_namesTheField() throws Exception {
        Path f = tmp.resolve("conn.json");
        Files.writeString(f, "{\"shell_port\": 0, \"iopub_port\": 2, \"stdin_port\": 3, \"control_port\": 4, \"hb_port\": 5}");
        Ran r = verb(f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("\"shell_port\" is 0 (expected: a port number 1..65535)"), r.err());
        Files.writeString(f, "{\"signature_scheme\": \"hmac-md5\"}");
        r = verb(f.toString());
        assertTrue(r.err().contains("hmac-md5` is not supported"), r.err());
    }
}
