/**
 * tcpstep against the real Linux TCP stack, through a TUN device in a throw-away network
 * namespace (Linux only, root, FFM; no JNI).
 *
 * <h2>Pieces</h2>
 * <ul>
 * <li>{@link dev.tcpstep.tun.Availability}: what this machine lacks (not Linux, not root,
 *   no {@code /dev/net/tun}, no {@code ip}, no {@code python3}), checked without native code.</li>
 * <li>{@link dev.tcpstep.tun.NetNamespace}: {@code ip netns add tcpstep-<pid>-<random>}; deleted by
 *   {@code close()}, by a shutdown hook if the JVM exits first, or, after a {@code kill -9}
 *   (no hook runs), by the next namespace created on the machine, which sweeps those whose
 *   owner pid is gone ({@code NetNamespace.sweepStale()}).</li>
 * <li>{@link dev.tcpstep.tun.TunDevice}: {@code open("/dev/net/tun")} and {@code TUNSETIFF}
 *   ({@code IFF_TUN|IFF_NO_PI}) issued by a short-lived thread that has {@code setns(2)}-ed into
 *   the namespace, so the device is born there; read with {@code poll(2)} timeouts.</li>
 * <li>{@link dev.tcpstep.tun.TunLink}: the driver. A statemachine {@code Host} at 192.0.2.2 /
 *   2001:db8::2, the kernel at 192.0.2.1/24 / 2001:db8::1/64 on device {@code tcpstep0}; real
 *   monotonic time; single-threaded pumping with deadlines; automatic or manual (held replies);
 *   deliberate loss. It is a {@link dev.tcpstep.link.Link}: {@code trace()} is the link module's one
 *   trace type (the same {@code Sent}/{@code Delivered}/{@code Endpoint}/{@code Suggested} entries a
 *   simulation records, on {@code now()}'s clock from the link's start; tcpdump lines, pcapng),
 *   and with {@code builder().bare(true)} no endpoint of ours answers, so a caller (a packetdrill
 *   script) plays the near side by hand with {@code inject} and {@code awaitFar} — the kernel is
 *   then the server or the client, whichever the caller's socket calls make it.</li>
 * <li>{@link dev.tcpstep.tun.LinuxSocket}: one real Linux socket inside the namespace (a small
 *   python3 program on a line protocol): listen (optionally with TCP_MAXSEG), accept (blocking or
 *   {@code tryAccept}), connect (blocking or {@code connectStart}), send, recv, shutdown, close,
 *   abort (SO_LINGER 0), TCP_INFO.</li>
 * </ul>
 *
 * <h2>Stepping a client by hand against a Linux listener</h2>
 * <pre>{@code
 * try (TunLink link = TunLink.builder().isn(IsnSource.fixed(0)).start()) {   // throws TunUnavailableException without root
 *     link.auto(false);                                   // our replies are held, not sent
 *     link.linuxSocket().listen(80);                      // Linux listens on 192.0.2.1:80
 *     link.sendCrafted(link.segment().srcPort(40000).dstPort(80).seq(0)
 *             .flags(TcpFlags.SYN).window(65535).option(new TcpOption.Mss(1460)).build());
 *     Segment synAck = link.awaitSegment(Duration.ofSeconds(1));   // the kernel's real SYN,ACK
 *     link.trace().entries().getLast();                    // Suggested: the ACK our endpoint would send
 *     link.sendCrafted(link.segment().srcPort(40000).dstPort(80).seq(1)
 *             .ack(synAck.seq() + 1).flags(TcpFlags.ACK).window(65535).build());
 *     link.tcpdump().forEach(System.out::println);
 * }
 * }</pre>
 * Automatic: {@code Connection c = link.connect(80); link.awaitState(c, State.ESTABLISHED, t);
 * link.send(c, bytes); link.receive(c); link.close(c);}. A Linux client: {@code Listener l =
 * link.listen(8080); var f = sock.connectAsync(8080, t); Connection c = link.awaitAccept(l, t);}.
 * The JVM needs {@code --enable-native-access=dev.tcpstep.tun} (otherwise JDK 25 warns).
 *
 * <h2>Differences between our endpoint and Linux, as observed (Linux 6.x, defaults)</h2>
 * Our side uses {@code Profile.rfc9293()} unless noted; Linux's values are from its
 * packets and {@code TCP_INFO} in the tests.
 * <ul>
 * <li><b>Initial window.</b> We offer 65535 unscaled. Linux offers 64240 (44 × MSS 1460) in SYN and
 *   SYN,ACK (64800 = 45 × 1440 over IPv6; 65208 with MSS 1000 and scaling) and grows it to 65535
 *   as data arrives (receive-buffer autotuning). Our window only shrinks while data is unread and
 *   reopens on RECEIVE.</li>
 * <li><b>Window scale.</b> As a client Linux offers wscale 10 here (from {@code net.ipv4.tcp_rmem});
 *   as a server it sends wscale only if our SYN had it (RFC 7323 §2.2), and the same for SACK-permitted
 *   and timestamps: to an MSS-only SYN its SYN,ACK carries only MSS. With {@code Profile.modern()}
 *   we offer wscale 7 and a 262144-byte window (field 2048); Linux's TCP_INFO shows snd_wscale 7.</li>
 * <li><b>Option layout.</b> Linux: {@code mss, sackOK, TS, nop, wscale} (TS aligned with NOPs; data
 *   segments carry {@code nop, nop, TS}). Ours: {@code mss, wscale, sackOK, TS} padded at the end;
 *   data segments carry {@code TS} alone. Both are valid (RFC 9293 §3.2).</li>
 * <li><b>MSS.</b> Linux: MTU − 40 over IPv4 (1460), MTU − 60 over IPv6 (1440), or TCP_MAXSEG.
 *   The profile's MSS is one number for both families; {@code TunLink} lowers it to 1440 over
 *   IPv6 (RFC 9293 §3.7.1). Both sides subtract the 12 timestamp bytes from every segment
 *   (Linux's snd_mss 988 for MSS 1000, ours 988).</li>
 * <li><b>Timestamps.</b> Linux's TSval has a random per-connection offset (RFC 7323 §7.1); ours is
 *   the monotonic clock in ms, the same for every connection. Our TSecr follows RFC 7323 §4.3:
 *   TS.Recent takes a segment's TSval only when SEG.SEQ &lt;= Last.ACK.sent, so with delayed ACK
 *   on it echoes the oldest unacknowledged segment's TSval, not the latest (test
 *   {@code ourTsEcr_echoesLinuxsTsValsAsRfc7323Says}; the rule itself is unit-tested in the statemachine).</li>
 * <li><b>ACK timing.</b> With delayed ACK off (rfc9293 profile) we ACK every segment at once. Linux
 *   ACKs at once at the start of a connection (quick-ACK) and later delays (its ACK of our FIN came
 *   ~40 ms later, its minimum delayed-ACK time). With delayed ACK on ({@code modern}) we ACK after
 *   2 × our own MSS of data (every third 988-byte segment); Linux counts full segments by the
 *   peer's observed segment size.</li>
 * <li><b>Closing.</b> When Linux closes first we ACK its FIN at once and send our FIN when the
 *   user calls CLOSE (two segments). Linux's ACK of our FIN after its own close() advertised a small
 *   window (4544..10384).</li>
 * <li><b>RST.</b> SYN to a closed Linux port: {@code <SEQ=0><ACK=ISS+1><CTL=RST,ACK>}, window 0,
 *   exactly RFC 9293 §3.10.7.1. Linux's abort (SO_LINGER 0) sends RST,ACK at SND.NXT with its
 *   window; our ABORT sends {@code <SEQ=SND.NXT><CTL=RST>} without ACK (RFC 9293 §3.10.5). Our
 *   RST,ACK to a SYN for a closed port makes Linux's connect fail with ECONNREFUSED.</li>
 * <li><b>ISN.</b> Both use RFC 6528 shape (keyed hash + clock); ours is keyed by a seed so it is
 *   reproducible, {@code IsnSource.fixed(n)} for teaching.</li>
 * <li><b>Loss recovery.</b> RTO: Linux's minimum is 200 ms (TCP_INFO rto 204000 µs after a few
 *   samples); ours is RFC 6298's 1 s (the loss test sets 200 ms). Linux sends duplicate ACKs for a
 *   hole; we do not fast-retransmit (statemachine: not implemented) and wait for the RTO.</li>
 * <li><b>Initial congestion window.</b> Linux: 10 segments (RFC 6928); ours: RFC 5681's
 *   min(4 × SMSS, max(2 × SMSS, 4380)).</li>
 * </ul>
 */
package dev.tcpstep.tun;
