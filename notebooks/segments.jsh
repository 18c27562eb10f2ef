// Build TCP segments with the codec, encode them to bytes, look at them, decode them.
// Run: bin/jshell notebooks/segments.jsh
// (jshell runs each complete line as it comes: a chain that goes on ends its line with a dot.)
var client = InetAddress.getByName("192.0.2.1");
var server = InetAddress.getByName("192.0.2.2");

// The seed notes' handshake: client ISN 0, server ISN 5000. SYN and FIN take one number each.
Segment syn = Segment.builder().addresses(client, server).srcPort(49152).dstPort(80).
        seq(0).flags(TcpFlags.SYN).window(65535).option(new TcpOption.Mss(1460)).build();
Segment synAck = Segment.builder().addresses(server, client).srcPort(80).dstPort(49152).
        seq(5000).ack(1).flags(TcpFlags.SYN | TcpFlags.ACK).window(65535).option(new TcpOption.Mss(1460)).build();
Segment ack = Segment.builder().addresses(client, server).srcPort(49152).dstPort(80).
        seq(1).ack(5001).flags(TcpFlags.ACK).window(65535).build();
for (Segment s : List.of(syn, synAck, ack)) System.out.println(TcpdumpFormat.line(s));

// On the wire: 44 bytes for the SYN, both checksums filled in by the encoder.
byte[] wire = SegmentCodec.encode(syn);
System.out.print(HexDump.annotated(wire));
System.out.println(FieldView.render(SegmentCodec.decode(wire)));

// Flip one bit (in the acknowledgement number) and the receiver's checksum no longer verifies.
wire[30] ^= 0x01;
Segment hit = SegmentCodec.decode(wire);
System.out.println("ack " + hit.ack() + ", checksum valid: " + hit.checksumValid());

// Cut the packet short and the decoder names the field and the offset.
try { SegmentCodec.decode(Arrays.copyOf(wire, 30)); } catch (MalformedPacketException e) { System.out.println(e.getMessage()); }
/exit
