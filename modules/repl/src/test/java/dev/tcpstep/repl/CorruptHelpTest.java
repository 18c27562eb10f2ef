package dev.tcpstep.repl;

import dev.tcpstep.codec.MalformedPacketException;
import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.SegmentCodec;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code help corrupt} says what the receiver does with a packet whose one bit the link
 * flipped (link.Wire flips one random bit of the whole packet; Simulation.deliver decodes
 * it strictly — the IPv4 header checksum included — then drops it when the TCP checksum fails). Every bit of the default
 * session's SYN, flipped, must land where the help says.
 */
class CorruptHelpTest {
    /** The default session's first SYN (client connect), IPv4 with MSS: 44 bytes. */
    private static final String SYN = "4500002c000040004006b6c8c0000201c0000202c0000050847d47b5000000006002ffff879f0000020405b4";

    @Test
    void everyFlippedBitOfASynLandsWhereTheHelpSays() {
        byte[] p = HexFormat.of().parseHex(SYN);
        int checksum = 0;
        int malformed = 0;
        int delivered = 0;
        for (int bit = 0; bit < p.length * 8; bit++) {
            byte[] q = p.clone();
            q[bit >>> 3] ^= (byte) (1 << (bit & 7));
            try {
                Segment s = SegmentCodec.decode(q);
                if (Boolean.FALSE.equals(s.checksumValid())) {
                    checksum++;
                } else {
                    delivered++;
                }
            } catch (MalformedPacketException e) {
                malformed++;
            }
        }
        assertEquals(352, checksum + malformed + delivered);
        // RFC 791's header checksum covers every IPv4 header bit the TCP checksum leaves out
        // (TOS, identification, flags, TTL, the header checksum itself): none goes unnoticed.
        assertEquals(0, delivered, delivered + " flipped bits went unnoticed");
        String body = Help.body("corrupt");
        assertTrue(body.contains("each of the " + p.length * 8 + " bits of a SYN with MSS"),
                "the help's count is stale: " + p.length * 8 + " bits\n" + body);
        assertTrue(checksum > malformed && malformed > 0, checksum + " " + malformed);
    }
}
