package dev.tcpstep.codec;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Golden packets, commented field by field. Checksums were checked with tcpdump -vv
 * ("cksum ... (correct)") and the files the codec writes open in tshark.
 */
final class Fixtures {
    private Fixtures() {
    }

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    static Inet4Address v4(String a) {
        try {
            return (Inet4Address) InetAddress.getByName(a);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static Inet6Address v6(String a) {
        try {
            return (Inet6Address) InetAddress.getByName(a);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Client SYN, the DESIGN.md line: 192.0.2.1.49152 > 192.0.2.2.80, seq 0, win 65535, mss 1460. */
    static byte[] syn() {
        return bytes(
                0x45, 0x00, 0x00, 0x2c, // IPv4, IHL 5; DSCP 0 ECN 0; total length 44
                0x1c, 0x46, 0x40, 0x00, // identification 0x1c46; flags DF, fragment offset 0
                0x40, 0x06, 0x9a, 0x82, // TTL 64; protocol 6 (TCP); header checksum 0x9a82
                0xc0, 0x00, 0x02, 0x01, // source 192.0.2.1
                0xc0, 0x00, 0x02, 0x02, // destination 192.0.2.2
                0xc0, 0x00, 0x00, 0x50, // source port 49152; destination port 80
                0x00, 0x00, 0x00, 0x00, // sequence number 0
                0x00, 0x00, 0x00, 0x00, // acknowledgment number 0 (ACK not set)
                0x60, 0x02, 0xff, 0xff, // data offset 6 words, reserved 0; flags SYN; window 65535
                0x53, 0xd2, 0x00, 0x00, // checksum 0x53d2; urgent pointer 0
                0x02, 0x04, 0x05, 0xb4); // option mss (kind 2, length 4) 1460
    }

    /** Server SYN-ACK, the example options: mss 1460, sackOK, TS val 1 ecr 0, nop, wscale 7. */
    static byte[] synAck() {
        return bytes(
                0x45, 0x00, 0x00, 0x3c, // IPv4, IHL 5; DSCP 0 ECN 0; total length 60
                0x00, 0x00, 0x40, 0x00, // identification 0; DF
                0x40, 0x06, 0xb6, 0xb8, // TTL 64; TCP; header checksum 0xb6b8
                0xc0, 0x00, 0x02, 0x02, // source 192.0.2.2
                0xc0, 0x00, 0x02, 0x01, // destination 192.0.2.1
                0x00, 0x50, 0xc0, 0x00, // source port 80; destination port 49152
                0x00, 0x00, 0x13, 0x88, // sequence number 5000
                0x00, 0x00, 0x00, 0x01, // acknowledgment number 1
                0xa0, 0x12, 0xff, 0xff, // data offset 10 words (40 bytes); flags SYN|ACK; window 65535
                0xf0, 0x11, 0x00, 0x00, // checksum 0xf011; urgent pointer 0
                0x02, 0x04, 0x05, 0xb4, // mss 1460
                0x04, 0x02, // sackOK (kind 4, length 2)
                0x08, 0x0a, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, // TS (kind 8, length 10) val 1 ecr 0
                0x01, // nop
                0x03, 0x03, 0x07); // wscale (kind 3, length 3) shift 7
    }

    /** Client data: PSH|ACK seq 1 ack 5001 win 502, 18 bytes "GET / HTTP/1.1\r\n\r\n". */
    static byte[] data() {
        return bytes(
                0x45, 0x00, 0x00, 0x3a, // IPv4, IHL 5; total length 58
                0x1c, 0x46, 0x40, 0x00, // identification 0x1c46; DF
                0x40, 0x06, 0x9a, 0x74, // TTL 64; TCP; header checksum 0x9a74
                0xc0, 0x00, 0x02, 0x01, // source 192.0.2.1
                0xc0, 0x00, 0x02, 0x02, // destination 192.0.2.2
                0xc0, 0x00, 0x00, 0x50, // ports 49152 -> 80
                0x00, 0x00, 0x00, 0x01, // sequence number 1
                0x00, 0x00, 0x13, 0x89, // acknowledgment number 5001
                0x50, 0x18, 0x01, 0xf6, // data offset 5 words; flags PSH|ACK; window 502
                0x77, 0x45, 0x00, 0x00, // checksum 0x7745; urgent pointer 0
                'G', 'E', 'T', ' ', '/', ' ', 'H', 'T', 'T', 'P', '/', '1', '.', '1', '\r', '\n', '\r', '\n'); // payload
    }

    /** Client FIN: FIN|ACK seq 19 ack 5001 win 502. */
    static byte[] fin() {
        return bytes(
                0x45, 0x00, 0x00, 0x28, // IPv4, IHL 5; total length 40
                0x1c, 0x46, 0x40, 0x00, // identification 0x1c46; DF
                0x40, 0x06, 0x9a, 0x86, // TTL 64; TCP; header checksum 0x9a86
                0xc0, 0x00, 0x02, 0x01, // source 192.0.2.1
                0xc0, 0x00, 0x02, 0x02, // destination 192.0.2.2
                0xc0, 0x00, 0x00, 0x50, // ports 49152 -> 80
                0x00, 0x00, 0x00, 0x13, // sequence number 19
                0x00, 0x00, 0x13, 0x89, // acknowledgment number 5001
                0x50, 0x11, 0x01, 0xf6, // data offset 5; flags FIN|ACK; window 502
                0x55, 0xed, 0x00, 0x00); // checksum 0x55ed; urgent pointer 0
    }

    /** Server RST without ACK: seq 5001, window 0. */
    static byte[] rst() {
        return bytes(
                0x45, 0x00, 0x00, 0x28, // IPv4, IHL 5; total length 40
                0x00, 0x00, 0x40, 0x00, // identification 0; DF
                0x40, 0x06, 0xb6, 0xcc, // TTL 64; TCP; header checksum 0xb6cc
                0xc0, 0x00, 0x02, 0x02, // source 192.0.2.2
                0xc0, 0x00, 0x02, 0x01, // destination 192.0.2.1
                0x00, 0x50, 0xc0, 0x00, // ports 80 -> 49152
                0x00, 0x00, 0x13, 0x89, // sequence number 5001
                0x00, 0x00, 0x00, 0x00, // acknowledgment number 0
                0x50, 0x04, 0x00, 0x00, // data offset 5; flags RST; window 0
                0x58, 0x03, 0x00, 0x00); // checksum 0x5803; urgent pointer 0
    }

    /** IPv6 SYN behind a Destination Options header: 2001:db8::1.49152 > 2001:db8::2.443, mss 1440. */
    static byte[] ipv6WithDestinationOptions() {
        return bytes(
                0x60, 0x01, 0x23, 0x45, // version 6, traffic class 0, flow label 0x12345
                0x00, 0x20, 0x3c, 0x40, // payload length 32; next header 60 (Destination Options); hop limit 64
                0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, // source 2001:db8::1
                0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, // destination 2001:db8::2
                0x06, 0x00, 0x01, 0x04, // next header 6 (TCP); Hdr Ext Len 0 (8 bytes); PadN, 4 bytes
                0x00, 0x00, 0x00, 0x00, //   of padding
                0xc0, 0x00, 0x01, 0xbb, // ports 49152 -> 443
                0x00, 0x00, 0x00, 0x00, // sequence number 0
                0x00, 0x00, 0x00, 0x00, // acknowledgment number 0
                0x60, 0x02, 0xff, 0xff, // data offset 6; SYN; window 65535
                0x7b, 0x0a, 0x00, 0x00, // checksum 0x7b0a; urgent pointer 0
                0x02, 0x04, 0x05, 0xa0); // mss 1440
    }
}
