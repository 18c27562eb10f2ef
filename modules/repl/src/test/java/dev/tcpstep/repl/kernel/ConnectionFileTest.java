package dev.tcpstep.repl.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The connection file is outside input too: a port beyond int is a bad field, not a Jackson exception. */
class ConnectionFileTest {
    @TempDir
    Path tmp;

    @Test
    void aPortBeyondInt_namesTheField() throws IOException {
        Path f = tmp.resolve("conn.json");
        Files.writeString(f, "{\"shell_port\": 4294967297, \"iopub_port\": 2, \"stdin_port\": 3, \"control_port\": 4,"
                + " \"hb_port\": 5}");
        IOException e = assertThrows(IOException.class, () -> ConnectionFile.read(f));
        assertEquals(f + ": \"shell_port\" is 4294967297 (expected: a port number 1..65535)", e.getMessage());
    }

    @Test
    void goodPorts_read() throws IOException {
        Path f = tmp.resolve("conn.json");
        Files.writeString(f, "{\"shell_port\": 1, \"iopub_port\": 2, \"stdin_port\": 3, \"control_port\": 4,"
                + " \"hb_port\": 65535, \"key\": \"k\"}");
        ConnectionFile c = ConnectionFile.read(f);
        assertEquals(1, c.shell());
        assertEquals(65535, c.hb());
        assertEquals("tcp://127.0.0.1:1", c.endpoint(1));
    }
}
