package dev.tcpstep.link;

import dev.tcpstep.codec.Payload;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetentionTest {
    @TempDir
    Path dir;

    /**
     * A run that exercises every kind of entry: losses, duplicates, reordering, a corrupted
     * copy dropped at the receiver, a copy held back so that later packets settle first,
     * data both ways, a close by both sides and TIME-WAIT. Returns every entry the steps and
     * advances returned, in order (what a caller sees whatever the trace keeps).
     */
    static List<TraceEntry> scenario(Simulation sim) {
        List<TraceEntry> seen = new ArrayList<>();
        sim.server().listen();
        sim.aim(sim.client(), Wire.Shot.CORRUPT, 2, null);
        sim.aim(sim.client(), Wire.Shot.DELAY, 4, Duration.ofMillis(300));
        sim.client().connect();
        drain(sim, seen);
        sim.client().write(Payload.ofUtf8("x".repeat(5000)));
        sim.server().write("hello, client");
        drain(sim, seen);
        sim.server().read();
        sim.client().read();
        sim.client().close();
        drain(sim, seen);
        sim.server().close();
        drain(sim, seen);
        seen.addAll(sim.advance(Duration.ofMinutes(5)));
        return seen;
    }

    private static void drain(Simulation sim, List<TraceEntry> seen) {
        for (int i = 0; i < 10_000 && sim.hasPending(); i++) {
            seen.addAll(sim.step());
        }
    }

    static Simulation.Builder builder(long seed) {
        return Simulation.builder().seed(seed).fixedIsns(0, 5000)
                .link(LinkProfile.DEFAULT.withLoss(0.15).withDuplicate(0.1).withReorder(0.1));
    }

    /** The reference: a full trace of the scenario, and its exports. */
    private Simulation full(long seed) {
        Simulation sim = builder(seed).build();
        scenario(sim);
        return sim;
    }

    @Test
    void fullIsTheDefaultAndKeepsEveryEntryAndTheJournal() {
        Simulation sim = Simulation.builder().build();
        assertEquals(Retention.full(), sim.trace().retention());
        assertTrue(sim.undo());
        List<TraceEntry> seen = scenario(sim);
        List<TraceEntry> all = sim.trace().entries();
        assertTrue(all.containsAll(seen) && all.size() > seen.size(), "calls add entries of their own");
        assertEquals(sim.trace().added(), all.size());
        assertEquals(0, sim.trace().firstKept());
    }

    @Nested
    class Last {
        @ParameterizedTest
        @ValueSource(ints = {1, 7, 50})
        void keepsAtMostNEntriesTheMostRecentOnes(int n) {
            Simulation ref = builder(4).build();
            List<TraceEntry> seenInFull = scenario(ref);
            List<TraceEntry> all = ref.trace().entries();
            Simulation sim = builder(4).retention(Retention.last(n)).build();
            List<TraceEntry> seen = scenario(sim);
            Trace t = sim.trace();
            assertTrue(all.size() > n, "the scenario makes more than " + n + " entries");
            assertEquals(n, t.entries().size());
            assertEquals(all.size(), t.size(), "size() counts every entry added");
            assertEquals(all.size() - n, t.firstKept());
            assertEquals(textOf(all.subList(all.size() - n, all.size())), textOf(t.entries()));
            assertEquals(textOf(seenInFull), textOf(seen),
                    "step() and advance() return what they produced, whatever is kept");
        }

        @Test
        void sinceAMarkNoLongerKeptSaysSo() {
            Simulation sim = builder(4).retention(Retention.last(5)).build();
            scenario(sim);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> sim.trace().since(0));
            assertTrue(e.getMessage().contains("from #0 on are no longer kept (retention last 5 keeps entries #"),
                    e.getMessage());
            assertEquals(sim.trace().entries().subList(2, 5), sim.trace().since((int) sim.trace().firstKept() + 2));
        }

        @Test
        void belowOneIsRejected() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Retention.last(0));
            assertEquals("retention of the last 0 entries (expected: at least 1)", e.getMessage());
        }
    }

    @Nested
    class Streamed {
        @ParameterizedTest
        @ValueSource(longs = {1, 4, 9, 23})
        void pcapngIsByteIdenticalToExportingTheFullTrace(long seed) throws IOException {
            Path exported = dir.resolve("full.pcapng");
            Exports.pcapng(full(seed).trace(), exported);
            Path streamed = dir.resolve("streamed.pcapng");
            Simulation sim = builder(seed).retention(Retention.pcapng(streamed)).build();
            scenario(sim);
            assertFalse(Files.exists(streamed), "the target appears only when the run is closed");
            assertEquals(List.of(), sim.trace().entries());
            sim.close();
            assertArrayEquals(Files.readAllBytes(exported), Files.readAllBytes(streamed));
            assertEquals(List.of(exported, streamed), listing(), "no temporary file is left");
        }

        @Test
        void pcapngWithPacketsStillInFlightAtCloseMatchesTheExportAtThatMoment() throws IOException {
            Simulation ref = builder(2).build();
            ref.server().listen();
            ref.client().connect();
            ref.step();
            Path exported = dir.resolve("full.pcapng");
            Exports.pcapng(ref.trace(), exported);
            Path streamed = dir.resolve("streamed.pcapng");
            Simulation sim = builder(2).retention(Retention.pcapng(streamed)).build();
            sim.server().listen();
            sim.client().connect();
            sim.step();
            assertTrue(sim.hasPending());
            sim.close();
            assertArrayEquals(Files.readAllBytes(exported), Files.readAllBytes(streamed));
        }

        @ParameterizedTest
        @ValueSource(longs = {1, 4, 9})
        void jsonLinesAreByteIdenticalToExportingTheFullTrace(long seed) throws IOException {
            Path exported = dir.resolve("full.jsonl");
            Exports.jsonLines(full(seed).trace(), exported);
            Path streamed = dir.resolve("streamed.jsonl");
            Simulation sim = builder(seed).retention(Retention.jsonLines(streamed)).build();
            scenario(sim);
            sim.close();
            sim.close(); // a second close changes nothing
            assertArrayEquals(Files.readAllBytes(exported), Files.readAllBytes(streamed));
        }

        @Test
        void nothingCanBeAddedAfterClose() throws IOException {
            Path f = dir.resolve("t.jsonl");
            Simulation sim = builder(1).retention(Retention.jsonLines(f)).build();
            sim.server().listen();
            sim.close();
            long size = Files.size(f);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> sim.client().connect());
            assertTrue(e.getMessage().contains("was closed"), e.getMessage());
            assertEquals(size, Files.size(f));
        }

        @Test
        void aMissingDirectoryIsAClearErrorAndWritesNothing() {
            Path f = dir.resolve("no/such/dir/t.pcapng");
            UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> builder(1).retention(Retention.pcapng(f)).build());
            assertEquals("cannot stream the trace to " + f + ": no such directory: " + f.getParent()
                    + "; nothing was written", e.getMessage());
            assertEquals(List.of(), listing());
        }

        @Test
        void undoWithAStreamedTraceIsRejectedBeforeAnyFileIsMade() {
            Path f = dir.resolve("t.pcapng");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> builder(1).retention(Retention.pcapng(f)).undo(true).build());
            assertTrue(e.getMessage().startsWith("undo(true) with retention pcapng "), e.getMessage());
            assertEquals(List.of(), listing());
        }

        @Test
        void exportingATraceThatKeepsNothingIsAClearError() throws IOException {
            Simulation sim = builder(1).retention(Retention.counters()).build();
            scenario(sim);
            Path f = dir.resolve("x.pcapng");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Exports.pcapng(sim.trace(), f));
            assertTrue(e.getMessage().startsWith("the trace keeps no entries (retention counters)"), e.getMessage());
            assertFalse(Files.exists(f));
        }
    }

    @Nested
    class Counters {
        @Test
        void countPacketsBytesLossesAndDropsPerDirectionAsTheFullTraceShows() {
            Simulation ref = full(9);
            Simulation sim = builder(9).retention(Retention.counters()).build();
            scenario(sim);
            assertEquals(List.of(), sim.trace().entries());
            TraceCounters c = sim.trace().counters();
            assertEquals(ref.trace().counters(), c, "the counters do not depend on what is kept");
            List<TraceEntry> all = ref.trace().entries();
            assertEquals(all.size(), c.entries());
            for (String[] d : new String[][] {{"client", "server"}, {"server", "client"}}) {
                TraceCounters.Direction row = c.direction(d[0], d[1]);
                List<TraceEntry.Sent> sent = all.stream().filter(e -> e instanceof TraceEntry.Sent s
                        && s.from().equals(d[0])).map(e -> (TraceEntry.Sent) e).toList();
                assertEquals(sent.size(), row.packets());
                assertEquals(sent.stream().mapToLong(s -> s.bytes().length).sum(), row.bytes());
                assertEquals(sent.stream().mapToLong(s -> s.segment().payload().length()).sum(), row.payloadBytes());
                assertEquals(sent.stream().filter(TraceEntry.Sent::retransmission).count(), row.retransmissions());
                assertEquals(count(all, e -> e instanceof TraceEntry.Delivered v && v.to().equals(d[1])),
                        row.delivered());
                assertEquals(count(all, e -> e instanceof TraceEntry.Dropped v && v.to().equals(d[1])), row.dropped());
                long lost = count(all, e -> e instanceof TraceEntry.Link l && l.fate() == Wire.Fate.LOST
                        && ref.trace().sent(l.number()).from().equals(d[0]));
                assertEquals(lost, row.lost());
            }
            TraceCounters.Direction up = c.direction("client", "server");
            assertTrue(up.lost() > 0 && up.dropped() == 1 && up.corrupted() == 1 && up.duplicated() > 0,
                    "the scenario loses, corrupts and duplicates client packets: " + up);
            assertEquals(c.packets(), ref.trace().of(TraceEntry.Sent.class).size());
            assertEquals(count(all, e -> e instanceof TraceEntry.Endpoint), c.events());
        }

        @Test
        void undoIsOffUnlessAskedForAndSnapshotSaysWhy() {
            Simulation sim = builder(1).retention(Retention.counters()).build();
            assertFalse(sim.undo());
            sim.server().listen();
            IllegalStateException e = assertThrows(IllegalStateException.class, sim::snapshot);
            assertTrue(e.getMessage().startsWith("this simulation keeps no undo journal"), e.getMessage());
            assertEquals(1, sim.journalSize(), "calls are still counted");
            Simulation noUndo = builder(1).undo(false).build();
            assertThrows(IllegalStateException.class, noUndo::snapshot);
        }

        @Test
        void undoCanBeKeptWithABoundedTraceAndRestoreKeepsTheRetention() {
            Simulation sim = builder(3).retention(Retention.last(10)).undo(true).build();
            sim.server().listen();
            sim.client().connect();
            sim.step();
            Simulation.Snapshot snap = sim.snapshot();
            sim.run();
            Simulation back = Simulation.restore(snap);
            assertEquals(Retention.last(10), back.trace().retention());
            assertTrue(sim.trace().counters().entries() > back.trace().counters().entries());
            back.run();
            assertEquals(sim.trace().counters(), back.trace().counters());
            assertEquals(textOf(sim.trace().entries()), textOf(back.trace().entries()));
        }
    }

    @Nested
    class Determinism {
        @ParameterizedTest
        @ValueSource(strings = {"full", "last", "pcapng", "jsonLines", "counters"})
        void sameSeedGivesTheSameEntriesAndCountersInEveryMode(String mode) throws IOException {
            Function<String, Retention> r = name -> switch (mode) {
                case "full" -> Retention.full();
                case "last" -> Retention.last(20);
                case "pcapng" -> Retention.pcapng(dir.resolve(name + ".pcapng"));
                case "jsonLines" -> Retention.jsonLines(dir.resolve(name + ".jsonl"));
                default -> Retention.counters();
            };
            Simulation a = builder(11).retention(r.apply("a")).build();
            Simulation b = builder(11).retention(r.apply("b")).build();
            List<TraceEntry> sa = scenario(a);
            List<TraceEntry> sb = scenario(b);
            a.close();
            b.close();
            assertEquals(textOf(sa), textOf(sb));
            assertEquals(a.trace().counters(), b.trace().counters());
            assertEquals(textOf(a.trace().entries()), textOf(b.trace().entries()));
            if (a.trace().retention().keepsEntries()) {
                assertFalse(a.trace().entries().isEmpty());
                Path pa = dir.resolve("a.out");
                Path pb = dir.resolve("b.out");
                Exports.pcapng(a.trace(), pa);
                Exports.pcapng(b.trace(), pb);
                assertArrayEquals(Files.readAllBytes(pa), Files.readAllBytes(pb));
            } else if (a.trace().retention().file() != null) {
                assertArrayEquals(Files.readAllBytes(a.trace().retention().file()),
                        Files.readAllBytes(b.trace().retention().file()));
                assertTrue(Files.size(a.trace().retention().file()) > 100);
            }
        }

        @Test
        void everyModeSeesTheSameEntriesAsFull() throws IOException {
            Simulation full = builder(5).build();
            List<String> reference = textOf(scenario(full));
            List<String> everything = textOf(full.trace().entries());
            for (Retention r : List.of(Retention.last(3), Retention.counters(),
                    Retention.jsonLines(dir.resolve("x.jsonl")))) {
                Simulation sim = builder(5).retention(r).build();
                List<TraceEntry> listened = new ArrayList<>();
                sim.trace().addListener(listened::add);
                assertEquals(reference, textOf(scenario(sim)), r.toString());
                assertEquals(everything, textOf(listened), "listeners see every entry: " + r);
                sim.close();
            }
        }
    }

    @Test
    void closeChangesNothingForATraceKeptInMemory() throws IOException {
        Simulation sim = builder(1).retention(Retention.last(4)).build();
        sim.server().listen();
        sim.close();
        sim.client().connect();
        sim.run();
        assertTrue(sim.trace().size() > 2);
        assertEquals(4, sim.trace().entries().size());
    }

    @Test
    void listenersAndCountersWorkOnAPlainTrace() {
        Trace t = new Trace();
        List<TraceEntry> got = new ArrayList<>();
        t.addListener(got::add);
        TraceEntry e = new TraceEntry.Call(5, "client", "listen 80", "ok");
        t.add(e);
        assertSame(e, got.getFirst());
        assertEquals(1, t.counters().entries());
        assertEquals(0, t.counters().packets());
    }

    private List<Path> listing() {
        try (var s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().endsWith(".out")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long count(List<TraceEntry> all, java.util.function.Predicate<TraceEntry> p) {
        return all.stream().filter(p).count();
    }

    /** Entries as time and text: records with byte arrays compare by identity, their text by value. */
    static List<String> textOf(List<TraceEntry> entries) {
        return entries.stream().map(e -> e.time() + " " + e.text()).toList();
    }
}
