package dev.tcpstep.repl.notebook;

import dev.tcpstep.repl.CommandException;
import dev.tcpstep.repl.Shell;
import dev.tcpstep.repl.Style;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Java cells that never end, and cells the compiler chokes on: the shell lives on. */
class JavaCellsStopTest {
    static JavaCells cells;
    static final AtomicBoolean CTRL_C = new AtomicBoolean();

    @BeforeAll
    static void start() {
        cells = new JavaCells(() -> null, () -> CTRL_C.getAndSet(false));
    }

    @AfterAll
    static void stop() {
        cells.close();
    }

    @Test
    @Timeout(30)
    void anEndlessLoopStopsAtTheTimeLimit_andItsVariablesSurvive() {
        assertNull(cells.run("int kept = 7;").error());
        long t0 = System.nanoTime();
        JavaCells.Result r = cells.run("while (true) { }", Duration.ofSeconds(1));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertNotNull(r.error());
        assertEquals("Timeout", r.error().ename());
        assertEquals("error: the cell was stopped after 1 s, the time limit for a Java cell "
                + "(TCPSTEP_JAVA_TIMEOUT=SECONDS sets it; 0 for none)", r.error().text().strip());
        assertTrue(ms >= 1000 && ms < 30000, ms + " ms");
        assertEquals("kept ==> 7\n", cells.run("kept").text());
    }

    @Test
    @Timeout(30)
    void interruptFromAnotherThreadStopsTheCell() throws Exception {
        CompletableFuture<JavaCells.Result> running = CompletableFuture.supplyAsync(
                () -> cells.run("long n = 0; while (true) { n++; }"));
        Thread.sleep(300);
        assertTrue(!running.isDone(), "the loop ends only when stopped");
        cells.interrupt();
        JavaCells.Result r = running.get(5, TimeUnit.SECONDS);
        assertEquals("Interrupted", r.error().ename());
        assertEquals("error: the cell was interrupted", r.error().text().strip());
        // An interrupt with no cell running is not kept for the next one.
        cells.interrupt();
        assertEquals("$" , cells.run("1 + 1").text().substring(0, 1));
        assertNull(cells.run("1 + 1").error());
    }

    @Test
    @Timeout(30)
    void theShellsCtrlCFlagStopsASleepingCell() throws Exception {
        CompletableFuture<JavaCells.Result> running = CompletableFuture.supplyAsync(
                () -> cells.run("Thread.sleep(60_000);"));
        Thread.sleep(300);
        CTRL_C.set(true);
        JavaCells.Result r = running.get(5, TimeUnit.SECONDS);
        assertEquals("Interrupted", r.error().ename(), r.text());
    }

    @Test
    @Timeout(30)
    void aCellStuckWhereItCannotBeStoppedIsAbandoned_andTheNextCellStartsAfresh() throws Exception {
        // ReentrantLock.lock() ignores interrupts and has no check JShell can compile in.
        ReentrantLock lock = new ReentrantLock();
        lock.lock();
        System.getProperties().put("tcpstep.test.lock", lock);
        try (JavaCells own = new JavaCells(() -> null)) {
            assertNull(own.run("int before = 1;").error());
            long t0 = System.nanoTime();
            JavaCells.Result r = own.run("((java.util.concurrent.locks.ReentrantLock) System.getProperties()"
                    + ".get(\"tcpstep.test.lock\")).lock();", Duration.ofSeconds(1));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals("Timeout", r.error().ename());
            assertTrue(r.error().text().contains("it did not stop"), r.text());
            assertTrue(ms < 15000, ms + " ms");
            // A fresh JShell: it works, and the old variables are gone (as the message said).
            assertEquals("$1 ==> 2\n", own.run("1 + 1").text());
            assertEquals("CompileError", own.run("before").error().ename());
        } finally {
            lock.unlock();
            System.getProperties().remove("tcpstep.test.lock");
        }
    }

    @Test
    void aJavacInternalErrorIsOneLineOfError_andVariablesSurvive() {
        assertNull(cells.run("int survivor = 3;").error());
        // javac 25 fails with "AssertionError: Unexpected type tree" on this one.
        JavaCells.Result r = cells.run("enum int record | List ! < @@ switch");
        assertEquals("InternalError", r.error().ename(), r.text());
        List<String> lines = r.text().lines().toList();
        assertEquals(1, lines.size(), r.text());
        assertTrue(lines.getFirst().startsWith("error: the Java compiler failed on this cell (AssertionError: "),
                lines.getFirst());
        assertEquals("survivor ==> 3\n", cells.run("survivor").text());
    }

    @Test
    void theLimitComesFromTheSetting() {
        String old = System.getProperty("tcpstep.java.timeout");
        try {
            System.clearProperty("tcpstep.java.timeout");
            if (System.getenv("TCPSTEP_JAVA_TIMEOUT") == null) {
                assertEquals(JavaCells.DEFAULT_LIMIT, JavaCells.limit());
            }
            System.setProperty("tcpstep.java.timeout", "3");
            assertEquals(Duration.ofSeconds(3), JavaCells.limit());
            System.setProperty("tcpstep.java.timeout", "0");
            assertNull(JavaCells.limit());
            System.setProperty("tcpstep.java.timeout", "soon");
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    JavaCells::limit);
            assertTrue(e.getMessage().startsWith("TCPSTEP_JAVA_TIMEOUT=soon is not a time limit"), e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty("tcpstep.java.timeout");
            } else {
                System.setProperty("tcpstep.java.timeout", old);
            }
        }
    }

    /** Random tokens as `java` cells, through the shell: each is an error line or a value, never an escape. */
    @Test
    @Timeout(300)
    void randomTokenCellsThroughTheShell_neverEscape() throws Exception {
        String[] toks = {")", "(", ";", "class", "{", "}", "@", "@@", "<", ">", "<<", ">>", "List", "int", "x", "=",
                "new", "[", "]", "?", ":", "->", "::", "enum", "record", "interface", "switch", "case", "default",
                "yield", "var", "1", "0x", "1e", "/*", "//", "sealed", "permits", "this", "super", "<T>", "extends",
                "&", "|", "...", ".", "import", "static", "package", "throw", "try", "catch", "assert", "void",
                "return", "while", "for", "if", "else", "#", "$", "~", "!", "List<List<String>", "Map<String,"};
        StringWriter sw = new StringWriter();
        Shell shell = new Shell(new PrintWriter(sw, true), Style.PLAIN);
        String old = System.getProperty("tcpstep.java.timeout");
        System.setProperty("tcpstep.java.timeout", "2");
        Random rnd = new Random(16);
        int cells = 400;
        int errors = 0;
        try {
            shell.execute("java int alive = 42;");
            for (int i = 0; i <= cells; i++) {
                StringBuilder line = new StringBuilder("java");
                for (int n = 1 + rnd.nextInt(10); n > 0; n--) {
                    line.append(' ').append(toks[rnd.nextInt(toks.length)]);
                }
                // The line that crashed javac, among the random ones.
                String cell = i == cells / 2 ? "java enum int record | List ! < @@ switch" : line.toString();
                sw.getBuffer().setLength(0);
                try {
                    shell.execute(cell); // no input here: an open snippet is not continued
                } catch (CommandException e) {
                    errors++; // one line, like any bad input
                }
                String out = sw.toString();
                assertTrue(!out.contains("\tat ") && !out.contains("Exception in"), cell + "\n" + out);
                if (i == cells / 2) {
                    assertTrue(out.startsWith("error: the Java compiler failed on this cell"), out);
                }
            }
            sw.getBuffer().setLength(0);
            shell.execute("java alive");
            assertEquals("alive ==> 42\n", sw.toString());
            assertTrue(errors < cells / 2, errors + " cells failed as commands rather than as Java");
        } finally {
            NotebookSession.of(shell).close();
            if (old == null) {
                System.clearProperty("tcpstep.java.timeout");
            } else {
                System.setProperty("tcpstep.java.timeout", old);
            }
        }
    }
}
