package dev.tcpstep.link;

import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.SegmentCodec;
import dev.tcpstep.codec.TcpFlags;
import dev.tcpstep.codec.TcpdumpFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Arrivals the wire left alone take the trusted decode; they must be what a strict decode of the bytes gives. */
class DeliverTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 4, 9, 23})
    void everyDeliveredSegmentIsWhatAStrictDecodeOfItsBytesGives(long seed) {
        Simulation sim = RetentionTest.builder(seed).link(LinkProfile.DEFAULT.withLoss(0.1).withDuplicate(0.1)
                .withReorder(0.1).withCorrupt(0.1)).build();
        RetentionTest.scenario(sim);
        List<TraceEntry.Delivered> delivered = sim.trace().of(TraceEntry.Delivered.class);
        assertTrue(delivered.size() > 10, "the run delivers segments: " + delivered.size());
        for (TraceEntry.Delivered d : delivered) {
            Segment strict = SegmentCodec.decode(sim.trace().sent(d.number()).bytes());
            Segment got = d.segment();
            assertEquals(TcpdumpFormat.line(strict), TcpdumpFormat.line(got), "#" + d.number());
            assertEquals(strict.checksum(), got.checksum(), "#" + d.number());
            assertEquals(Boolean.TRUE, got.checksumValid(), "#" + d.number());
            assertEquals(strict.toString(), got.toString(), "#" + d.number());
            assertArrayEquals(strict.payload().toArray(), got.payload().toArray(), "#" + d.number());
        }
        long corrupted = sim.trace().of(TraceEntry.Link.class).stream().filter(l -> l.fate() == Wire.Fate.CORRUPTED)
                .count();
        assertTrue(corrupted > 0, "the run corrupts copies");
        assertEquals(corrupted, sim.trace().of(TraceEntry.Dropped.class).size(),
                "every corrupted copy is checked and dropped, never delivered");
    }

    @Test
    void aTypedSegmentWithAWrongChecksumIsDroppedEvenThoughTheWireLeftItAlone() {
        Simulation sim = Simulation.builder().seed(7).fixedIsns(0, 5000).build();
        sim.server().listen();
        Segment bad = Segment.builder().addresses(sim.client().address(), sim.server().address()).srcPort(49152)
                .dstPort(80).seq(0).flags(TcpFlags.SYN).window(65535).checksum(0x1234).build();
        sim.client().send(bad);
        List<TraceEntry> got = sim.step();
        assertTrue(got.getFirst() instanceof TraceEntry.Dropped d
                && d.reason().equals("TCP checksum 0x1234 does not verify: the segment is corrupt and is never delivered"),
                got.toString());
        assertEquals(List.of(), sim.trace().of(TraceEntry.Delivered.class));
        assertEquals(1, sim.trace().counters().direction("client", "server").dropped());
    }
}
