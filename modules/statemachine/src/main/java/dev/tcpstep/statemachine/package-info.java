/**
 * A sans-I/O RFC 9293 TCP endpoint: {@link dev.tcpstep.statemachine.Host} (connections by
 * 4-tuple, listeners, the CLOSED-state replies), {@link dev.tcpstep.statemachine.Connection}
 * (one TCB: user calls, SEGMENT ARRIVES in the RFC's own steps, timeouts), the
 * {@link dev.tcpstep.statemachine.Tcb} snapshot, {@link dev.tcpstep.statemachine.Event}s
 * that explain every decision, {@link dev.tcpstep.statemachine.SeqNum} arithmetic,
 * {@link dev.tcpstep.statemachine.Profile} knobs and {@link dev.tcpstep.statemachine.IsnSource}.
 *
 * <h2>Two endpoints back to back</h2>
 * <pre>{@code
 * Host client = new Host("client", clientIp, Profile.rfc9293(), IsnSource.fixed(0), events::add);
 * Host server = new Host("server", serverIp, Profile.rfc9293(), IsnSource.fixed(5000), events::add);
 * Listener l = server.listen(80).listener();                   // or the RFC error in .error()
 * CallResult open = client.open(now, 49152, serverIp, 80);     // CLOSED -> SYN-SENT, returns the SYN
 * List<Segment> toServer = open.sent();
 * List<Segment> toClient = server.onSegment(now, toServer.get(0)); // LISTEN -> SYN-RECEIVED: SYN,ACK
 * List<Segment> ack = client.onSegment(now, toClient.get(0));      // SYN-SENT -> ESTABLISHED: ACK
 * server.onSegment(now, ack.get(0));                               // SYN-RECEIVED -> ESTABLISHED
 * Connection accepted = l.accept();
 * // timers: while (host.nextDeadline() <= now) deliver(host.onTimer(now));
 * }</pre>
 * Without a host, {@link dev.tcpstep.statemachine.Connection#create} gives one TCB to drive
 * directly (the benchmark does this).
 *
 * <h2>Time</h2>
 * No clock, thread, socket or random source inside. Every call takes {@code now}: a
 * {@code long} count of nanoseconds of virtual time, starting wherever the caller likes
 * (0 is fine) and never going backwards. Durations in {@link dev.tcpstep.statemachine.Profile}
 * are nanoseconds too. {@code nextDeadline()} says when {@code onTimer(now)} has work;
 * {@link dev.tcpstep.statemachine.Connection#NEVER} when none.
 * A host keeps its connections' armed deadlines in two heaps (TIME-WAIT apart), so
 * {@code nextDeadline()} and {@code nextActiveDeadline()} (the earliest not in TIME-WAIT)
 * look at no connection, and a CLOSED connection (TIME-WAIT's end included) is deleted at
 * once: the host keeps no reference to it.
 *
 * <h2>Automatic and manual endpoints</h2>
 * Every entry point ({@code onSegment}, {@code onTimer}, the user calls) applies RFC 9293
 * to the TCB in full and <em>returns</em> the segments the RFC says to send; nothing is
 * ever transmitted by this package. The caller decides:
 * <ul>
 * <li><b>auto</b>: transmit what came back (the link puts it on the wire);</li>
 * <li><b>manual</b>: do not transmit; show it as the suggestion
 *   ({@link dev.tcpstep.statemachine.Connection#advice()} returns it again with the
 *   reasons), and let a person type the segment (see "Typed segments").</li>
 * </ul>
 * Because the TCB counts a suggested segment as sent, a manual endpoint's timers run as
 * if it had been; a link that does not want retransmissions in manual mode simply does
 * not call {@code onTimer}.
 *
 * <h2>Typed segments</h2>
 * A segment a person types ({@link dev.tcpstep.statemachine.Host#sendCrafted(long,
 * dev.tcpstep.codec.Segment, java.util.List)}) is compared with what RFC 9293 would have this
 * endpoint send now — its suggestion — by {@link dev.tcpstep.statemachine.Coach}, the one
 * place these rules live:
 * <ol>
 * <li><b>Equal</b> to a suggested segment in flags, seq, ack and data (window and options may
 *   differ): it is exactly accepting the suggestion. No note; state and TCB are what
 *   {@code accept} leaves (the TCB already counts the suggestion as sent), so a reset the RFC
 *   calls for, typed by hand, leaves the endpoint where RFC 9293 leaves it.</li>
 * <li>The <b>same kind</b> as a suggested reply (an ACK for an owed ACK, a RST for an owed
 *   RST, a SYN,ACK for an owed SYN,ACK) with other numbers or flags: that reply, sent wrong.
 *   A different ISN on a SYN,ACK re-chooses ISS (§3.4.1: the ISN is the sender's choice).</li>
 * <li>Otherwise, the <b>user call it implies</b>: a SYN from CLOSED, LISTEN or SYN-SENT is an
 *   active OPEN with ISS = SEG.SEQ; data is SEND (new bytes at SND.NXT join the retransmission
 *   queue, bytes in [SND.UNA, SND.NXT) are a retransmission); a FIN is CLOSE (ESTABLISHED and
 *   SYN-RECEIVED to FIN-WAIT-1, CLOSE-WAIT to LAST-ACK); a RST is ABORT (to CLOSED); a bare ACK
 *   acknowledges (an owed ACK is paid when it names RCV.NXT). A segment no call of this state
 *   sends (a SYN when synchronized, data after our FIN, anything before the handshake) is
 *   recorded nowhere.</li>
 * <li>Every <b>deviation</b> — a missing ACK bit once synchronized, seq other than SND.NXT,
 *   ack other than RCV.NXT, a control the state does not send, a SYN,ACK still owed — makes
 *   <em>one</em> note ({@link dev.tcpstep.statemachine.Event.Kind#COACH}): what differs, the
 *   rule (its section and the RFC's words, shortened) and the segment that would have been
 *   right. The segment goes out as typed; the receiver's reaction is the lesson.</li>
 * </ol>
 * The sender's TCB is what a real TCP that sent the segment would hold; a FIN or data that
 * does not start at SND.NXT is not recorded (a real TCP never sends one), and {@code show}
 * makes that visible. {@code CoachingMatrixTest} checks these rules over every state, kind of
 * segment and common mistake.
 *
 * <h2>Events</h2>
 * With an {@link dev.tcpstep.statemachine.EventListener} attached, every transition and
 * every drop or reply emits an {@link dev.tcpstep.statemachine.Event} with the RFC section
 * and MUST label. Events are handed over at the end of each call, in the order decided, on
 * the caller's thread. Without a listener, no text is built (the benchmark configuration).
 * With one, the common explanations (transitions, data, ACKs, call results) are made the
 * first time {@link dev.tcpstep.statemachine.Event#text()} is read, from values copied at the
 * decision: the same text, but none made for a trace nobody shows or exports.
 *
 * <h2>Departures from RFC 9293, on purpose</h2>
 * <ul>
 * <li>Data and FIN on a SYN that arrives in LISTEN are not queued (the RFC says "queued for
 *   processing later"): they are not acknowledged, so the peer retransmits them. On a SYN
 *   in SYN-SENT (simultaneous open) they are queued and processed once ESTABLISHED is
 *   reached (§3.10.7.3).</li>
 * <li>RECEIVE in CLOSING, LAST-ACK and TIME-WAIT hands out data already on hand before
 *   answering "connection closing" (the CLOSE-WAIT rule), so no received byte is lost.</li>
 * <li>In SYN-SENT the RFC 5961 exact-sequence test for RST is not applied (RCV.NXT is not
 *   defined yet); the acceptable ACK is the check, as RFC 5961 §3.2 describes.</li>
 * <li>The RFC 5961 §5 ACK range check applies in the synchronized states; SYN-RECEIVED keeps
 *   its own rule (RST for an unacceptable ACK).</li>
 * <li>SND.WND, SND.WL1 and SND.WL2 are also set from the SYN,ACK that takes SYN-SENT to
 *   ESTABLISHED (the RFC spells this out only for the SYN-RECEIVED branch).</li>
 * <li>A retransmitted FIN in TIME-WAIT fails the acceptability test (it is old); it is
 *   acknowledged and restarts the 2MSL timer as the fifth step's TIME-WAIT rule says.</li>
 * <li>Replies to unacceptable segments without data (and RFC 5961 challenge ACKs) are
 *   rate-limited, by default to one per 500 ms per connection
 *   ({@link dev.tcpstep.statemachine.Profile#invalidAckInterval()}), as RFC 5961 §7 advises;
 *   RFC 9293's text alone lets two desynchronized ends ACK each other forever.</li>
 * <li>In SYN-RECEIVED a SYN,ACK that repeats the SYN already received is trimmed of that
 *   SYN and its ACK processed (simultaneous open, Figure 7), instead of failing the
 *   acceptability test.</li>
 * <li>On a retransmission timeout the segment at the front goes again (§3.10.8); the rest of
 *   the unacknowledged flight follows as ACKs reopen the congestion window (go-back-N from
 *   SND.UNA with RFC 5681's one-segment loss window), SND.NXT never moving back. SACK
 *   information is dropped then (RFC 2018 §8), so go-back-N resends SACKed bytes too.</li>
 * <li>Loss recovery: duplicate ACKs by RFC 5681 §2, limited transmit (RFC 3042), fast
 *   retransmit and recovery (RFC 5681 §3.2) with NewReno partial ACKs (RFC 6582, the
 *   default; {@link dev.tcpstep.statemachine.Profile#congestionControl()}) or, with SACK
 *   agreed, RFC 6675's pipe and NextSeg. Partial ACKs restart the retransmission timer each
 *   time (RFC 6582 §4 "Slow-but-Steady"). RFC 6675 recovery starts on the third duplicate
 *   ACK only (not on IsLost alone), counts pipe in SMSS pieces from SND.UNA, and has no
 *   rescue retransmission (NextSeg rule 4). A backed-off RTO collapses at the next ACK of new
 *   data, as in BSD, Linux and ns-3; RFC 6298 §5 waits for a new RTT sample (Karn). CUBIC
 *   (RFC 9438) has no HyStart and always uses fast convergence.</li>
 * <li>ECN (RFC 3168, {@link dev.tcpstep.statemachine.Profile#ecn()}, off by default): new
 *   data is sent ECT(0), retransmissions and pure ACKs Not-ECT; no ECN nonce; with cwnd at
 *   one segment an ECE does not restart the retransmission timer (§6.1.2).</li>
 * <li>Nagle (§3.7.4, SHLD-7) is implemented but off in {@code rfc9293()}, so each SEND shows
 *   its segment at once when stepping by hand; {@link dev.tcpstep.statemachine.Connection#nagle(boolean)}
 *   switches it per connection (MUST-17).</li>
 * <li>Keep-alives (§3.8.4) are off by default (MUST-25), switched per connection
 *   ({@link dev.tcpstep.statemachine.Connection#keepAlive(long, boolean)}, MUST-24), every
 *   {@link dev.tcpstep.statemachine.Profile#keepAliveInterval()} (configurable, MUST-27; 2 h,
 *   MUST-28) of idleness, only with nothing outstanding (MUST-26); unanswered probes never end
 *   the connection (MUST-29): there is no probe count.</li>
 * <li>PAWS (RFC 7323 §5.3) rejects old timestamps before the acceptability test; segments
 *   without a timestamp option after timestamps were agreed are still accepted (RFC 7323
 *   §3.2's SHOULD-drop is not applied).</li>
 * <li>After a RECEIVE the new window is announced at once only when the peer's view of it was
 *   smaller than one segment or it has at least doubled; otherwise the next segment carries
 *   it (§3.8.6.2.2 leaves the moment open). RECEIVE before ESTABLISHED answers "ok" with no
 *   data: nothing is queued in a sans-I/O endpoint, the caller asks again.</li>
 * <li>Not implemented: security/compartment (obsolete), ICMP (no path MTU discovery, no soft
 *   errors), D-SACK (RFC 2883) reactions and RACK-TLP (RFC 8985).</li>
 * </ul>
 */
package dev.tcpstep.statemachine;
