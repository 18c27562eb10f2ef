package dev.tcpstep.codec;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The flags byte as a value: each flag alone in all three text forms and its predicate,
 * several at once in their fixed orders, {@code has} meaning "all of these", and the range
 * check of both ways in.
 */
class TcpFlagsTest {
    private static final int[] BITS = {TcpFlags.FIN, TcpFlags.SYN, TcpFlags.RST, TcpFlags.PSH,
        TcpFlags.ACK, TcpFlags.URG, TcpFlags.ECE, TcpFlags.CWR};
    private static final String[] NAMES = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
    private static final String[] LETTERS = {"F", "S", "R", "P", ".", "U", "E", "W"};

    @Test
    void eachFlagAlone_inEveryForm() {
        for (int i = 0; i < BITS.length; i++) {
            TcpFlags f = TcpFlags.of(BITS[i]);
            assertEquals(1 << i, BITS[i], "bit position of " + NAMES[i] + " (RFC 9293 §3.1, RFC 3168 §23.2)");
            assertEquals(List.of(NAMES[i]), f.names());
            assertEquals(NAMES[i], f.toString());
            assertEquals(LETTERS[i], f.tcpdump());
            assertEquals(BITS[i] == TcpFlags.SYN, f.syn(), NAMES[i]);
            assertEquals(BITS[i] == TcpFlags.ACK, f.ack(), NAMES[i]);
            assertEquals(BITS[i] == TcpFlags.FIN, f.fin(), NAMES[i]);
            assertEquals(BITS[i] == TcpFlags.RST, f.rst(), NAMES[i]);
            assertEquals(BITS[i] == TcpFlags.PSH, f.psh(), NAMES[i]);
            assertEquals(BITS[i] == TcpFlags.URG, f.urg(), NAMES[i]);
        }
    }

    @Test
    void severalFlags_keepTheirOrderInEachForm() {
        TcpFlags all = TcpFlags.of(0xFF);
        assertEquals(List.of("CWR", "ECE", "URG", "ACK", "PSH", "RST", "SYN", "FIN"), all.names());
        assertEquals("SYN,FIN,RST,PSH,ACK,URG,ECE,CWR", all.toString());
        assertEquals("FSRP.UEW", all.tcpdump());
        TcpFlags synAck = TcpFlags.of(TcpFlags.SYN | TcpFlags.ACK);
        assertEquals(List.of("ACK", "SYN"), synAck.names());
        assertEquals("SYN,ACK", synAck.toString());
        assertEquals("S.", synAck.tcpdump());
        assertEquals(List.of(), TcpFlags.NONE.names());
        assertEquals("none", TcpFlags.NONE.toString());
        assertEquals("none", TcpFlags.NONE.tcpdump());
        for (int b = 0; b < 256; b++) {
            assertEquals(Integer.bitCount(b), TcpFlags.of(b).names().size(), "bits " + b);
        }
    }

    @Test
    void hasMeansAllOfTheGivenFlags() {
        TcpFlags syn = TcpFlags.of(TcpFlags.SYN);
        assertTrue(syn.has(TcpFlags.SYN));
        assertFalse(syn.has(TcpFlags.SYN | TcpFlags.ACK));
        assertTrue(TcpFlags.of(TcpFlags.SYN | TcpFlags.ACK).has(TcpFlags.SYN | TcpFlags.ACK));
        assertTrue(syn.has(0), "the empty set is always there");
    }

    @Test
    void withAndWithoutChangeOneFlag_andOfSharesInstances() {
        TcpFlags syn = TcpFlags.of(TcpFlags.SYN);
        assertEquals(TcpFlags.of(TcpFlags.SYN | TcpFlags.ACK), syn.with(TcpFlags.ACK));
        assertEquals(syn, syn.with(TcpFlags.SYN));
        assertEquals(TcpFlags.NONE, syn.without(TcpFlags.SYN));
        assertEquals(syn, syn.without(TcpFlags.FIN));
        assertEquals(syn, TcpFlags.of(TcpFlags.SYN | TcpFlags.ACK).without(TcpFlags.ACK));
        assertSame(TcpFlags.of(0x12), TcpFlags.of(0x12));
        assertEquals(0x12, TcpFlags.of(0x12).bits());
    }

    @Test
    void bitsOutsideOneByteAreRefused_byBothWaysIn() {
        for (int bad : new int[] {0x100, -1, 0x1FF}) {
            String msg = "flag bits 0x" + Integer.toHexString(bad) + " (expected: 0x00..0xff)";
            assertEquals(msg, assertThrows(IllegalArgumentException.class, () -> TcpFlags.of(bad)).getMessage());
            assertEquals(msg, assertThrows(IllegalArgumentException.class, () -> new TcpFlags(bad)).getMessage());
        }
        assertEquals(0xFF, new TcpFlags(0xFF).bits());
    }
}
