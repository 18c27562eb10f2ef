package dev.tcpstep.codec;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ViewTest {
    @Test
    void readsEveryFieldOfTheSynAck() {
        PacketView v = new PacketView().wrap(Fixtures.synAck());
        Ipv4HeaderView ip = v.ipv4();
        assertEquals(4, v.ipVersion());
        assertEquals(5, ip.ihl());
        assertEquals(60, ip.totalLength());
        assertTrue(ip.dontFragment());
        assertEquals(64, ip.ttl());
        assertEquals(6, ip.protocol());
        assertEquals(0xc0000202L, ip.srcAddress());
        assertTrue(ip.headerChecksumValid());
        TcpHeaderView t = v.tcp();
        assertEquals(80, t.srcPort());
        assertEquals(5000, t.seq());
        assertEquals(1, t.ack());
        assertEquals(10, t.dataOffset());
        assertTrue(t.has(TcpFlags.SYN | TcpFlags.ACK));
        assertEquals(0xf011, t.checksum());
        assertTrue(t.checksumValid());
        StringBuilder kinds = new StringBuilder();
        for (TcpHeaderView.OptionCursor c = t.options(); c.next(); ) {
            kinds.append(c.kind()).append(':').append(c.length()).append(' ');
            if (c.kind() == TcpOption.KIND_MSS) {
                assertEquals(1460, c.u16(0));
            }
            if (c.kind() == TcpOption.KIND_TIMESTAMPS) {
                assertEquals(1, c.u32(0));
            }
        }
        assertEquals("2:4 4:2 8:10 1:1 3:3 ", kinds.toString());
    }

    @Test
    void directBuffer_readsTheSameAsTheArray() {
        byte[] b = Fixtures.data();
        ByteBuffer direct = ByteBuffer.allocateDirect(b.length).put(b).flip();
        PacketView v = new PacketView().wrap(direct);
        assertEquals(18, v.tcp().payloadLength());
        assertEquals('G', v.tcp().payloadByte(0));
        assertTrue(v.tcp().checksumValid());
        assertTrue(v.ipv4().headerChecksumValid());
        assertEquals(0, direct.position());
    }

    @Test
    void optionCursor_stopsAtEndOfOptionList() {
        Segment s = SegmentCodec.decode(SegmentCodec.encode(Segment.builder()
                .addresses(Fixtures.v4("192.0.2.1"), Fixtures.v4("192.0.2.2"))
                .option(new TcpOption.Mss(1)).option(new TcpOption.EndOfList(TcpOption.Bytes.ofHex("000000"))).build()));
        PacketView v = new PacketView().wrap(SegmentCodec.encode(s));
        TcpHeaderView.OptionCursor c = v.tcp().options();
        assertTrue(c.next());
        assertTrue(c.next());
        assertEquals(TcpOption.KIND_EOL, c.kind());
        assertEquals(4, c.length());
        assertFalse(c.next());
    }

    /** The JDK's per-thread allocation counter, reached by reflection (this module does not read jdk.management). */
    private static long allocatedBytes() throws ReflectiveOperationException {
        Object mx = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        Method m = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
        return (long) m.invoke(mx);
    }

    @Test
    void readingFields_allocatesNothing() throws ReflectiveOperationException {
        byte[] packet = Fixtures.synAck();
        PacketView v = new PacketView();
        long sink = 0;
        for (int i = 0; i < 20_000; i++) {   // warm up: let the JIT compile the accessors
            sink += readAll(v.wrap(packet));
        }
        long before = allocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            sink += readAll(v.wrap(packet));
        }
        long allocated = allocatedBytes() - before;
        assertTrue(sink != 0);
        // One object per read would be at least 16 bytes x 10000; the slack (under a byte per
        // read) covers the reflective measuring calls themselves (boxing, method handles).
        assertTrue(allocated < 10_000, "allocated " + allocated + " bytes for 10000 wraps and reads");
    }

    private static long readAll(PacketView v) {
        Ipv4HeaderView ip = v.ipv4();
        TcpHeaderView t = v.tcp();
        long x = ip.totalLength() + ip.identification() + ip.ttl() + ip.srcAddress() + ip.dstAddress() + ip.dscp()
                + t.srcPort() + t.dstPort() + t.seq() + t.ack() + t.window() + t.checksum() + t.urgentPointer()
                + t.flags() + t.dataOffset();
        for (TcpHeaderView.OptionCursor c = t.options(); c.next(); ) {
            x += c.kind() + c.length();
        }
        return x;
    }
}
