package dev.tcpstep.tun;

import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.TcpFlags;
import dev.tcpstep.codec.TcpOption;
import dev.tcpstep.statemachine.Profile;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What runs without root: the availability report, trace lines, the MSS clamp, socket replies. */
class UnitTest {
    @Test
    void availability_namesWhatIsMissing() {
        Availability a = new Availability(true, false, true, true, false,
                List.of("not root: running as uid 1000 (need uid 0 to create a network namespace and a TUN device)",
                        "no python3 on the PATH (the kernel-side socket programs need it)"));
        assertFalse(a.available());
        assertFalse(a.linkAvailable());
        assertTrue(a.reason().startsWith("not root: running as uid 1000"));
        TunUnavailableException e = assertThrows(TunUnavailableException.class, a::requireLink);
        assertEquals(1, e.missing().size(), "python3 is not needed for the link itself");
        assertTrue(e.getMessage().contains("not root"));
    }

    @Test
    void availability_checkAgreesWithItsFlags() {
        Availability a = Availability.check();
        assertEquals(a.linux() && a.root() && a.tunDevice() && a.ipTool() && a.python3(), a.available());
        System.out.println("[tcpstep-tun] availability here: " + a.reason());
    }

    @Test
    void traceLine_isTcpdumpWithTimeAndTag() {
        Segment syn = Segment.builder().addresses(TunLink.OURS_V4, TunLink.KERNEL_V4).srcPort(49152).dstPort(80)
                .seq(0).flags(TcpFlags.SYN).window(65535).option(new TcpOption.Mss(1460)).build();
        TraceEntry e = new TraceEntry(1_234_000L, 0, TraceEntry.Kind.SENT, syn, null);
        assertEquals("0.001234 out  IP 192.0.2.2.49152 > 192.0.2.1.80: Flags [S], seq 0, win 65535, "
                + "options [mss 1460], length 0", e.line());
        TraceEntry skip = new TraceEntry(2_000_000L, 0, TraceEntry.Kind.IGNORED, null, "IPv6 next header 58 (ICMPv6)");
        assertEquals("0.002000 skip IPv6 next header 58 (ICMPv6)", skip.line());
    }


    @Test
    void recvReply_parsesHexAndEof() {
        assertEquals(new LinuxSocket.Received("hi".getBytes(), true),
                LinuxSocket.received(List.of("ok", "data", "6869", "eof")));
        assertEquals(new LinuxSocket.Received(new byte[0], false),
                LinuxSocket.received(List.of("ok", "data", "-", "open")));
    }
}
