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
 * it strictly, then drops it when the TCP checksum fails). Every bit of the default
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
                    // Only IPv4 fields the TCP checksum does not cover: TOS (1), ID (4-5), flags (6), TTL (8),
                    // header checksum (10-11).
                    int at = bit >>> 3;
                    assertTrue(at == 1 || at == 4 || at == 5 || at == 6 || at == 8 || at == 10 || at == 11,
                            "bit " + bit + " (byte " + at + ") went unnoticed");
                }
            } catch (MalformedPacketException e) {
                malformed++;
            }
        }
        assertEquals(352, checksum + malformed + delivered);
        String body = Help.body("corrupt");
        assertTrue(body.contains(delivered + " of the " + p.length * 8 + " bits of a SYN with MSS"),
                "the help's count is stale: " + delivered + " of " + p.length * 8 + " bits are delivered\n" + body);
        assertTrue(checksum > malformed && malformed > 0, checksum + " " + malformed);
    }
}
