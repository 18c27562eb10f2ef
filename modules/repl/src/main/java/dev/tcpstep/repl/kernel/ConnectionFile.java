package dev.tcpstep.repl.kernel;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The connection file Jupyter hands a kernel: where to bind its five sockets and the key
 * that signs messages. Only {@code hmac-sha256} (what Jupyter writes) is accepted.
 */
record ConnectionFile(String transport, String ip, int shell, int iopub, int stdin, int control, int hb,
                      String key) {

    /** Reads {@code file}; the message of the exception says which field is wrong. */
    static ConnectionFile read(Path file) throws IOException {
        JsonNode n;
        try {
            n = Wire.JSON.readTree(Files.readString(file));
        } catch (JacksonException e) {
            throw new IOException(file + ": not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw new IOException(file + ": expected a JSON object (a Jupyter connection file)");
        }
        String scheme = n.path("signature_scheme").asString("hmac-sha256");
        if (!scheme.equals("hmac-sha256")) {
            throw new IOException(file + ": signature_scheme `" + scheme + "` is not supported (expected: hmac-sha256)");
        }
        String transport = n.path("transport").asString("tcp");
        if (!transport.equals("tcp") && !transport.equals("ipc")) {
            throw new IOException(file + ": transport `" + transport + "` (expected: tcp or ipc)");
        }
        return new ConnectionFile(transport, n.path("ip").asString("127.0.0.1"),
                port(n, "shell_port", file), port(n, "iopub_port", file), port(n, "stdin_port", file),
                port(n, "control_port", file), port(n, "hb_port", file), n.path("key").asString(""));
    }

    private static int port(JsonNode n, String field, Path file) throws IOException {
        JsonNode p = n.get(field);
        if (p == null || !p.isIntegralNumber() || !p.canConvertToInt() || p.asInt() < 1 || p.asInt() > 65535) {
            throw new IOException(file + ": \"" + field + "\" is " + (p == null ? "missing" : p.toString())
                    + " (expected: a port number 1..65535)");
        }
        return p.asInt();
    }

    /** The ZeroMQ endpoint for {@code port}: {@code tcp://127.0.0.1:5555} or {@code ipc://ip-5555}. */
    String endpoint(int port) {
        return transport.equals("tcp") ? "tcp://" + ip + ":" + port : "ipc://" + ip + "-" + port;
    }
}
