package dev.tcpstep.bench.codec;

import dev.tcpstep.codec.IpHeader;
import dev.tcpstep.codec.Ipv4HeaderView;
import dev.tcpstep.codec.PacketView;
import dev.tcpstep.codec.Payload;
import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.SegmentCodec;
import dev.tcpstep.codec.TcpFlags;
import dev.tcpstep.codec.TcpHeaderView;
import dev.tcpstep.codec.TcpOption;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.pcap4j.packet.IllegalRawDataException;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV4Rfc1349Tos;
import org.pcap4j.packet.TcpMaximumSegmentSizeOption;
import org.pcap4j.packet.TcpNoOperationOption;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.TcpSackPermittedOption;
import org.pcap4j.packet.TcpTimestampsOption;
import org.pcap4j.packet.TcpWindowScaleOption;
import org.pcap4j.packet.UnknownPacket;
import org.pcap4j.packet.namednumber.IpNumber;
import org.pcap4j.packet.namednumber.IpVersion;
import org.pcap4j.packet.namednumber.TcpPort;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Codec decode and encode against pcap4j 2.0.0-alpha.6 (with packetfactory-static) in the
 * same run, for three IPv4 packets: a bare SYN (40 bytes), a SYN with MSS, SACK-permitted,
 * timestamps, NOP and window scale (a 40-byte TCP header) and a 1500-byte data segment.
 *
 * <ul>
 *   <li>{@code viewDecode}: {@link PacketView#wrap} (all the strict checks) and a read of every
 *       IP and TCP field and every option — no checksum verification, no allocation.
 *   <li>{@code recordDecode}: {@link SegmentCodec#decode} to the immutable {@link Segment},
 *       verifying both checksums and copying the payload.
 *   <li>{@code recordDecodeOwned}: {@link SegmentCodec#decodeOwned}, the same with the payload a
 *       slice of the (handed-over) input instead of a copy.
 *   <li>{@code recordDecodeTrusted}: {@link SegmentCodec#decodeTrusted}, a simulation's own
 *       encode-then-deliver path (no re-parse, no re-verification); not a decoder of outside input.
 *   <li>{@code pcap4jDecode}: {@code IpV4Packet.newPacket} (parses IP, TCP and options into
 *       objects; verifies no checksum) and the same field reads.
 *   <li>{@code encode}: {@link SegmentCodec#encode} of a prepared record (lengths, data offset,
 *       padding and both checksums computed); {@code encodeInto} writes into a reused array.
 *   <li>{@code pcap4jEncode}: {@code build().getRawData()} of a prepared IPv4 + TCP builder
 *       with {@code correctChecksumAtBuild} and {@code correctLengthAtBuild}.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow"})
public class CodecBenchmark {
    @Param({"syn", "synOptions", "data1500"})
    public String packet;

    private byte[] wire;
    private byte[] out;
    private Segment segment;
    private final PacketView view = new PacketView();
    private IpV4Packet.Builder pcap4j;

    @Setup(Level.Trial)
    public void setUp() throws UnknownHostException {
        Inet4Address src = (Inet4Address) InetAddress.getByName("192.0.2.1");
        Inet4Address dst = (Inet4Address) InetAddress.getByName("192.0.2.2");
        Segment.Builder b = Segment.builder()
                .ip(new IpHeader.V4(src, dst, 0, 0, 0x1c46, true, false, 0, 64, TcpOption.Bytes.EMPTY, null, null, null))
                .srcPort(49152).dstPort(80).seq(123_456_789L).window(65535);
        List<TcpPacket.TcpOption> peerOptions = new ArrayList<>();
        byte[] data = new byte[0];
        boolean syn = true;
        switch (packet) {
            case "syn" -> b.flags(TcpFlags.SYN);
            case "synOptions" -> {
                b.flags(TcpFlags.SYN).options(List.of(new TcpOption.Mss(1460), new TcpOption.SackPermitted(),
                        new TcpOption.Timestamps(3_000_000_000L, 0), new TcpOption.Nop(), new TcpOption.WindowScale(7)));
                peerOptions.add(new TcpMaximumSegmentSizeOption.Builder().maxSegSize((short) 1460)
                        .correctLengthAtBuild(true).build());
                peerOptions.add(TcpSackPermittedOption.getInstance());
                peerOptions.add(new TcpTimestampsOption.Builder().tsValue((int) 3_000_000_000L).tsEchoReply(0)
                        .correctLengthAtBuild(true).build());
                peerOptions.add(TcpNoOperationOption.getInstance());
                peerOptions.add(new TcpWindowScaleOption.Builder().shiftCount((byte) 7).correctLengthAtBuild(true).build());
            }
            case "data1500" -> {
                data = new byte[1460];
                for (int i = 0; i < data.length; i++) {
                    data[i] = (byte) (i * 31 + 7);
                }
                b.flags(TcpFlags.ACK | TcpFlags.PSH).ack(987_654_321L).payload(Payload.copyOf(data));
                syn = false;
            }
            default -> throw new IllegalArgumentException(packet);
        }
        segment = b.build();
        wire = SegmentCodec.encode(segment);
        out = new byte[wire.length];

        TcpPacket.Builder tcp = new TcpPacket.Builder()
                .srcAddr(src).dstAddr(dst)
                .srcPort(TcpPort.getInstance((short) 49152)).dstPort(TcpPort.HTTP)
                .sequenceNumber(123_456_789).acknowledgmentNumber(syn ? 0 : 987_654_321)
                .syn(syn).ack(!syn).psh(!syn).window((short) 65535)
                .options(peerOptions)
                .correctChecksumAtBuild(true).correctLengthAtBuild(true).paddingAtBuild(true);
        if (data.length > 0) {
            tcp.payloadBuilder(new UnknownPacket.Builder().rawData(data));
        }
        pcap4j = new IpV4Packet.Builder()
                .version(IpVersion.IPV4).tos(IpV4Rfc1349Tos.newInstance((byte) 0)).identification((short) 0x1c46)
                .dontFragmentFlag(true).ttl((byte) 64).protocol(IpNumber.TCP).srcAddr(src).dstAddr(dst)
                .payloadBuilder(tcp).correctChecksumAtBuild(true).correctLengthAtBuild(true);
        byte[] peerWire = pcap4j.build().getRawData();
        if (!java.util.Arrays.equals(wire, peerWire)) {
            throw new IllegalStateException("tcpstep and pcap4j encode " + packet + " differently");
        }
    }

    @Benchmark
    public long viewDecode() {
        PacketView v = view.wrap(wire, 0, wire.length);
        Ipv4HeaderView ip = v.ipv4();
        long x = ip.version() + ip.ihl() + ip.dscp() + ip.ecn() + ip.totalLength() + ip.identification()
                + (ip.dontFragment() ? 1 : 0) + (ip.moreFragments() ? 1 : 0) + ip.fragmentOffset() + ip.ttl()
                + ip.protocol() + ip.headerChecksum() + ip.srcAddress() + ip.dstAddress();
        TcpHeaderView t = v.tcp();
        x += t.srcPort() + t.dstPort() + t.seq() + t.ack() + t.dataOffset() + t.reserved() + t.flags() + t.window()
                + t.checksum() + t.urgentPointer() + t.payloadLength();
        for (TcpHeaderView.OptionCursor c = t.options(); c.next(); ) {
            x += c.kind();
            switch (c.kind()) {
                case TcpOption.KIND_MSS -> x += c.u16(0);
                case TcpOption.KIND_WSCALE -> x += c.u8(0);
                case TcpOption.KIND_TIMESTAMPS -> x += c.u32(0) + c.u32(4);
                default -> x += c.length();
            }
        }
        return x;
    }

    @Benchmark
    public Segment recordDecode() {
        return SegmentCodec.decode(wire);
    }

    /** The same checks and checksums, the payload shared with {@code wire} (never written here). */
    @Benchmark
    public Segment recordDecodeOwned() {
        return SegmentCodec.decodeOwned(wire);
    }

    /** The trusted internal path: bytes this program encoded from {@code segment}, unchanged. */
    @Benchmark
    public Segment recordDecodeTrusted() {
        return SegmentCodec.decodeTrusted(segment, wire);
    }

    @Benchmark
    public long pcap4jDecode(Blackhole bh) throws IllegalRawDataException {
        IpV4Packet p = IpV4Packet.newPacket(wire, 0, wire.length);
        IpV4Packet.IpV4Header ip = p.getHeader();
        long x = ip.getVersion().value() + ip.getIhl() + ip.getTos().value() + ip.getTotalLength()
                + ip.getIdentification() + (ip.getDontFragmentFlag() ? 1 : 0) + (ip.getMoreFragmentFlag() ? 1 : 0)
                + ip.getFragmentOffset() + ip.getTtl() + ip.getProtocol().value() + ip.getHeaderChecksum();
        bh.consume(ip.getSrcAddr());
        bh.consume(ip.getDstAddr());
        TcpPacket tcp = (TcpPacket) p.getPayload();
        TcpPacket.TcpHeader t = tcp.getHeader();
        x += t.getSrcPort().value() + t.getDstPort().value() + t.getSequenceNumber() + t.getAcknowledgmentNumber()
                + t.getDataOffset() + t.getReserved() + (t.getSyn() ? 1 : 0) + (t.getAck() ? 1 : 0) + (t.getPsh() ? 1 : 0)
                + (t.getFin() ? 1 : 0) + (t.getRst() ? 1 : 0) + (t.getUrg() ? 1 : 0) + t.getWindow() + t.getChecksum()
                + t.getUrgentPointer();
        for (TcpPacket.TcpOption o : t.getOptions()) {
            x += o.getKind().value() + o.length();
        }
        if (tcp.getPayload() != null) {
            x += tcp.getPayload().length();
        }
        return x;
    }

    @Benchmark
    public byte[] encode() {
        return SegmentCodec.encode(segment);
    }

    @Benchmark
    public int encodeInto() {
        return SegmentCodec.encode(segment, out, 0);
    }

    @Benchmark
    public byte[] pcap4jEncode() {
        return pcap4j.build().getRawData();
    }
}
