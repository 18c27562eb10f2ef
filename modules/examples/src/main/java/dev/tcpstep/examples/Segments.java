package dev.tcpstep.examples;

import dev.tcpstep.checksum.InternetChecksum;
import dev.tcpstep.checksum.PseudoHeader;
import dev.tcpstep.codec.MalformedPacketException;
import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.SegmentCodec;
import dev.tcpstep.codec.TcpFlags;
import dev.tcpstep.codec.TcpOption;
import dev.tcpstep.codec.TcpdumpFormat;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * The codec and the checksum module: build the seed notes' SYN, encode it to the bytes of
 * an IPv4 packet, check its TCP checksum by hand with the checksum module, decode it back,
 * and see a damaged packet rejected with the field and offset named.
 */
public final class Segments {
    private Segments() {
    }

    /**
     * Prints what it does, one line a step.
     *
     * @param args ignored
     * @throws Exception if an address cannot be built (never, for literal addresses)
     */
    public static void main(String[] args) throws Exception {
        InetAddress client = InetAddress.getByName("192.0.2.1");
        InetAddress server = InetAddress.getByName("192.0.2.2");
        Segment syn = Segment.builder().addresses(client, server).srcPort(49152).dstPort(80)
                .seq(0).flags(TcpFlags.SYN).window(65535).option(new TcpOption.Mss(1460)).build();
        System.out.println(TcpdumpFormat.line(syn));

        byte[] packet = SegmentCodec.encode(syn);                 // IPv4 header + TCP, checksums filled in
        int ipHeader = (packet[0] & 0x0F) * 4;
        int tcpLength = packet.length - ipHeader;
        int pseudo = PseudoHeader.of(client, server, tcpLength);  // RFC 9293 §3.1
        boolean ok = InternetChecksum.verify(pseudo, packet, ipHeader, tcpLength);
        System.out.println(packet.length + " bytes on the wire; TCP checksum verifies: " + ok);

        Segment back = SegmentCodec.decode(packet);
        System.out.println("decoded: " + TcpdumpFormat.line(back) + ", checksum valid: " + back.checksumValid());

        try {
            SegmentCodec.decode(Arrays.copyOf(packet, 30));
        } catch (MalformedPacketException e) {
            System.out.println("cut short: " + e.getMessage());
        }
    }
}
