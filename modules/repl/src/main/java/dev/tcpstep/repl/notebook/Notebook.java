package dev.tcpstep.repl.notebook;

import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A notebook as tcpstep understands it: Jupyter nbformat 4 cells (markdown, tcpstep
 * commands, Java) with their outputs. {@link NotebookFormat} maps it to and from the
 * {@code .ipynb} JSON; {@code extras} keeps what a cell carried that tcpstep does not use
 * (other metadata, attachments) as the original JSON object, so a rewrite changes only
 * outputs. {@code extras} is null for cells made in this session.
 */
public record Notebook(ObjectNode metadata, List<Cell> cells) {

    public Notebook {
        cells = List.copyOf(cells);
    }

    public Notebook withCells(List<Cell> c) {
        return new Notebook(metadata, c);
    }

    /** What a code cell holds: shell commands or Java snippets. */
    public enum Lang {
        COMMAND("command"), JAVA("java");

        private final String key;

        Lang(String key) {
            this.key = key;
        }

        /** The value of {@code metadata.tcpstep.kind}. */
        public String key() {
            return key;
        }
    }

    public sealed interface Cell permits Markdown, Code, Skipped {
        String id();
    }

    /** Text for people; never run. {@code cellType} is markdown or raw. */
    public record Markdown(String id, String cellType, String source, ObjectNode extras) implements Cell {
    }

    /** Commands or Java, with the outputs the last run printed. */
    public record Code(String id, Lang lang, String source, List<Output> outputs, ObjectNode extras) implements Cell {
        public Code {
            outputs = List.copyOf(outputs);
        }

        /** Everything the cell printed, as the shell printed it. */
        public String text() {
            StringBuilder sb = new StringBuilder();
            for (Output o : outputs) {
                sb.append(o.text());
            }
            return sb.toString();
        }

        public Code withOutputs(List<Output> outs) {
            return new Code(id, lang, source, outs, extras);
        }
    }

    /** A cell tcpstep does not know how to run (an unknown cell type or kind): kept, skipped. */
    public record Skipped(String id, String why, ObjectNode raw) implements Cell {
    }

    /** One output of a code cell. {@link #text()} is what the shell printed for it. */
    public sealed interface Output permits Stream, Display, Error {
        String text();
    }

    /** Printed text ({@code stdout}). */
    public record Stream(String name, String text) implements Output {
    }

    /** A ladder diagram: the text the shell printed and the same picture as SVG. */
    public record Display(String text, String svg) implements Output {
    }

    /** A Java compile error or exception; the traceback lines are what the shell printed. */
    public record Error(String ename, String evalue, List<String> traceback) implements Output {
        public Error {
            traceback = List.copyOf(traceback);
        }

        @Override
        public String text() {
            return traceback.isEmpty() ? "" : String.join("\n", traceback) + "\n";
        }
    }

    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;?]*[A-Za-z]");
    private static final Pattern TRAILING = Pattern.compile("[ \\t]+(?=\\n|$)");

    /** Text as replay compares it: ANSI escapes and trailing spaces removed, \r\n as \n. */
    public static String normalize(String s) {
        String t = ANSI.matcher(s.replace("\r\n", "\n")).replaceAll("");
        return TRAILING.matcher(t).replaceAll("");
    }
}
