/**
 * The link: {@link dev.tcpstep.link.Simulation} (two hosts, a virtual clock, a
 * {@link dev.tcpstep.link.Wire} per direction carrying real encoded bytes with seeded
 * impairments), the {@link dev.tcpstep.link.Scheduler}, one {@link dev.tcpstep.link.Trace},
 * kept as its {@link dev.tcpstep.link.Retention} says, and {@link dev.tcpstep.link.Exports} to
 * pcapng and JSON lines.
 *
 * <h2>Time and determinism</h2>
 * Virtual time is a {@code long} of nanoseconds from 0. The scheduler orders events by
 * time, then by insertion; every random draw comes from a SplitMix64 stream seeded by the
 * builder's seed (six draws per packet, whatever the profile). Same builder settings and
 * same calls: the same trace and the same export bytes.
 *
 * <h2>Stepping</h2>
 * {@code step()} processes exactly the next event: a segment arriving, or an auto
 * endpoint's timer (arrivals first at equal times). {@code run()} repeats until nothing
 * more would happen, stopping before long idle timers (TIME-WAIT) — {@code advance(d)}
 * passes those, and fires manual endpoints' timers too. {@code runUntilQuiet()} runs
 * everything, TIME-WAIT included.
 *
 * <h2>Memory: trace retention and the undo journal</h2>
 * A simulation keeps, by default, every trace entry and a journal of every call (what the
 * REPL needs for ladder diagrams, exports after the fact and undo). A library user running
 * long or large simulations chooses what is kept on {@link dev.tcpstep.link.Simulation.Builder}:
 * <pre>{@code
 * Simulation sim = Simulation.builder()
 *         .retention(Retention.counters())       // or last(10_000), pcapng(path), jsonLines(path)
 *         .build();                              // undo is off unless retention is full
 * ...
 * TraceCounters c = sim.trace().counters();     // packets, bytes, losses, drops per direction
 * sim.close();                                   // a streamed file is renamed into place here
 * }</pre>
 * <ul>
 * <li>{@link dev.tcpstep.link.Retention#full()} (default): every entry.</li>
 * <li>{@link dev.tcpstep.link.Retention#last(int) last(n)}: the most recent n entries;
 *   {@link dev.tcpstep.link.Trace#size()} still counts every entry added.</li>
 * <li>{@link dev.tcpstep.link.Retention#pcapng(java.nio.file.Path) pcapng(file)} and
 *   {@link dev.tcpstep.link.Retention#jsonLines(java.nio.file.Path) jsonLines(file)}: entries
 *   go to the file as they happen and are not kept (a capture holds only the packets still in
 *   flight, whose comments may still grow). The file is byte for byte what
 *   {@link dev.tcpstep.link.Exports} writes from a full trace of the same run, written
 *   atomically: a temporary file beside the target until {@code Simulation.close()}.</li>
 * <li>{@link dev.tcpstep.link.Retention#counters()}: no entries, only
 *   {@link dev.tcpstep.link.TraceCounters}.</li>
 * </ul>
 * In every mode listeners see every entry, {@code step()} and {@code advance(d)} return the
 * entries they produced, and the counters are kept; the same seed gives the same entries.
 * {@link dev.tcpstep.link.Simulation.Builder#undo(boolean) undo(on)} keeps the journal of calls
 * that {@code snapshot()}/{@code restore()} replay; it is on by default only with full
 * retention, and {@code snapshot()} without it throws {@code IllegalStateException}.
 * Exports need a retention that keeps entries.
 *
 * <h2>JSON lines schema ({@link dev.tcpstep.link.Exports#jsonLines})</h2>
 * One object per trace entry, in trace order. Every object has {@code type} and
 * {@code time} (virtual seconds, nine decimals, as a JSON number). By type:
 * <ul>
 * <li>{@code "call"}: {@code endpoint}, {@code call} (e.g. {@code "connect 192.0.2.2.80"}),
 *   {@code result} (e.g. {@code "ok, state = SYN-SENT, sent 1 segment(s)"}).</li>
 * <li>{@code "sent"}: {@code number} (the transmission number #n), {@code from}, {@code to},
 *   {@code crafted} (typed by a person), {@code retransmission}, and {@code segment}: the
 *   object {@code tcpstep decode --json} prints ({@code frame} = the number, {@code src},
 *   {@code dst}, {@code srcPort}, {@code dstPort}, {@code seq}, {@code ack}, {@code flags},
 *   {@code window}, {@code checksum}, {@code options}, {@code payloadLength}, ...).</li>
 * <li>{@code "link"}: {@code number}, {@code fate} ({@code lost}, {@code too_big},
 *   {@code duplicated}, {@code corrupted}, {@code reordered}, {@code delayed}, {@code ce_marked}:
 *   an ECN-capable packet marked CE instead of lost, see {@link dev.tcpstep.link.LinkProfile#ecnMarking()}),
 *   {@code detail}.</li>
 * <li>{@code "delivered"}: {@code number}, {@code to}, {@code line} (tcpdump style).</li>
 * <li>{@code "dropped"}: {@code number}, {@code to}, {@code reason} (bad checksum,
 *   malformed): the segment reached the host but TCP never saw it.</li>
 * <li>{@code "event"}: an endpoint's decision: {@code endpoint}, {@code kind}
 *   ({@code transition}, {@code drop}, {@code accept}, {@code timer}, {@code call},
 *   {@code signal}, {@code crafted}), {@code from} and {@code to} (RFC state names),
 *   {@code text}, {@code section} (e.g. {@code "3.10.7.4"} or {@code "RFC 5961 §3"}),
 *   {@code must} (e.g. {@code "MUST-13"} or null).</li>
 * <li>{@code "suggested"}: a manual endpoint's unsent reply: {@code endpoint},
 *   {@code segments} (tcpdump lines), {@code reasons}.</li>
 * </ul>
 *
 * <h2>pcapng</h2>
 * One packet per transmission, as it left the sender (link type RAW, virtual time from
 * the Unix epoch), with a comment: the sender's state changes that produced it
 * ({@code client CLOSED → SYN-SENT (§3.10.1)}), "typed by hand", "retransmission", what
 * the wire did ({@code lost on the link (loss 10%)}) and a drop at the receiver.
 */
package dev.tcpstep.link;
