package dev.tcpstep.repl.notebook;

import dev.tcpstep.repl.notebook.Notebook.Cell;
import dev.tcpstep.repl.notebook.Notebook.Code;
import dev.tcpstep.repl.notebook.Notebook.Display;
import dev.tcpstep.repl.notebook.Notebook.Lang;
import dev.tcpstep.repl.notebook.Notebook.Markdown;
import dev.tcpstep.repl.notebook.Notebook.Output;
import dev.tcpstep.repl.notebook.Notebook.Skipped;
import dev.tcpstep.repl.notebook.Notebook.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Jupyter nbformat 4 ({@code .ipynb}) to {@link Notebook} and back, with Jackson's tree
 * model. Written the way Jupyter writes: keys sorted, one-space indent, multi-line text
 * as a list of lines, nbformat 4.5 (cells have ids).
 *
 * <p>A tcpstep code cell says what it holds in {@code metadata.tcpstep.kind}:
 * {@code "command"} (shell commands, one per line) or {@code "java"} (JShell snippets).
 * A code cell without that key is read as commands.
 */
public final class NotebookFormat {
    static final int MAJOR = 4;
    static final int MINOR = 5;
    /** nbclient's cell tag for "this cell's error is expected". */
    static final String RAISES = "raises-exception";
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private NotebookFormat() {
    }

    // ------------------------------------------------------------------ reading

    /** Parses {@code json}; {@code name} (the file) starts every error message. */
    public static Notebook read(String json, String name) throws NotebookException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String why = e.getOriginalMessage() == null ? e.getClass().getSimpleName()
                    : e.getOriginalMessage().lines().findFirst().orElse("")
                    // Jackson names its own input source; the file name is already in the message.
                    .replaceAll("\\s*\\([^()]*\\[Source:.*$", "")
                    .replaceAll("\\s*at \\[Source:.*$", "");
            throw new NotebookException(name + ": not valid JSON" + where + ": " + why);
        }
        if (root == null || root.isMissingNode()) {
            throw new NotebookException(name + ": empty file (expected: a Jupyter notebook, JSON)");
        }
        if (!root.isObject()) {
            throw new NotebookException(name + ": the top level is " + kind(root) + " (expected: a JSON object, a Jupyter notebook)");
        }
        JsonNode major = root.get("nbformat");
        if (major == null || !major.isIntegralNumber()) {
            throw new NotebookException(name + ": no \"nbformat\" version number (expected: \"nbformat\": 4; is this a Jupyter notebook?)");
        }
        // canConvertToInt first: asInt() throws on a number beyond int (found by fuzzing).
        if (!major.canConvertToInt() || major.asInt() != MAJOR) {
            throw new NotebookException(name + ": nbformat " + major + " is not supported (expected: 4; "
                    + "`jupyter nbconvert --to notebook --nbformat 4` converts it)");
        }
        JsonNode cells = root.get("cells");
        if (cells == null || !cells.isArray()) {
            throw new NotebookException(name + ": \"cells\" is " + (cells == null ? "missing" : kind(cells)) + " (expected: an array of cells)");
        }
        JsonNode meta = root.get("metadata");
        ObjectNode metadata = meta != null && meta.isObject() ? (ObjectNode) meta : NODES.objectNode();
        List<Cell> out = new ArrayList<>();
        int n = 0;
        for (JsonNode c : cells) {
            n++;
            out.add(cell(c, n, name));
        }
        return new Notebook(metadata, out);
    }

    private static Cell cell(JsonNode c, int n, String name) throws NotebookException {
        String at = name + ": cell " + n;
        if (!c.isObject()) {
            throw new NotebookException(at + " is " + kind(c) + " (expected: an object with \"cell_type\" and \"source\")");
        }
        ObjectNode o = (ObjectNode) c;
        String id = o.path("id").isString() ? o.get("id").stringValue() : "cell-" + n;
        JsonNode type = o.get("cell_type");
        if (type == null || !type.isString()) {
            throw new NotebookException(at + ": no \"cell_type\" (expected: \"markdown\", \"code\" or \"raw\")");
        }
        String t = type.stringValue();
        if (!t.equals("markdown") && !t.equals("code") && !t.equals("raw")) {
            return new Skipped(id, "unknown cell type `" + t + "`", o);
        }
        String source = text(o.get("source"), at + ": \"source\"");
        if (!t.equals("code")) {
            return new Markdown(id, t, source, o);
        }
        JsonNode kindNode = o.path("metadata").path("tcpstep").path("kind");
        Lang lang = Lang.COMMAND;
        if (!kindNode.isMissingNode()) {
            String k = kindNode.asString("");
            lang = switch (k) {
                case "command" -> Lang.COMMAND;
                case "java" -> Lang.JAVA;
                default -> null;
            };
            if (lang == null) {
                return new Skipped(id, "unknown code cell kind `" + k + "` (expected: command or java)", o);
            }
        }
        JsonNode outs = o.get("outputs");
        List<Output> outputs = new ArrayList<>();
        if (outs != null && !outs.isNull()) {
            if (!outs.isArray()) {
                throw new NotebookException(at + ": \"outputs\" is " + kind(outs) + " (expected: an array)");
            }
            int k = 0;
            for (JsonNode x : outs) {
                k++;
                outputs.add(output(x, at + ", output " + k));
            }
        }
        return new Code(id, lang, source, outputs, o);
    }

    private static Output output(JsonNode x, String at) throws NotebookException {
        if (!x.isObject()) {
            throw new NotebookException(at + " is " + kind(x) + " (expected: an object with \"output_type\")");
        }
        String type = x.path("output_type").asString("");
        return switch (type) {
            case "stream" -> new Stream(x.path("name").asString("stdout"), text(x.get("text"), at + ": \"text\""));
            case "display_data", "execute_result" -> {
                JsonNode data = x.path("data");
                String plain = data.has("text/plain") ? text(data.get("text/plain"), at + ": \"text/plain\"") : "";
                String svg = data.has("image/svg+xml") ? text(data.get("image/svg+xml"), at + ": \"image/svg+xml\"") : null;
                yield new Display(plain, svg);
            }
            case "error" -> {
                List<String> tb = new ArrayList<>();
                for (JsonNode l : x.path("traceback")) {
                    tb.add(l.asString(""));
                }
                yield new Notebook.Error(x.path("ename").asString(""), x.path("evalue").asString(""), tb);
            }
            default -> throw new NotebookException(at + ": unknown \"output_type\" `" + type
                    + "` (expected: stream, display_data, execute_result or error)");
        };
    }

    /** nbformat's multiline string: a string, or an array of strings to concatenate. */
    private static String text(JsonNode v, String at) throws NotebookException {
        if (v == null || v.isNull()) {
            return "";
        }
        if (v.isString()) {
            return v.stringValue();
        }
        if (v.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode l : v) {
                if (!l.isString()) {
                    throw new NotebookException(at + " has " + kind(l) + " in its list (expected: strings)");
                }
                sb.append(l.stringValue());
            }
            return sb.toString();
        }
        throw new NotebookException(at + " is " + kind(v) + " (expected: a string or a list of strings)");
    }

    private static String kind(JsonNode n) {
        if (n.isObject()) {
            return "an object";
        }
        if (n.isArray()) {
            return "an array";
        }
        if (n.isString()) {
            return "a string";
        }
        if (n.isNumber()) {
            return "a number (" + n + ")";
        }
        if (n.isBoolean()) {
            return n.toString();
        }
        return n.isNull() ? "null" : n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    // ------------------------------------------------------------------ writing

    /** The notebook as Jupyter writes it, ending with a newline. */
    public static String write(Notebook nb) {
        ObjectNode root = NODES.objectNode();
        ArrayNode cells = root.putArray("cells");
        int count = 0;
        for (Cell c : nb.cells()) {
            cells.add(switch (c) {
                case Markdown m -> markdown(m);
                case Code code -> code(code, ++count);
                case Skipped s -> s.raw();
            });
        }
        root.set("metadata", nb.metadata());
        root.put("nbformat", MAJOR);
        root.put("nbformat_minor", MINOR);
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("").withArrayEmptySeparator(""))
                .withObjectIndenter(new DefaultIndenter(" ", "\n"))
                .withArrayIndenter(new DefaultIndenter(" ", "\n"));
        return MAPPER.writer().with(pp).writeValueAsString(sorted(root)) + "\n";
    }

    private static ObjectNode base(ObjectNode extras) {
        return extras == null ? NODES.objectNode() : extras.deepCopy();
    }

    private static ObjectNode markdown(Markdown m) {
        ObjectNode o = base(m.extras());
        o.put("cell_type", m.cellType());
        o.put("id", m.id());
        if (!o.has("metadata")) {
            o.putObject("metadata");
        }
        o.set("source", lines(m.source()));
        return o;
    }

    private static ObjectNode code(Code c, int count) {
        ObjectNode o = base(c.extras());
        o.put("cell_type", "code");
        o.put("id", c.id());
        o.put("execution_count", count);
        ObjectNode meta = o.path("metadata").isObject() ? (ObjectNode) o.get("metadata") : o.putObject("metadata");
        ObjectNode tcp = meta.path("tcpstep").isObject() ? (ObjectNode) meta.get("tcpstep") : meta.putObject("tcpstep");
        tcp.put("kind", c.lang().key());
        if (c.outputs().stream().anyMatch(x -> x instanceof Notebook.Error)) {
            // The error is the lesson: `jupyter nbconvert --execute` runs on past a cell tagged so.
            ArrayNode tags = meta.path("tags").isArray() ? (ArrayNode) meta.get("tags") : meta.putArray("tags");
            boolean tagged = false;
            for (JsonNode t : tags) {
                tagged |= t.asString("").equals(RAISES);
            }
            if (!tagged) {
                tags.add(RAISES);
            }
        }
        ArrayNode outs = o.putArray("outputs");
        for (Output x : c.outputs()) {
            ObjectNode j = outs.addObject();
            switch (x) {
                case Stream s -> {
                    j.put("output_type", "stream");
                    j.put("name", s.name());
                    j.set("text", lines(s.text()));
                }
                case Display d -> {
                    j.put("output_type", "display_data");
                    ObjectNode data = j.putObject("data");
                    // SVG, PNG (drawn from the SVG), an <img> of the SVG and the text: see Diagrams.
                    for (var e : Diagrams.bundle(d.text(), d.svg()).entrySet()) {
                        if (e.getKey().equals("image/png")) {
                            data.put(e.getKey(), e.getValue());
                        } else {
                            data.set(e.getKey(), lines(e.getValue()));
                        }
                    }
                    j.putObject("metadata");
                }
                case Notebook.Error e -> {
                    j.put("output_type", "error");
                    j.put("ename", e.ename());
                    j.put("evalue", e.evalue());
                    ArrayNode tb = j.putArray("traceback");
                    e.traceback().forEach(tb::add);
                }
            }
        }
        o.set("source", lines(c.source()));
        return o;
    }

    /** "a\nb\n" as ["a\n", "b\n"]: how Jupyter stores multi-line text. */
    static ArrayNode lines(String s) {
        ArrayNode a = NODES.arrayNode();
        int start = 0;
        while (start < s.length()) {
            int nl = s.indexOf('\n', start);
            int end = nl < 0 ? s.length() : nl + 1;
            a.add(s.substring(start, end));
            start = end;
        }
        return a;
    }

    /** A copy with every object's keys in order, as Jupyter's writer (sort_keys) does. */
    private static JsonNode sorted(JsonNode n) {
        if (n.isObject()) {
            Map<String, JsonNode> m = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                m.put(e.getKey(), sorted(e.getValue()));
            }
            ObjectNode o = NODES.objectNode();
            m.forEach(o::set);
            return o;
        }
        if (n.isArray()) {
            ArrayNode a = NODES.arrayNode();
            for (JsonNode x : n) {
                a.add(sorted(x));
            }
            return a;
        }
        return n;
    }

    /** The notebook-level metadata tcpstep writes: kernelspec, language_info, and how it ran. */
    static ObjectNode metadata(ObjectNode old, int width, boolean unicode) {
        ObjectNode m = old == null ? NODES.objectNode() : old.deepCopy();
        // The tcpstep kernel (`tcpstep kernel install`) runs these cells in Jupyter.
        m.set("kernelspec", kernelspec());
        m.set("language_info", languageInfo());
        ObjectNode t = m.putObject("tcpstep");
        t.put("width", width);
        t.put("unicode", unicode);
        return m;
    }

    /** The kernel that runs tcpstep notebooks, as a notebook's {@code metadata.kernelspec} names it. */
    public static ObjectNode kernelspec() {
        ObjectNode ks = NODES.objectNode();
        ks.put("display_name", KERNEL_DISPLAY_NAME);
        ks.put("language", "tcpstep");
        ks.put("name", KERNEL_NAME);
        return ks;
    }

    /** The kernel's language: tcpstep commands (Java cells are marked per cell). */
    public static ObjectNode languageInfo() {
        ObjectNode li = NODES.objectNode();
        li.put("name", "tcpstep");
        li.put("version", dev.tcpstep.repl.Version.get());
        li.put("file_extension", ".tcpstep");
        li.put("mimetype", "text/x-tcpstep");
        li.put("codemirror_mode", "shell");
        li.put("pygments_lexer", "text");
        return li;
    }

    public static final String KERNEL_NAME = "tcpstep";
    public static final String KERNEL_DISPLAY_NAME = "tcpstep";

    /** The diagram width a notebook was made with (100 when it does not say). */
    static int width(Notebook nb) {
        return nb.metadata().path("tcpstep").path("width").asInt(100);
    }

    static boolean unicode(Notebook nb) {
        return nb.metadata().path("tcpstep").path("unicode").asBoolean(true);
    }
}
