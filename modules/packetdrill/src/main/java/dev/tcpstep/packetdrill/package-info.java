/**
 * packetdrill scripts: {@link dev.tcpstep.packetdrill.ScriptParser} reads them,
 * {@link dev.tcpstep.packetdrill.Runner} runs one against a
 * {@link dev.tcpstep.packetdrill.SystemUnderTest} — tcpstep's endpoint
 * ({@link dev.tcpstep.packetdrill.TcpstepSystem}, virtual time, any {@code Profile}) or the
 * Linux kernel through the TUN link ({@link dev.tcpstep.packetdrill.LinuxSystem}, root) —
 * and {@link dev.tcpstep.packetdrill.ScriptWriter} writes a session's trace as a script.
 * {@link dev.tcpstep.packetdrill.PacketdrillCommand} is the {@code tcpstep packetdrill} verb.
 *
 * <h2>What of the language is supported</h2>
 * <ul>
 * <li>Lines: {@code --name=value} options ({@code tolerance_usecs}, {@code bind_port},
 *   {@code connect_port} act; others are noted as ignored); {@code //} and {@code /* *}{@code /}
 *   comments; {@code #ifdef}/{@code #ifndef}/{@code #else}/{@code #endif}/{@code #define}
 *   on the symbols {@code tcpstep} or {@code linux}.</li>
 * <li>Times: {@code 0.1} (absolute), {@code +0.1} (after the previous line's actual time),
 *   {@code *} (any), ranges {@code 0.1~0.2} and {@code +0.1~+0.2}, blocking-call return times
 *   {@code 0.1...0.3} (parsed; the return time bounds the wait of accept/read).</li>
 * <li>Packets: {@code <} and {@code >}, flags {@code S F R P . E W U}, {@code start:end(len)},
 *   {@code ack}, {@code win}, {@code urg}, options {@code mss}, {@code wscale}, {@code sackOK},
 *   {@code TS val V ecr E}, {@code sack L:R ...}, {@code nop}, {@code eol}, and {@code <...>}.</li>
 * <li>System calls: socket, bind, listen, accept, connect (non-blocking), read/recv,
 *   write/send, shutdown(SHUT_WR), close, setsockopt (SO_REUSEADDR; SO_LINGER {1,0} → abort;
 *   TCP_NODELAY noted), getsockopt (SO_ERROR; TCP_INFO's tcpi_state), fcntl (F_GETFL,
 *   F_SETFL O_NONBLOCK). Results {@code = N} and {@code = -1 ERRNO (text)}.</li>
 * <li>Backtick lines: against tcpstep, {@code sysctl net.ipv4.tcp_timestamps}, {@code tcp_sack},
 *   {@code tcp_window_scaling=0}, {@code tcp_rfc1337}, {@code tcp_syn_retries},
 *   {@code tcp_retries1/2} map to {@code Profile} knobs (applied before the run); anything else
 *   is noted. Against Linux the line runs in the namespace.</li>
 * </ul>
 *
 * <h2>What is not, and what happens then</h2>
 * A script using one of these is reported SKIPPED with the line and the reason, never run
 * halfway and never passed: UDP and ICMP packets, IP-level fields in {@code [...]} (ECN
 * codepoints), options md5/FO/exp/mptcp, inline python {@code %{ }%}, IPv6
 * ({@code --ip_version}, AF_INET6), poll/epoll/sendmsg/ioctl and other calls, blocking
 * connect, shutdown(SHUT_RD), SO_RCVBUF and other socket options, getsockopt fields other
 * than tcpi_state (noted, not checked). One connection at a time per script.
 *
 * <h2>Where the runner differs from packetdrill</h2>
 * Options are compared as a set without NOP/EOL padding (tcpstep lays them out differently
 * from Linux; both are valid), outbound TSval is not checked, and an inbound window left out
 * is sent as 65535. Payload bytes are zeros and never compared.
 */
package dev.tcpstep.packetdrill;
