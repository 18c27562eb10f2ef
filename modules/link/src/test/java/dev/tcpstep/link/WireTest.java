package dev.tcpstep.link;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireTest {
    private static final long MS = 1_000_000L;

    private static String describe(Wire.Transmission t) {
        StringBuilder sb = new StringBuilder("#" + t.number() + (t.lost() ? " dropped " + t.dropped() : ""));
        for (Wire.Arrival a : t.arrivals()) {
            sb.append(" @").append(a.time()).append(a.fates()).append(Arrays.hashCode(a.bytes()));
        }
        return sb.toString();
    }

    private static List<String> run(LinkProfile p, long seed, int packets) {
        Wire w = new Wire(p, seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < packets; i++) {
            out.add(describe(w.transmit(i * MS, new byte[40 + i % 7])));
        }
        return out;
    }

    @Test
    void calmWireDeliversEachPacketOnceAfterTheDelay() {
        Wire w = new Wire(LinkProfile.DEFAULT, 1);
        byte[] p = {1, 2, 3};
        Wire.Transmission t = w.transmit(5 * MS, p);
        assertEquals(1, t.arrivals().size());
        assertEquals(15 * MS, t.arrivals().getFirst().time());
        assertArrayEquals(p, t.arrivals().getFirst().bytes());
        assertEquals(List.of(Wire.Fate.DELIVERED), t.arrivals().getFirst().fates());
    }

    @Test
    void sameSeedSameFates() {
        LinkProfile p = LinkProfile.DEFAULT.withLoss(0.2).withDuplicate(0.1).withReorder(0.1).withCorrupt(0.1)
                .withJitterNanos(3 * MS);
        assertEquals(run(p, 42, 500), run(p, 42, 500));
        assertNotEquals(run(p, 42, 500), run(p, 43, 500));
    }

    @Test
    void lossRateIsRoughlyTheProfilesAndLostPacketsSayWhy() {
        Wire w = new Wire(LinkProfile.DEFAULT.withLoss(0.3), 7);
        int lost = 0;
        for (int i = 0; i < 10_000; i++) {
            Wire.Transmission t = w.transmit(i, new byte[20]);
            if (t.lost()) {
                lost++;
                assertEquals("lost on the link (loss 30%)", t.dropReason());
            }
        }
        assertTrue(lost > 2800 && lost < 3200, "lost " + lost + " of 10000 at 30%");
    }

    @Test
    void corruptionFlipsExactlyOneBit() {
        Wire w = new Wire(LinkProfile.DEFAULT.withCorrupt(1), 3);
        byte[] p = new byte[60];
        Wire.Arrival a = w.transmit(0, p).arrivals().getFirst();
        int bits = 0;
        for (int i = 0; i < p.length; i++) {
            bits += Integer.bitCount((a.bytes()[i] ^ p[i]) & 0xFF);
        }
        assertEquals(1, bits);
        assertEquals(List.of(Wire.Fate.CORRUPTED), a.fates());
        assertArrayEquals(new byte[60], p, "the sender's bytes are never changed");
    }

    @Test
    void packetsLargerThanTheMtuAreDropped() {
        Wire w = new Wire(LinkProfile.DEFAULT.withMtu(576), 1);
        Wire.Transmission t = w.transmit(0, new byte[577]);
        assertTrue(t.lost());
        assertEquals(Wire.Fate.TOO_BIG, t.dropped());
        assertEquals("packet of 577 bytes exceeds the MTU of 576", t.dropReason());
        assertFalse(w.transmit(0, new byte[576]).lost());
    }

    @Test
    void bandwidthSerializesBackToBackPackets() {
        Wire w = new Wire(LinkProfile.DEFAULT.withDelayNanos(0).withBitsPerSecond(8_000_000), 1); // 1 byte/us
        assertEquals(1000_000, w.transmit(0, new byte[1000]).arrivals().getFirst().time());
        assertEquals(2000_000, w.transmit(0, new byte[1000]).arrivals().getFirst().time(), "waits for the first");
    }

    @Test
    void aimedShotsHitExactlyTheirPacket() {
        Wire w = new Wire(LinkProfile.DEFAULT, 1);
        w.aim(Wire.Shot.DROP, 2, 0);
        w.aim(Wire.Shot.DUPLICATE, 3, 0);
        w.aim(Wire.Shot.DELAY, 4, 50 * MS);
        assertFalse(w.transmit(0, new byte[20]).lost());
        Wire.Transmission second = w.transmit(0, new byte[20]);
        assertTrue(second.lost());
        assertEquals("dropped on request (drop next)", second.dropReason());
        assertEquals(2, w.transmit(0, new byte[20]).arrivals().size());
        Wire.Arrival late = w.transmit(0, new byte[20]).arrivals().getFirst();
        assertEquals(60 * MS, late.time());
        assertEquals(List.of(Wire.Fate.DELAYED), late.fates());
        assertTrue(w.aimed().isEmpty());
    }

    @Test
    void copyContinuesTheSameRandomStream() {
        LinkProfile p = LinkProfile.DEFAULT.withLoss(0.5);
        Wire a = new Wire(p, 9);
        for (int i = 0; i < 10; i++) {
            a.transmit(i, new byte[20]);
        }
        Wire b = a.copy();
        for (int i = 0; i < 100; i++) {
            assertEquals(describe(a.transmit(i, new byte[20])), describe(b.transmit(i, new byte[20])));
        }
    }

    @Test
    void badProfilesSayWhatWasExpected() {
        var e = assertThrows(IllegalArgumentException.class, () -> LinkProfile.DEFAULT.withLoss(1.5));
        assertEquals("loss 1.5 (expected: 0..1, e.g. 0.1 for 10%)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LinkProfile.DEFAULT.withMtu(20));
        assertEquals("mtu 20 (expected: 68..65535)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Wire(LinkProfile.DEFAULT, 1).aim(Wire.Shot.DROP, 0, 0));
        assertTrue(e.getMessage().startsWith("packet 0"));
    }
}
