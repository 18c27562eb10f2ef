package dev.tcpstep.repl.kernel;

import dev.tcpstep.repl.Shell;
import dev.tcpstep.repl.Style;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CellKindTest {
    static final CommandTable TABLE = new CommandTable(new Shell(new PrintWriter(new StringWriter()), Style.PLAIN));

    @Test
    void everyShippedCodeCell_isReadAsItsSavedKind() throws Exception {
        int n = 0;
        for (Path p : KernelJupyterTest.shipped()) {
            JsonNode nb = Wire.JSON.readTree(Files.readString(p));
            for (JsonNode c : nb.path("cells")) {
                if (!c.path("cell_type").asString().equals("code")) {
                    continue;
                }
                String source = KernelJupyterTest.text(c.path("source"));
                boolean java = c.path("metadata").path("tcpstep").path("kind").asString().equals("java");
                assertEquals(java, CellKind.of(source, TABLE).java(), p.getFileName() + ": " + source);
                n++;
            }
        }
        assertTrue(n > 100, "expected the shipped notebooks' code cells, read " + n);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "client send SYN seq=0",            // an endpoint and its command
        "stat",                             // a unique prefix
        "d",                                // an ambiguous prefix: the shell says which commands it matches
        "note \"a (quoted) remark; fine\"", // Java punctuation inside quotes does not count
        "# a comment\n\nnew --isn 0,5000",  // comments and blank lines before the first command
        "java int x = 1;",                  // the shell's own java command
    })
    void commands(String cell) {
        assertFalse(CellKind.of(cell, TABLE).java(), cell);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "var x = 3;",
        "sim.client().state()",
        "// a Java comment\nint y = 2;",
        "new Object()",                     // `new` is a command too, but a command has no parentheses
        "for (int i = 0; i < 3; i++) {",
        "x",                                // no command starts with x
    })
    void java(String cell) {
        assertTrue(CellKind.of(cell, TABLE).java(), cell);
    }

    @Test
    void javaMagic_forcesJava_andIsNotPartOfTheSource() {
        CellKind k = CellKind.of("\n%%java\nstatus = 1;\n", TABLE);
        assertTrue(k.java());
        assertEquals("status = 1;\n", k.source());
    }
}
