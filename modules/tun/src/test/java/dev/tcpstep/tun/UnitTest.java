package dev.tcpstep.tun;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What runs without root: the availability report, socket replies. */
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
    void recvReply_parsesHexAndEof() {
        assertEquals(new LinuxSocket.Received("hi".getBytes(), true),
                LinuxSocket.received(List.of("ok", "data", "6869", "eof")));
        assertEquals(new LinuxSocket.Received(new byte[0], false),
                LinuxSocket.received(List.of("ok", "data", "-", "open")));
    }
}
