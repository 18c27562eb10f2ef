package dev.tcpstep.repl.kernel;

/**
 * Whether a Jupyter cell is tcpstep commands or Java. In a saved notebook each code cell
 * says so in {@code metadata.tcpstep.kind}, but Jupyter sends a kernel only the cell's
 * source, so the kernel decides from the source alone:
 * <ol>
 *   <li>a first line {@code %%java} makes the rest of the cell Java;</li>
 *   <li>otherwise the first line that is not blank and not a {@code #} comment decides: it
 *       is a command when its first word names a command, the start of one, or an
 *       endpoint, and the line (outside quotes) has none of {@code ( ) { } ;}: Java
 *       statements have them, tcpstep commands never do ({@code java ...}, the shell's
 *       own Java command, is a command);</li>
 *   <li>anything else is Java ({@code // comments}, {@code var x = ...},
 *       {@code sim.client().state()}).</li>
 * </ol>
 * A test checks the rule against every code cell of the shipped notebooks.
 */
record CellKind(boolean java, String source) {
    static final String JAVA_MAGIC = "%%java";

    static CellKind of(String code, CommandTable table) {
        String rest = code;
        int nl;
        // Leading blank lines do not count.
        while ((nl = rest.indexOf('\n')) >= 0 && rest.substring(0, nl).isBlank()) {
            rest = rest.substring(nl + 1);
        }
        String firstLine = nl < 0 ? rest : rest.substring(0, nl);
        if (firstLine.strip().equals(JAVA_MAGIC)) {
            return new CellKind(true, nl < 0 ? "" : rest.substring(nl + 1));
        }
        for (String line : code.lines().toList()) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            return new CellKind(!isCommand(l, table), code);
        }
        return new CellKind(false, code);
    }

    private static boolean isCommand(String line, CommandTable table) {
        int end = 0;
        while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '-'
                || line.charAt(end) == '_')) {
            end++;
        }
        if (end == 0 || (end < line.length() && !Character.isWhitespace(line.charAt(end)))) {
            return false; // `sim.client()`, `byte[] b`, `x=3`: not a bare word
        }
        String word = line.substring(0, end);
        if (word.equals("java")) {
            return true; // the shell's own `java SNIPPET` / `java` ... `.` forms
        }
        if (!table.namesCommand(word)) {
            return false;
        }
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && "(){};".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
