package dev.tcpstep.repl.kernel;

import dev.tcpstep.repl.Shell;
import dev.tcpstep.repl.Style;
import dev.tcpstep.repl.Token;
import dev.tcpstep.repl.Tokenizer;
import dev.tcpstep.repl.Version;
import dev.tcpstep.repl.notebook.Diagrams;
import dev.tcpstep.repl.notebook.KernelCells;
import dev.tcpstep.repl.notebook.Notebook;
import dev.tcpstep.repl.notebook.NotebookFormat;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The tcpstep Jupyter kernel (messaging protocol 5.3, over ZeroMQ with JeroMQ). One shell
 * session per kernel process: a code cell runs as tcpstep commands, one per line, or as
 * Java (JShell, with the session's {@code sim}); markdown never reaches a kernel.
 *
 * <p>Threads: the shell channel's requests run one at a time on their own thread; the
 * control channel has its own, so {@code interrupt_request} and {@code shutdown_request}
 * are answered while a cell runs; the heartbeat echoes on a third. IOPub is shared,
 * behind a lock (a ZeroMQ socket is not thread-safe). A message whose HMAC signature does
 * not match the connection file's key is dropped and logged to stderr (Jupyter's log).
 */
public final class Kernel {
    private final ConnectionFile conn;
    private final Wire wire;
    private final PrintStream log;
    private final Shell shell;
    private final KernelCells cells;
    private final CommandTable table;
    private final CountDownLatch shutdown = new CountDownLatch(1);
    private ZMQ.Socket iopub;
    private int executionCount;

    Kernel(ConnectionFile conn, PrintStream log) {
        this.conn = conn;
        this.wire = new Wire(conn.key());
        this.log = log;
        // Output is captured per cell; the writer underneath only collects what a cell printed.
        this.shell = new Shell(new PrintWriter(new StringWriter()), new Style(false, true));
        this.cells = new KernelCells(shell);
        this.table = new CommandTable(shell);
    }

    /** Binds the five sockets and serves until a {@code shutdown_request}. */
    int serve() {
        // The context is not closed at the end: the process exits (Main), and closing sockets
        // that other threads are blocked on is not safe in ZeroMQ.
        ZContext ctx = new ZContext();
        try {
            ZMQ.Socket shellSocket = bind(ctx, SocketType.ROUTER, conn.shell());
            ZMQ.Socket control = bind(ctx, SocketType.ROUTER, conn.control());
            ZMQ.Socket stdin = bind(ctx, SocketType.ROUTER, conn.stdin());
            ZMQ.Socket hb = bind(ctx, SocketType.REP, conn.hb());
            iopub = bind(ctx, SocketType.PUB, conn.iopub());
            daemon("tcpstep-kernel-heartbeat", () -> heartbeat(hb));
            daemon("tcpstep-kernel-control", () -> loop(control, "control"));
            daemon("tcpstep-kernel-shell", () -> loop(shellSocket, "shell"));
            daemon("tcpstep-kernel-parent", this::watchParent);
            publish(null, "status", status("starting"));
            shutdown.await();
            Thread.sleep(200); // the shutdown reply and the last status leave before the process ends
            stdin.setLinger(0);
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private ZMQ.Socket bind(ZContext ctx, SocketType type, int port) {
        ZMQ.Socket s = ctx.createSocket(type);
        s.setLinger(1000);
        s.bind(conn.endpoint(port));
        return s;
    }

    private static void daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    /**
     * Ends the kernel when the process that started it is gone (as IPython's parent poller
     * does): Jupyter passes its pid as {@code JPY_PARENT_PID}; without it, our parent's.
     */
    private void watchParent() {
        String env = System.getenv("JPY_PARENT_PID");
        java.util.Optional<ProcessHandle> parent;
        try {
            parent = env != null && !env.isBlank() ? ProcessHandle.of(Long.parseLong(env.strip()))
                    : ProcessHandle.current().parent();
        } catch (NumberFormatException e) {
            parent = ProcessHandle.current().parent();
        }
        if (parent.isEmpty()) {
            return;
        }
        try {
            while (parent.get().isAlive()) {
                Thread.sleep(1000);
            }
            log.println("tcpstep kernel: the process that started the kernel is gone; shutting down");
            shutdown.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void heartbeat(ZMQ.Socket hb) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                byte[] ping = hb.recv(0);
                if (ping == null) {
                    return;
                }
                hb.send(ping, 0);
            }
        } catch (ZMQException e) {
            // The context closed: the kernel is shutting down.
        }
    }

    private void loop(ZMQ.Socket socket, String channel) {
        try {
            while (shutdown.getCount() > 0) {
                List<byte[]> frames = receive(socket, 0);
                if (frames == null) {
                    return;
                }
                Wire.Message m;
                try {
                    m = wire.decode(frames);
                } catch (Wire.Rejected r) {
                    log.println("tcpstep kernel: dropped a message on the " + channel + " channel: " + r.getMessage());
                    log.flush();
                    continue;
                }
                handle(socket, channel, m);
            }
        } catch (ZMQException e) {
            // The context closed: the kernel is shutting down.
        } catch (RuntimeException e) {
            // A bug: say so in Jupyter's log and go down, rather than hang without a reply.
            log.println("tcpstep kernel: internal error on the " + channel + " channel: " + e);
            shutdown.countDown();
        }
    }

    private static List<byte[]> receive(ZMQ.Socket socket, int flags) {
        byte[] first = socket.recv(flags);
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return frames;
    }

    private void send(ZMQ.Socket socket, List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    private void reply(ZMQ.Socket socket, Wire.Message request, String type, ObjectNode content) {
        send(socket, wire.encode(wire.reply(request, type, content), null));
    }

    /** Sends on IOPub; {@code parent} null for messages about the kernel itself (starting). */
    private void publish(Wire.Message parent, String type, ObjectNode content) {
        Wire.Message m = wire.reply(parent, type, content);
        synchronized (this) {
            send(iopub, wire.encode(m, ("kernel." + wire.session() + "." + type).getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static ObjectNode status(String state) {
        ObjectNode c = Wire.NODES.objectNode();
        c.put("execution_state", state);
        return c;
    }

    private void handle(ZMQ.Socket socket, String channel, Wire.Message m) {
        publish(m, "status", status("busy"));
        try {
            switch (m.type()) {
                case "kernel_info_request" -> reply(socket, m, "kernel_info_reply", kernelInfo());
                case "execute_request" -> execute(socket, m);
                case "complete_request" -> reply(socket, m, "complete_reply", complete(m.content()));
                case "inspect_request" -> reply(socket, m, "inspect_reply", inspect(m.content()));
                case "is_complete_request" -> reply(socket, m, "is_complete_reply", isComplete(m.content()));
                case "comm_info_request" -> {
                    ObjectNode c = ok();
                    c.putObject("comms");
                    reply(socket, m, "comm_info_reply", c);
                }
                case "history_request" -> {
                    ObjectNode c = ok();
                    c.putArray("history");
                    reply(socket, m, "history_reply", c);
                }
                case "interrupt_request" -> {
                    cells.interrupt();
                    reply(socket, m, "interrupt_reply", ok());
                }
                case "shutdown_request" -> {
                    ObjectNode c = ok();
                    c.put("restart", m.content().path("restart").asBoolean(false));
                    reply(socket, m, "shutdown_reply", c);
                    publish(m, "status", status("idle"));
                    shutdown.countDown();
                    return;
                }
                default -> log.println("tcpstep kernel: ignored `" + m.type() + "` on the " + channel
                        + " channel (not supported)");
            }
        } finally {
            if (shutdown.getCount() > 0) {
                publish(m, "status", status("idle"));
            }
        }
    }

    private static ObjectNode ok() {
        ObjectNode c = Wire.NODES.objectNode();
        c.put("status", "ok");
        return c;
    }

    private ObjectNode kernelInfo() {
        ObjectNode c = ok();
        c.put("protocol_version", Wire.PROTOCOL_VERSION);
        c.put("implementation", "tcpstep");
        c.put("implementation_version", Version.get());
        c.set("language_info", NotebookFormat.languageInfo());
        c.put("banner", Version.line() + "\nA cell is tcpstep commands, one per line, or Java (JShell, with the "
                + "session as `sim`); `%%java` on the first line forces Java. `help` lists the commands.");
        c.put("debugger", false);
        ArrayNode links = c.putArray("help_links");
        ObjectNode l = links.addObject();
        l.put("text", "RFC 9293");
        l.put("url", "https://www.rfc-editor.org/rfc/rfc9293");
        return c;
    }

    // ------------------------------------------------------------------ execute

    private void execute(ZMQ.Socket socket, Wire.Message m) {
        String code = m.content().path("code").asString("");
        boolean silent = m.content().path("silent").asBoolean(false);
        boolean store = m.content().path("store_history").asBoolean(!silent);
        if (store && !silent) {
            executionCount++;
        }
        if (!silent) {
            ObjectNode in = Wire.NODES.objectNode();
            in.put("code", code);
            in.put("execution_count", executionCount);
            publish(m, "execute_input", in);
        }
        CellKind kind = CellKind.of(code, table);
        KernelCells.Ran ran = cells.run(kind.source(), kind.java());
        Notebook.Error error = ran.error();
        if (!silent) {
            for (Notebook.Output o : ran.outputs()) {
                output(m, o);
            }
            if (error != null && !ran.outputs().contains(error)) {
                output(m, error);
            }
        }
        ObjectNode r = Wire.NODES.objectNode();
        r.put("execution_count", executionCount);
        if (error == null) {
            r.put("status", "ok");
            r.putObject("user_expressions");
            ArrayNode payload = r.putArray("payload");
            if (ran.quit()) {
                // As IPython's `exit`: the front end is asked to close; the kernel goes down either way
                // (a session that quit runs nothing more), and Jupyter restarts it fresh on demand.
                ObjectNode ask = payload.addObject();
                ask.put("source", "ask_exit");
                ask.put("keepkernel", false);
            }
        } else {
            r.put("status", "error");
            r.put("ename", error.ename());
            r.put("evalue", error.evalue());
            ArrayNode tb = r.putArray("traceback");
            error.traceback().forEach(tb::add);
        }
        reply(socket, m, "execute_reply", r);
        if (ran.quit()) {
            log.println("tcpstep kernel: the session quit; shutting down");
            publish(m, "status", status("idle"));
            shutdown.countDown();
            return;
        }
        if (error != null && m.content().path("stop_on_error").asBoolean(true)) {
            abortQueued(socket);
        }
    }

    private void output(Wire.Message parent, Notebook.Output o) {
        switch (o) {
            case Notebook.Stream s -> {
                ObjectNode c = Wire.NODES.objectNode();
                c.put("name", s.name());
                c.put("text", s.text());
                publish(parent, "stream", c);
            }
            case Notebook.Display d -> {
                ObjectNode c = Wire.NODES.objectNode();
                ObjectNode data = c.putObject("data");
                Diagrams.bundle(d.text(), d.svg()).forEach(data::put);
                c.putObject("metadata");
                c.putObject("transient");
                publish(parent, "display_data", c);
            }
            case Notebook.Error e -> {
                ObjectNode c = Wire.NODES.objectNode();
                c.put("ename", e.ename());
                c.put("evalue", e.evalue());
                ArrayNode tb = c.putArray("traceback");
                e.traceback().forEach(tb::add);
                publish(parent, "error", c);
            }
        }
    }

    /** After an error with {@code stop_on_error}: the executions already queued are aborted, not run. */
    private void abortQueued(ZMQ.Socket socket) {
        List<byte[]> frames;
        while ((frames = receive(socket, ZMQ.DONTWAIT)) != null) {
            Wire.Message q;
            try {
                q = wire.decode(frames);
            } catch (Wire.Rejected r) {
                log.println("tcpstep kernel: dropped a message on the shell channel: " + r.getMessage());
                continue;
            }
            if (q.type().equals("execute_request")) {
                publish(q, "status", status("busy"));
                ObjectNode c = Wire.NODES.objectNode();
                c.put("status", "aborted");
                c.put("execution_count", executionCount);
                reply(socket, q, "execute_reply", c);
                publish(q, "status", status("idle"));
            } else {
                handle(socket, "shell", q);
            }
        }
    }

    // ------------------------------------------------------------------ complete, inspect, is_complete

    /** The cursor's line and the words on it before the cursor (tcpstep's own tokenizer). */
    private record AtCursor(String before, int wordStart, List<String> words, String prefix) {
        static AtCursor of(String code, int cursorChars) {
            int lineStart = code.lastIndexOf('\n', cursorChars - 1) + 1;
            String before = code.substring(lineStart, cursorChars);
            int ws = before.length();
            while (ws > 0 && !Character.isWhitespace(before.charAt(ws - 1))) {
                ws--;
            }
            List<String> words = new ArrayList<>();
            try {
                for (Token t : Tokenizer.tokenize(before.substring(0, ws))) {
                    words.add(t.text());
                }
            } catch (dev.tcpstep.repl.CommandException e) {
                // An open quote before the cursor: nothing sensible to complete.
                return new AtCursor(before, lineStart + ws, null, "");
            }
            return new AtCursor(before, lineStart + ws, words, before.substring(ws));
        }
    }

    /** Jupyter counts the cursor in code points; Java strings index UTF-16 chars. */
    private static int chars(String code, int codePoints) {
        int cp = Math.max(0, Math.min(codePoints, code.codePointCount(0, code.length())));
        return code.offsetByCodePoints(0, cp);
    }

    private static int codePoints(String code, int chars) {
        return code.codePointCount(0, chars);
    }

    private ObjectNode complete(ObjectNode req) {
        String code = req.path("code").asString("");
        int cursor = chars(code, req.path("cursor_pos").asInt(code.codePointCount(0, code.length())));
        ObjectNode c = ok();
        ArrayNode matches = c.putArray("matches");
        ArrayNode types = c.putObject("metadata").putArray("_jupyter_types_experimental");
        AtCursor at = AtCursor.of(code, cursor);
        int start = cursor;
        CellKind kind = CellKind.of(code, table);
        if (kind.java()) {
            int offset = code.length() - kind.source().length(); // after a `%%java` line
            if (cursor >= offset) {
                KernelCells.Completion j = cells.completeJava(kind.source(), cursor - offset);
                start = offset + j.anchor();
                for (String name : j.candidates()) {
                    matches.add(name);
                    ObjectNode t = types.addObject();
                    t.put("text", name);
                    t.put("type", name.endsWith("(") || name.endsWith("()") ? "function" : "java");
                    t.put("start", codePoints(code, start));
                    t.put("end", codePoints(code, cursor));
                }
            }
        } else if (at.words() != null) {
            start = at.wordStart();
            for (CommandTable.Entry e : table.complete(at.words(), at.prefix())) {
                matches.add(e.name());
                ObjectNode t = types.addObject();
                t.put("text", e.name());
                t.put("type", "command");
                t.put("signature", e.summary());
                t.put("start", codePoints(code, start));
                t.put("end", codePoints(code, cursor));
            }
        }
        c.put("cursor_start", codePoints(code, start));
        c.put("cursor_end", codePoints(code, cursor));
        return c;
    }

    private ObjectNode inspect(ObjectNode req) {
        String code = req.path("code").asString("");
        int cursor = chars(code, req.path("cursor_pos").asInt(0));
        int lineStart = code.lastIndexOf('\n', cursor - 1) + 1;
        int lineEnd = code.indexOf('\n', cursor);
        String line = code.substring(lineStart, lineEnd < 0 ? code.length() : lineEnd);
        List<String> words = new ArrayList<>();
        try {
            Tokenizer.tokenize(line).forEach(t -> words.add(t.text()));
        } catch (dev.tcpstep.repl.CommandException e) {
            // An open quote: inspect the words before it.
        }
        ObjectNode c = ok();
        CellKind kind = CellKind.of(code, table);
        int offset = code.length() - kind.source().length();
        String help = !kind.java() ? table.help(words)
                : cursor < offset ? null : cells.documentJava(kind.source(), cursor - offset,
                req.path("detail_level").asInt(0) > 0);
        c.put("found", help != null);
        ObjectNode data = c.putObject("data");
        if (help != null) {
            data.put("text/plain", help);
        }
        c.putObject("metadata");
        return c;
    }

    private ObjectNode isComplete(ObjectNode req) {
        String code = req.path("code").asString("");
        CellKind kind = CellKind.of(code, table);
        ObjectNode c = Wire.NODES.objectNode();
        if (kind.java()) {
            boolean more = cells.incompleteJava(kind.source());
            c.put("status", more ? "incomplete" : "complete");
            if (more) {
                c.put("indent", "    ");
            }
            return c;
        }
        for (String line : code.lines().toList()) {
            try {
                Tokenizer.tokenize(line);
            } catch (dev.tcpstep.repl.CommandException e) {
                c.put("status", "invalid"); // an unterminated quote: more lines will not close it
                return c;
            }
        }
        c.put("status", "complete");
        return c;
    }

    /** {@code tcpstep kernel CONNECTION_FILE}: serves until Jupyter shuts it down. */
    static int run(java.nio.file.Path connectionFile, PrintStream err) {
        ConnectionFile conn;
        try {
            conn = ConnectionFile.read(connectionFile);
        } catch (java.io.IOException e) {
            err.println("tcpstep kernel: " + e.getMessage());
            return 2;
        }
        return new Kernel(conn, err).serve();
    }
}
