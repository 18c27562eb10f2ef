package dev.tcpstep.repl;

import dev.tcpstep.checksum.ChecksumWork;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.util.List;

import static dev.tcpstep.repl.Command.Property.CELL;
import static dev.tcpstep.repl.Command.Property.LINUX;

/** The command table. Each handler's help is in {@code help.properties}. */
final class Commands {
    private Commands() {
    }

    static void registerAll(Shell shell) {
        shell.register(Command.named("help").properties(LINUX).completer(Commands::commandNames).run(Commands::help));
        shell.register(Command.named("version").properties(LINUX).run((s, name, args) -> {
            noArguments(args);
            s.out().println(Version.line());
        }));
        shell.register(Command.named("quit").properties(LINUX).run((s, name, args) -> {
            noArguments(args);
            s.requestQuit();
        }));
        shell.register(Command.named("exit").properties(LINUX).run((s, name, args) -> {
            noArguments(args);
            s.requestQuit();
        }));
        shell.register(Command.named("checksum").properties(CELL, LINUX).completer(SimCommands::segmentNumbers)
                .run(Commands::checksum));
    }

    private static List<Command.Candidate> commandNames(Shell s, List<String> words, int index) {
        List<Command.Candidate> out = new java.util.ArrayList<>();
        if (index != 1) {
            return out; // `help` takes one command name
        }
        s.commands().forEach(c -> out.add(new Command.Candidate(c.name(), c.summary(), true)));
        s.endpointCommands().forEach(c -> out.add(new Command.Candidate(c.name(), c.summary(), true)));
        return out;
    }

    static void noArguments(List<Token> args) throws CommandException {
        if (!args.isEmpty()) {
            Token t = args.getFirst();
            throw new CommandException("unexpected argument `" + t.text() + "` (expected: none)", t);
        }
    }

    private static void help(Shell s, Token name, List<Token> args) throws CommandException {
        PrintWriter out = s.out();
        if (args.isEmpty()) {
            out.println(s.style().heading("Commands") + " (a unique prefix is enough; `help <command>` for details):");
            list(out, s.commands(), "");
            out.println(s.style().heading("Endpoint commands") + ", typed after `client` or `server`"
                    + " (e.g. `client send SYN seq=0`):");
            list(out, s.endpointCommands(), "");
            return;
        }
        if (args.size() > 1) {
            throw new CommandException("unexpected argument `" + args.get(1).text() + "` (expected: one command name)",
                    args.get(1));
        }
        Command c = s.resolveForHelp(args.getFirst());
        List<String> lines = CommandTable.help(c);
        int dash = lines.getFirst().lastIndexOf(" — ");
        out.println(s.style().command(lines.getFirst().substring(0, dash)) + lines.getFirst().substring(dash));
        lines.subList(1, lines.size()).forEach(out::println);
    }

    /** One line per command: name and short arguments, then the summary; long synopses wait for `help NAME`. */
    private static void list(PrintWriter out, java.util.Collection<Command> commands, String indent) {
        int w = 0;
        for (Command c : commands) {
            w = Math.max(w, left(c).length());
        }
        for (Command c : commands) {
            out.printf("  %-" + w + "s  %s%n", left(c), c.summary());
        }
    }

    private static String left(Command c) {
        String args = c.syntax().replaceFirst("^<endpoint> " + c.name() + " ?", "");
        if (args.length() > 22) {
            args = args.substring(0, args.lastIndexOf(' ', 21) < 0 ? 21 : args.lastIndexOf(' ', 21)) + " ...";
        }
        return (c.name() + " " + args).trim();
    }

    private static void checksum(Shell s, Token name, List<Token> args) throws CommandException {
        if (args.isEmpty()) {
            throw new CommandException("missing bytes (expected: hex, e.g. `checksum 00 01 f2 03`)",
                    name.column() + name.width(), 1);
        }
        if (args.size() == 1 && args.getFirst().text().startsWith("#")) {
            SimCommands.checksumOf(s, args.getFirst());
            return;
        }
        byte[] data = parseHex(args);
        ChecksumWork w = ChecksumWork.of(data);
        for (String line : w.render()) {
            s.out().println(line);
        }
    }

    /** Hex bytes from tokens: each token an even number of hex digits, `0x` and `:` allowed. */
    static byte[] parseHex(List<Token> tokens) throws CommandException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Token t : tokens) {
            String text = t.text();
            int skip = text.startsWith("0x") || text.startsWith("0X") ? 2 : 0;
            StringBuilder digits = new StringBuilder();
            for (int i = skip; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == ':') {
                    continue;
                }
                if (Character.digit(c, 16) < 0) {
                    throw new CommandException("not hex: `" + text + "` has `" + c
                            + "` (expected: hex digits 0-9, a-f)", t.column() + (t.quoted() ? 0 : i), t.quoted() ? t.width() : 1);
                }
                digits.append(c);
            }
            if (digits.isEmpty() || digits.length() % 2 != 0) {
                throw new CommandException("odd number of hex digits in `" + text + "` (" + digits.length()
                        + "; expected: two digits per byte)", t);
            }
            for (int i = 0; i < digits.length(); i += 2) {
                bytes.write(Integer.parseInt(digits, i, i + 2, 16));
            }
        }
        return bytes.toByteArray();
    }
}
