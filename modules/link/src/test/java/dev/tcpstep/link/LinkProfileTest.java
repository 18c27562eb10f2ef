package dev.tcpstep.link;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The link profile as a value: each {@code withX} changes exactly its own field, every
 * range is accepted at its edges and refused just outside with the field's name, and the
 * serialization delay is exact.
 */
class LinkProfileTest {
    private static final LinkProfile P = new LinkProfile(1, 2, 3, 1000, 0.1, 0.2, 0.3, 4, 0.4, false);

    @Test
    void eachWitherChangesOnlyItsField() {
        assertEquals(new LinkProfile(9, 2, 3, 1000, 0.1, 0.2, 0.3, 4, 0.4, false), P.withDelayNanos(9));
        assertEquals(new LinkProfile(1, 9, 3, 1000, 0.1, 0.2, 0.3, 4, 0.4, false), P.withJitterNanos(9));
        assertEquals(new LinkProfile(1, 2, 9, 1000, 0.1, 0.2, 0.3, 4, 0.4, false), P.withBitsPerSecond(9));
        assertEquals(new LinkProfile(1, 2, 3, 576, 0.1, 0.2, 0.3, 4, 0.4, false), P.withMtu(576));
        assertEquals(new LinkProfile(1, 2, 3, 1000, 0.9, 0.2, 0.3, 4, 0.4, false), P.withLoss(0.9));
        assertEquals(new LinkProfile(1, 2, 3, 1000, 0.1, 0.9, 0.3, 4, 0.4, false), P.withDuplicate(0.9));
        assertEquals(new LinkProfile(1, 2, 3, 1000, 0.1, 0.2, 0.9, 4, 0.4, false), P.withReorder(0.9));
        assertEquals(new LinkProfile(1, 2, 3, 1000, 0.1, 0.2, 0.3, 4, 0.9, false), P.withCorrupt(0.9));
        assertEquals(new LinkProfile(1, 2, 3, 1000, 0.1, 0.2, 0.3, 4, 0.4, true), P.withEcnMarking(true));
        LinkProfile ecn = P.withEcnMarking(true);
        // every other wither keeps the ECN flag
        for (LinkProfile q : List.of(ecn.withDelayNanos(9), ecn.withJitterNanos(9), ecn.withBitsPerSecond(9),
                ecn.withMtu(576), ecn.withLoss(0), ecn.withDuplicate(0), ecn.withReorder(0), ecn.withCorrupt(0))) {
            assertEquals(true, q.ecnMarking(), q.toString());
        }
        assertEquals(new LinkProfile(1, 2, 3, 1000, 0.1, 0.2, 0.3, 4, 0.4, false),
                new LinkProfile(1, 2, 3, 1000, 0.1, 0.2, 0.3, 4, 0.4));
    }

    @Test
    void defaultIs10msDelay1500Mtu5msReorderAndNothingElse() {
        assertEquals(new LinkProfile(10_000_000L, 0, 0, 1500, 0, 0, 0, 5_000_000L, 0, false), LinkProfile.DEFAULT);
    }

    @Test
    void rangesAreAcceptedAtTheirEdges() {
        LinkProfile edges = LinkProfile.DEFAULT.withDelayNanos(0).withJitterNanos(0).withBitsPerSecond(0)
                .withLoss(0).withDuplicate(1).withReorder(1).withCorrupt(1).withMtu(68);
        assertEquals(68, edges.mtu());
        assertEquals(65535, edges.withMtu(65535).mtu());
        assertEquals(1.0, edges.withLoss(1).loss());
        assertEquals(0.0, edges.withCorrupt(0).corrupt());
        assertEquals(0L, new LinkProfile(0, 0, 0, 1500, 0, 0, 0, 0, 0).reorderNanos());
    }

    @Test
    void valuesJustOutsideAreRefusedByName() {
        refused("delay -1 (expected: >= 0)", () -> P.withDelayNanos(-1));
        refused("jitter -1 (expected: >= 0)", () -> P.withJitterNanos(-1));
        refused("bandwidth -1 (expected: >= 0)", () -> P.withBitsPerSecond(-1));
        refused("reorder delay -1 (expected: >= 0)", () -> new LinkProfile(0, 0, 0, 1500, 0, 0, 0, -1, 0));
        refused("mtu 67 (expected: 68..65535)", () -> P.withMtu(67));
        refused("mtu 65536 (expected: 68..65535)", () -> P.withMtu(65536));
        refused("loss -0.01 (expected: 0..1, e.g. 0.1 for 10%)", () -> P.withLoss(-0.01));
        refused("loss NaN (expected: 0..1, e.g. 0.1 for 10%)", () -> P.withLoss(Double.NaN));
        refused("dup 1.01 (expected: 0..1, e.g. 0.1 for 10%)", () -> P.withDuplicate(1.01));
        refused("reorder -0.5 (expected: 0..1, e.g. 0.1 for 10%)", () -> P.withReorder(-0.5));
        refused("corrupt 2.0 (expected: 0..1, e.g. 0.1 for 10%)", () -> P.withCorrupt(2));
    }

    @Test
    void serializationTakesBitsOverBandwidth_orNothingWhenUnlimited() {
        assertEquals(0, LinkProfile.DEFAULT.serializationNanos(1500));
        LinkProfile mbit = LinkProfile.DEFAULT.withBitsPerSecond(1_000_000);
        assertEquals(12_000_000L, mbit.serializationNanos(1500)); // 12,000 bits at 1 Mbit/s = 12 ms
        assertEquals(8_000L, mbit.serializationNanos(1));
        assertEquals(0L, mbit.serializationNanos(0));
        // 65535 bytes at 1 bit/s: the product needs 64 bits
        assertEquals(65_535L * 8 * 1_000_000_000L, LinkProfile.DEFAULT.withBitsPerSecond(1).serializationNanos(65_535));
        assertEquals(2_666L, LinkProfile.DEFAULT.withBitsPerSecond(3_000_000).serializationNanos(1)); // rounds down
    }

    private static void refused(String message, Executable e) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, e).getMessage());
    }
}
