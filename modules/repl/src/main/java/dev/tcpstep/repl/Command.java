package dev.tcpstep.repl;

import dev.tcpstep.link.Simulation;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One row of the command table ({@link CommandTable}): everything about one command, in
 * one place. Its name; whether it is typed after an endpoint name ({@code client send ...});
 * its syntax and help (from {@code help.properties}, key {@code help.<name>.*}, unless given);
 * its completer; its {@link Property properties}; its handler; and what it does against the
 * Linux kernel ({@code new --linux}), when that differs. The shell, tab
 * completion, notebooks, the Linux mode and the kernel ask the row, never a list of their own.
 *
 * <p>Adding a command: build a row and register it, e.g.
 * <pre>{@code
 * shell.table().add(Command.named("graph").properties(Property.CELL)
 *         .completer(Completer.words("cwnd", "rtt"))
 *         .run((s, name, args) -> ...));
 * }</pre>
 */
public record Command(String name, boolean afterEndpoint, Set<Property> properties, String syntax, String summary,
                      String body, Completer completer, Handler handler, EndpointHandler endpointHandler,
                      Handler linuxHandler, EndpointHandler linuxEndpointHandler) {

    /** What a command is, beyond what it does. */
    public enum Property {
        /** Saved as a notebook cell and replayed (the shell's own commands — help, save — are not). */
        CELL,
        /**
         * Works against Linux ({@code new --linux}): with the row's Linux handler when it has one
         * ({@link Builder#linux}), else with its own (a command that reads the trace or prints help).
         */
        LINUX,
        /** Changes the session: undo keeps the state before it, a failure rolls it back. */
        CHANGES_SESSION
    }

    public Command {
        Objects.requireNonNull(name, "name");
        properties = properties.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(properties));
        syntax = syntax == null ? "" : syntax;
        summary = summary == null ? "" : summary;
        completer = completer == null ? Completer.NONE : completer;
        if ((handler == null) == (endpointHandler == null)) {
            throw new IllegalArgumentException(name + ": exactly one of handler and endpointHandler");
        }
        if (afterEndpoint ? linuxHandler != null : linuxEndpointHandler != null) {
            throw new IllegalArgumentException(name + ": a Linux handler of the other kind");
        }
    }

    public boolean has(Property p) {
        return properties.contains(p);
    }

    /** A command typed on its own: {@code status}. */
    @FunctionalInterface
    public interface Handler {
        /** Runs the command; {@code args} excludes the command name itself. */
        void run(Shell shell, Token name, List<Token> args) throws CommandException;
    }

    /** A command typed after an endpoint name: {@code client send SYN}; the shell hands over the endpoint. */
    @FunctionalInterface
    public interface EndpointHandler {
        /** Runs the command for {@code endpoint}; {@code args} follow the command name. */
        void run(Shell shell, Simulation.Endpoint endpoint, Token name, List<Token> args) throws CommandException;
    }

    /** One completion candidate: the word, a short description (or null), and whether a space follows it. */
    public record Candidate(String value, String description, boolean complete) {
        public static Candidate word(String value) {
            return new Candidate(value, null, true);
        }

        /** A {@code key=} word: the value follows without a space. */
        public static Candidate partial(String value) {
            return new Candidate(value, null, false);
        }
    }

    /** Completes the word at {@code index} of a command's line (word 0 is the command, after any endpoint name). */
    @FunctionalInterface
    public interface Completer {
        Completer NONE = (shell, words, index) -> List.of();

        List<Candidate> complete(Shell shell, List<String> words, int index);

        /** File names, wherever the cursor is ({@code save}, {@code open}, {@code export}). */
        Completer FILES = (shell, words, index) -> fileNames(words.get(index));

        /** File names for the word being typed: directories end in / and take no space after them. */
        static List<Candidate> fileNames(String typed) {
            List<Candidate> out = new java.util.ArrayList<>();
            java.nio.file.Path p = java.nio.file.Path.of(typed.isEmpty() ? "." : typed);
            java.nio.file.Path dir = typed.endsWith("/") ? p : p.getParent() == null ? java.nio.file.Path.of(".")
                    : p.getParent();
            String prefix = typed.endsWith("/") || typed.isEmpty() ? typed
                    : (p.getParent() == null ? "" : p.getParent() + "/");
            try (java.nio.file.DirectoryStream<java.nio.file.Path> ds = java.nio.file.Files.newDirectoryStream(dir)) {
                for (java.nio.file.Path f : ds) {
                    boolean d = java.nio.file.Files.isDirectory(f);
                    out.add(new Candidate(prefix + f.getFileName() + (d ? "/" : ""), null, !d));
                }
            } catch (java.io.IOException | RuntimeException e) {
                // no completion for an unreadable directory
            }
            out.sort(java.util.Comparator.comparing(Candidate::value));
            return out;
        }

        /** The same words wherever the cursor is. */
        static Completer words(String... words) {
            List<Candidate> c = java.util.Arrays.stream(words).map(Candidate::word).toList();
            return (shell, w, i) -> c;
        }
    }

    /** Starts a row named {@code name}; its help comes from {@code help.properties}. */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /** Builds a {@link Command}. */
    public static final class Builder {
        private final String name;
        private final Set<Property> properties = EnumSet.noneOf(Property.class);
        private String syntax;
        private String summary;
        private String body;
        private Completer completer;
        private Handler linux;
        private EndpointHandler linuxFor;

        private Builder(String name) {
            this.name = name;
            this.syntax = Help.args(name);
            this.summary = Help.summary(name);
            this.body = Help.body(name);
        }

        public Builder properties(Property... ps) {
            properties.addAll(List.of(ps));
            return this;
        }

        /** Help given here instead of {@code help.properties}. */
        public Builder help(String syntax, String summary, String body) {
            this.syntax = syntax;
            this.summary = summary;
            this.body = body;
            return this;
        }

        public Builder completer(Completer c) {
            this.completer = c;
            return this;
        }

        /** What the command does in a Linux session ({@code new --linux}); implies {@link Property#LINUX}. */
        public Builder linux(Handler h) {
            this.linux = h;
            properties.add(Property.LINUX);
            return this;
        }

        /** What an endpoint command does in a Linux session; implies {@link Property#LINUX}. */
        public Builder linuxFor(EndpointHandler h) {
            this.linuxFor = h;
            properties.add(Property.LINUX);
            return this;
        }

        /** Finishes a command typed on its own. */
        public Command run(Handler h) {
            return new Command(name, false, properties, syntax, summary, body, completer, h, null, linux, null);
        }

        /** Finishes a command typed after an endpoint name. */
        public Command runFor(EndpointHandler h) {
            return new Command(name, true, properties, syntax, summary, body, completer, null, h, null, linuxFor);
        }
    }
}
