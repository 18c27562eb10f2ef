package dev.tcpstep.statemachine;

import dev.tcpstep.codec.IpHeader;
import dev.tcpstep.codec.Payload;
import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.TcpFlags;
import dev.tcpstep.codec.TcpOption;
import dev.tcpstep.statemachine.internal.CongestionControl;
import dev.tcpstep.statemachine.internal.ReceiveQueue;
import dev.tcpstep.statemachine.internal.SackScoreboard;
import dev.tcpstep.statemachine.internal.RttEstimator;
import dev.tcpstep.statemachine.internal.SendQueue;
import dev.tcpstep.statemachine.internal.StepLog;
import dev.tcpstep.statemachine.internal.SynOptions;
import dev.tcpstep.statemachine.internal.Timers;

import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static dev.tcpstep.codec.TcpFlags.ACK;
import static dev.tcpstep.codec.TcpFlags.CWR;
import static dev.tcpstep.codec.TcpFlags.ECE;
import static dev.tcpstep.codec.TcpFlags.FIN;
import static dev.tcpstep.codec.TcpFlags.PSH;
import static dev.tcpstep.codec.TcpFlags.RST;
import static dev.tcpstep.codec.TcpFlags.SYN;
import static dev.tcpstep.codec.TcpFlags.URG;
import static dev.tcpstep.statemachine.SeqNum.add;
import static dev.tcpstep.statemachine.SeqNum.diff;
import static dev.tcpstep.statemachine.SeqNum.geq;
import static dev.tcpstep.statemachine.SeqNum.gt;
import static dev.tcpstep.statemachine.SeqNum.inWindow;
import static dev.tcpstep.statemachine.SeqNum.leq;
import static dev.tcpstep.statemachine.SeqNum.lt;
import static dev.tcpstep.statemachine.internal.Timers.Kind.KEEP_ALIVE;
import static dev.tcpstep.statemachine.internal.Timers.Kind.PERSIST;
import static dev.tcpstep.statemachine.internal.Timers.Kind.RTX;
import static dev.tcpstep.statemachine.internal.Timers.Kind.TIME_WAIT;
import static dev.tcpstep.statemachine.internal.Timers.Kind.USER;

/**
 * One connection: one transmission control block (RFC 9293 §3.3.1) and the rules that
 * change it. Sans-I/O: every entry point takes {@code now} (nanoseconds of virtual
 * time) and returns the segments RFC 9293 says to send; {@link #nextDeadline()} tells
 * when {@link #onTimer(long)} must be called next. Not thread-safe; one caller at a time.
 *
 * <p>The user calls of §3.10.1–§3.10.6 are {@link #open}, {@link #send}, {@link #receive},
 * {@link #close}, {@link #abort} and {@link #status}; SEGMENT ARRIVES (§3.10.7) is
 * {@link #onSegment}, split into the RFC's own steps; the timeouts of §3.10.8 are
 * {@link #onTimer}. {@link #sendCrafted} records a hand-made segment as sent.
 */
public final class Connection {
    /** "No deadline". */
    public static final long NEVER = Long.MAX_VALUE;

    private static final TcpFlags[] FLAGS = new TcpFlags[256];

    static {
        for (int i = 0; i < 256; i++) {
            FLAGS[i] = TcpFlags.of(i);
        }
    }

    private final Host host;
    private final Listener parent;
    /** The host's timer heaps (see {@link Host#arm}): this connection's slot (-1: not armed), key and heap. */
    int timerSlot = -1;
    long timerAt;
    long timerOrder;
    boolean timerIdle;
    private final String name;
    private final Profile p;
    private final IsnSource isnSource;
    private final EventListener listener;
    private final boolean trace;
    private final FourTuple tuple;
    private final IpHeader ipOut;

    private State state = State.CLOSED;
    /** MUST-11: whether SYN-RECEIVED was reached from a passive OPEN. */
    private boolean passive;
    private TcpError error;
    private boolean peerClosed;

    // §3.3.1 send sequence variables
    private long iss = -1;
    private long sndUna;
    private long sndNxt;
    private long sndWnd;
    private long sndUp;
    private long sndWl1;
    private long sndWl2;
    private long maxSndWnd;
    // receive sequence variables
    private long irs = -1;
    private long rcvNxt;
    private long rcvUp;
    /** RCV.NXT + RCV.WND as last opened (the right edge is never moved left, §3.10.7.4). */
    private long rcvEdge;
    /** RCV.NXT as a 64-bit offset from IRS+1, for the reassembly queue. */
    private long rcvAbs;
    private long lastAckSent;
    /** The window (bytes) this end last advertised. */
    private long lastWndSent;
    /** When the last reply to an unacceptable segment went out (NEVER: not yet). */
    private long lastInvalidAck = NEVER;

    // what the SYN exchange offered and agreed
    private int offerWs = -1;
    private boolean offerTs;
    private boolean offerSack;
    private int sendMss;
    private int effMss;
    private int sndShift;
    private int rcvShift;
    private boolean wsOk;
    private boolean tsOk;
    private boolean sackOk;
    private long tsRecent;

    // send buffer: bytes from sndqSeq on
    private final SendQueue sndq = new SendQueue();
    private long sndqSeq;
    private boolean finQueued;
    private boolean finSent;
    private long finSeq;
    private boolean closePending;
    /** Go-back-N after a timeout: retransmit [rtxNext, SND.NXT) before new data. */
    private long rtxNext;
    private boolean urgentMode;
    private boolean synRetransmitted;

    // receive buffer
    private final ReceiveQueue rcvq = new ReceiveQueue();

    // timers (§3.8, §3.10.8); the delayed-ACK deadline (NEVER when off) stays with the ACK bookkeeping
    private final Timers timers = new Timers();
    private long delackAt = NEVER;

    // RFC 6298 (the RTO, and which segment is timed: Karn) and RFC 5681 (the congestion window)
    private final RttEstimator rtt;
    private int retries;
    private int backoff;
    private boolean timing;
    private long rttSeq;
    private long rttStart;
    private final CongestionControl cc;
    /** RFC 6675: what the peer SACKed (used when SACK was negotiated). */
    private SackScoreboard board; // made on first use: after the first ACK when SACK is in use, else on a loss

    // RFC 3168 ECN: offered on our SYN, agreed, and the flags owed
    private boolean offerEcn;
    private boolean ecnOk;
    /** RFC 3168 §6.1.3: a CE mark arrived; ECE on every ACK until the peer's CWR. */
    private boolean eceOwed;
    /** RFC 3168 §6.1.2: the window was reduced for ECE; CWR on the next new data. */
    private boolean cwrPending;
    /** The IP header of new data when ECN is in use: ECT(0). */
    private IpHeader ipEct;

    // §3.7.4 Nagle (MUST-17: per connection) and §3.8.4 keep-alive (MUST-24: per connection)
    private boolean nagle;
    private boolean keepAlive;
    /** RFC 7323 §5.5: when TS.Recent was last set (PAWS trusts it for 24 days). */
    private long tsRecentAt;
    /** §3.10.7.3: text (and FIN) of a SYN received in SYN-SENT, queued until ESTABLISHED. */
    private Payload synText;
    private boolean synFin;

    private boolean ackNow;
    private long unackedBytes;

    // the current step
    private long now;
    private Event.Cause cause;
    private List<Segment> out;
    private State stateAtBegin;
    /** The first segment of the step (most steps send at most one: no list until a second). */
    private Segment out1;
    /** Event building: the step's events and reasons. */
    private final StepLog log;
    /** Made on the first event delivered (a connection no one listens to never needs it). */
    private Consumer<Event> deliverer;
    private List<Segment> lastOut = List.of();
    private List<String> lastReasons = List.of();

    // The arriving segment after trimming to the window (§3.10.7.4 "idealized segment"), as fields: no object.
    private Segment inSeg;
    private long inSeq;
    private boolean inSyn;
    private boolean inFin;
    private Payload inData;

    /** A host's listener hands this connection the SYN it accepted: LISTEN on behalf of the listener. */
    void spawnListening() {
        state = State.LISTEN;
        passive = true;
    }

    Listener parent() {
        return parent;
    }

    Connection(Host host, Listener parent, String name, Profile profile, IsnSource isnSource, EventListener listener,
               FourTuple tuple) {
        this.host = host;
        this.parent = parent;
        this.name = Objects.requireNonNull(name, "name");
        this.p = Objects.requireNonNull(profile, "profile");
        this.isnSource = Objects.requireNonNull(isnSource, "isnSource");
        this.listener = listener;
        this.trace = listener != null;
        this.tuple = Objects.requireNonNull(tuple, "tuple");
        // every connection between the same two addresses sends the same header: the host shares one
        this.ipOut = host != null ? host.ipHeader(tuple.localAddress(), tuple.remoteAddress())
                : IpHeader.of(tuple.localAddress(), tuple.remoteAddress());
        this.rtt = new RttEstimator(profile.rtoInitial(), profile.rtoMin(), profile.rtoMax());
        this.cc = CongestionControl.of(profile.congestionControl());
        this.log = new StepLog(name);
        this.nagle = profile.nagle();
        this.keepAlive = profile.keepAlive();
        this.localMss = tuple.localAddress() instanceof java.net.Inet6Address
                ? Math.max(1, profile.mss() - IPV6_EXTRA_HEADER) : profile.mss();
        this.sendMss = defaultMss();
        this.effMss = Math.min(sendMss, localMss);
    }

    /**
     * IPv6's fixed header is 20 bytes longer than IPv4's: the profile's MSS is for IPv4
     * (MTU 1500 − 40), so over IPv6 this end offers and sends 20 bytes less (1440).
     */
    private static final int IPV6_EXTRA_HEADER = 20;

    /** The MSS this end offers and the largest segment it sends: the profile's, less 20 over IPv6. */
    private final int localMss;

    /**
     * A connection handle with no host around it (state CLOSED, no TCB yet). A host
     * adds the demultiplexing, listeners and the CLOSED-state replies.
     *
     * @param listener receives every event; null for none (the fastest: no text is built)
     *
     * @param name      the endpoint name events carry (e.g. {@code client})
     * @param tuple     the connection's sockets, seen from this end
     * @param profile   the knobs
     * @param isnSource where its ISS comes from
     * @return the connection, CLOSED
     */
    public static Connection create(String name, FourTuple tuple, Profile profile, IsnSource isnSource,
                                    EventListener listener) {
        return new Connection(null, null, name, profile, isnSource, listener, tuple);
    }

    // ------------------------------------------------------------------ accessors

    /** {@return the endpoint name this connection's events carry} */
    public String name() {
        return name;
    }

    /** {@return the connection's sockets, seen from this end} */
    public FourTuple tuple() {
        return tuple;
    }

    /** {@return the current state} */
    public State state() {
        return state;
    }

    /** {@return the knobs this connection runs with} */
    public Profile profile() {
        return p;
    }

    /** {@return why the connection ended (reset, refused, timeouts), or null} */
    public TcpError error() {
        return error;
    }

    /** {@return true once the peer's FIN has been processed ("connection closing" was signalled)} */
    public boolean peerClosed() {
        return peerClosed;
    }

    /** {@return true when the connection came from a passive OPEN (MUST-11)} */
    public boolean passive() {
        return passive;
    }

    /** {@return the bytes received in order and not yet taken by {@link #receive}} */
    public long readable() {
        return rcvq.readyBytes();
    }

    /** {@return the user data queued or in flight (not yet acknowledged), in bytes} */
    public long unacknowledged() {
        return sndq.length();
    }

    /** {@return ISS, the initial send sequence number (−1 before one was chosen)} */
    public long iss() {
        return iss;
    }

    /** {@return IRS, the initial receive sequence number (−1 before a SYN arrived)} */
    public long irs() {
        return irs;
    }

    /** {@return SND.UNA, the oldest unacknowledged sequence number} */
    public long sndUna() {
        return sndUna;
    }

    /** {@return SND.NXT, the next sequence number to send} */
    public long sndNxt() {
        return sndNxt;
    }

    /** {@return RCV.NXT, the next sequence number expected} */
    public long rcvNxt() {
        return rcvNxt;
    }

    /** {@return SND.WND, the send window in bytes (scaled)} */
    public long sndWnd() {
        return sndWnd;
    }

    /** {@return RCV.WND, the receive window in bytes} */
    public long rcvWnd() {
        if (irs < 0) {
            return p.receiveWindow();
        }
        return Math.max(0, diff(rcvEdge, rcvNxt));
    }

    /** {@return a snapshot of every TCB variable} */
    public Tcb tcb() {
        boolean defined = iss >= 0;
        boolean rdefined = irs >= 0;
        return new Tcb(state, defined ? sndUna : -1, defined ? sndNxt : -1, sndWnd, sndUp, sndWl1, sndWl2, iss,
                rdefined ? rcvNxt : -1, rcvWnd(), rcvUp, irs, maxSndWnd, sendMss, effMss,
                wsOk ? sndShift : -1, wsOk ? rcvShift : -1, tsOk, sackOk, rtt.srtt(), rtt.rttvar(), rtt.rto(), cc.cwnd(),
                cc.ssthresh(),
                retries, unsentBytes(), rcvq.readyBytes());
    }

    /**
     * The sender's congestion state (RFC 5681, RFC 6582, RFC 9438): algorithm, phase, cwnd,
     * ssthresh and FlightSize, for {@code show} and the cwnd plot.
     *
     * @return the snapshot; phase "closed" and FlightSize 0 before an ISS was chosen
     */
    public CongestionSnapshot congestion() {
        String phase = iss < 0 ? "closed" : cc.phase();
        long flight = iss < 0 ? 0 : Math.max(0, diff(sndNxt, sndUna));
        return new CongestionSnapshot(cc.algorithm(), phase, cc.cwnd(), cc.ssthresh(), flight);
    }

    /** {@return true while the Nagle algorithm (§3.7.4) holds small segments on this connection} */
    public boolean nagle() {
        return nagle;
    }

    /**
     * Switches the Nagle algorithm for this connection (RFC 9293 §3.7.4 MUST-17: "there MUST be
     * a way for an application to disable the Nagle algorithm on an individual connection").
     * Data it held goes with the connection's next step.
     *
     * @param on true to turn the Nagle algorithm on, false to turn it off
     */
    public void nagle(boolean on) {
        nagle = on;
    }

    /** {@return true when keep-alives (§3.8.4) are on for this connection} */
    public boolean keepAlive() {
        return keepAlive;
    }

    /**
     * Switches keep-alives for this connection (RFC 9293 §3.8.4 MUST-24: "the application MUST
     * be able to turn them on or off for each TCP connection"); the first probe goes after
     * {@link Profile#keepAliveInterval()} without traffic.
     *
     * @param now the current time, virtual nanoseconds; the keep-alive timer starts from it
     * @param on  true to turn keep-alives on (arming the timer), false to turn them off (stopping it)
     */
    public void keepAlive(long now, boolean on) {
        keepAlive = on;
        if (on) {
            armKeepAlive(now);
        } else {
            timers.stop(KEEP_ALIVE);
        }
        if (host != null) {
            host.arm(this);
        }
    }

    /** {@return true when RFC 3168 ECN was agreed on the SYN exchange} */
    public boolean ecn() {
        return ecnOk;
    }

    /**
     * The byte ranges above SND.UNA the peer reported SACKed (RFC 6675 scoreboard), as {left, right}.
     *
     * @return the ranges, each a {@code long[]} of left and right edge
     */
    public List<long[]> sacked() {
        return board == null ? new java.util.ArrayList<>() : board.ranges();
    }

    private SackScoreboard board() {
        SackScoreboard b = board;
        if (b == null) {
            b = new SackScoreboard();
            board = b;
        }
        return b;
    }

    /** {@return the earliest time {@link #onTimer} has something to do, or {@link #NEVER}} */
    public long nextDeadline() {
        return Math.min(timers.next(), delackAt);
    }

    /**
     * What RFC 9293 had this endpoint send at its last step, and why. A manual endpoint
     * shows it as the suggestion; the reasons are recorded only when an event listener
     * is attached. Does not change state. (The rules live in {@link Coach}.)
     *
     * @return the segments and the reasons
     */
    public Advice advice() {
        return Coach.advice(this);
    }

    /**
     * How a typed segment differs from what RFC 9293 says this endpoint should send now:
     * the text of {@link Coach}'s note, or empty when it is right. Does not change state.
     *
     * @param typed the segment a person typed for this end
     * @return the differences; empty when they agree
     */
    public List<String> compare(Segment typed) {
        Coach.Note n = Coach.judge(this, typed, lastOut).note();
        return n == null ? List.of() : List.of(n.text());
    }

    List<Segment> lastOut() {
        return lastOut;
    }

    List<String> lastReasons() {
        return lastReasons;
    }

    boolean finSent() {
        return finSent;
    }

    long finSeq() {
        return finSeq;
    }

    // ------------------------------------------------------------------ user calls (§3.10.1–§3.10.6)

    /**
     * OPEN (§3.10.1): active sends a SYN; passive waits in LISTEN for this remote socket.
     *
     * @param now    the current time, virtual nanoseconds
     * @param active true for an active OPEN, false for a passive one
     * @return ok with the SYN sent, or "error: connection already exists" (nothing changes)
     */
    public CallResult open(long now, boolean active) {
        begin(now, trace ? "OPEN " + (active ? "active" : "passive") : null);
        TcpError e = null;
        switch (state) {
            case CLOSED -> {
                if (active) {
                    // RFC 9293 §3.10.1: "An initial send sequence number (ISS) is selected. A SYN segment of the
                    // form <SEQ=ISS><CTL=SYN> is sent."
                    activeOpen();
                } else {
                    passive = true;
                    // RFC 9293 §3.10.1: "If passive, enter the LISTEN state and return."
                    setState(State.LISTEN, "passive OPEN", "3.10.1", null);
                }
            }
            case LISTEN -> {
                if (active) {
                    // RFC 9293 §3.10.1: "If the OPEN call is active and the remote socket is specified, then
                    // change the connection from passive to active, select an ISS."
                    passive = false;
                    activeOpen();
                } else {
                    e = TcpError.CONNECTION_ALREADY_EXISTS;
                }
            }
            // RFC 9293 §3.10.1: "Return "error: connection already exists"."
            default -> e = TcpError.CONNECTION_ALREADY_EXISTS;
        }
        return callDone(e, Payload.EMPTY);
    }

    private void activeOpen() {
        offerWs = p.windowScale();
        offerTs = p.timestamps();
        offerSack = p.sack();
        offerEcn = p.ecn();
        chooseIss(isnSource.isn(now, tuple));
        Segment syn = emit(iss, SYN, Payload.EMPTY);
        startRtx();
        timeFrom(add(iss, 1));
        long isn = iss;
        setState(State.SYN_SENT, explaining() ? () -> "active OPEN, sent SYN with ISS " + isn : null, "3.10.1", null,
                syn);
    }

    private void chooseIss(long isn) {
        iss = isn;
        sndUna = iss;
        sndNxt = add(iss, 1);
        sndqSeq = sndNxt;
        rtxNext = sndNxt;
        sndUp = iss;
        cc.start(effMss, initialCwnd(), iss);
    }

    /**
     * SEND (§3.10.2) with PUSH.
     *
     * @param now  the current time, virtual nanoseconds
     * @param data the bytes to send
     * @return ok with the segments sent, or the RFC error ("connection does not exist", "connection
     *         closing", "insufficient resources"); a failed call changes nothing
     * @throws NullPointerException if {@code data} is null (a programming error)
     */
    public CallResult send(long now, Payload data) {
        return send(now, data, false);
    }

    /**
     * SEND (§3.10.2); {@code urgent} sets SND.UP to the end of this data.
     *
     * @param now    the current time, virtual nanoseconds
     * @param data   the bytes to send
     * @param urgent true to mark them urgent
     * @return ok with the segments sent, or the RFC error ("connection does not exist", "connection
     *         closing", "insufficient resources"); a failed call changes nothing
     * @throws NullPointerException if {@code data} is null (a programming error)
     */
    public CallResult send(long now, Payload data, boolean urgent) {
        Objects.requireNonNull(data, "data");
        begin(now, trace ? "SEND " + data.length() + " bytes" + (urgent ? " URGENT" : "") : null);
        TcpError e = null;
        switch (state) {
            // RFC 9293 §3.10.2: "Otherwise, return "error: connection does not exist"."
            case CLOSED -> e = TcpError.CONNECTION_DOES_NOT_EXIST;
            case LISTEN -> {
                // RFC 9293 §3.10.2: "If the remote socket is specified, then change the connection from passive
                // to active, select an ISS."
                passive = false;
                activeOpen();
                e = queue(data, urgent);
            }
            // RFC 9293 §3.10.2: "Queue the data for transmission after entering ESTABLISHED state."
            case SYN_SENT, SYN_RECEIVED -> e = closePending ? TcpError.CONNECTION_CLOSING : queue(data, urgent);
            case ESTABLISHED, CLOSE_WAIT -> {
                // RFC 9293 §3.10.2: "Segmentize the buffer and send it with a piggybacked acknowledgment
                // (acknowledgment value = RCV.NXT)."
                e = queue(data, urgent);
                output();
            }
            // RFC 9293 §3.10.2: "Return "error: connection closing" and do not service request."
            default -> e = TcpError.CONNECTION_CLOSING;
        }
        return callDone(e, Payload.EMPTY);
    }

    private TcpError queue(Payload data, boolean urgent) {
        if (sndq.length() + data.length() > p.sendBuffer()) {
            // RFC 9293 §3.10.2: "If there is insufficient space to remember this buffer, simply return "error:
            // insufficient resources"."
            return TcpError.INSUFFICIENT_RESOURCES;
        }
        sndq.append(data);
        if (urgent) {
            // RFC 9293 §3.10.2: "If the URGENT flag is set, then SND.UP <- SND.NXT and set the urgent pointer in
            // the outgoing segments." (MUST-62: it points after the urgent data.)
            sndUp = dataEnd();
            urgentMode = true;
        }
        return null;
    }

    /**
     * RECEIVE (§3.10.3): up to {@code max} bytes received in order.
     *
     * @param now the current time, virtual nanoseconds
     * @param max the most bytes to take, at least 0
     * @return ok with the data (and any window update sent), or the RFC error ("connection does not
     *         exist", "connection closing"); a failed call changes nothing
     * @throws IllegalArgumentException if {@code max} is negative (a programming error)
     */
    public CallResult receive(long now, int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max " + max + " bytes (expected: >= 0)");
        }
        begin(now, trace ? "RECEIVE " + max : null);
        TcpError e = null;
        Payload data = Payload.EMPTY;
        switch (state) {
            // RFC 9293 §3.10.3: "Otherwise, return "error: connection does not exist"."
            case CLOSED -> e = TcpError.CONNECTION_DOES_NOT_EXIST;
            // RFC 9293 §3.10.3: "Queue for processing after entering ESTABLISHED state." (Sans-I/O: nothing to
            // hand out yet; the caller asks again.)
            case LISTEN, SYN_SENT, SYN_RECEIVED -> { }
            case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2 -> data = take(max);
            default -> {
                // RFC 9293 §3.10.3: "RECEIVEs must be satisfied by data already on hand, but not yet delivered to
                // the user. If no text is awaiting delivery, the RECEIVE will get an "error: connection closing"
                // response." (Applied to CLOSING, LAST-ACK and TIME-WAIT as well: data on hand is never lost.)
                if (rcvq.readyBytes() > 0) {
                    data = take(max);
                } else {
                    e = TcpError.CONNECTION_CLOSING;
                }
            }
        }
        return callDone(e, data);
    }

    private Payload take(int max) {
        Payload d = rcvq.read(max);
        if (!d.isEmpty()) {
            openWindow();
        }
        return d;
    }

    /**
     * Receiver-side silly window avoidance: the right edge moves only when it can move by
     * min(buffer/2, MSS).
     */
    private void openWindow() {
        long potential = p.receiveWindow() - rcvq.readyBytes();
        long newEdge = add(rcvNxt, potential);
        int grow = diff(newEdge, rcvEdge);
        long wndBefore = rcvWnd();
        // RFC 9293 §3.8.6.2.2 (MUST-39): "A TCP implementation MUST include a SWS avoidance algorithm in the
        // receiver."
        if (grow > 0 && grow >= Math.min(p.receiveWindow() / 2, effMss)) {
            rcvEdge = newEdge;
            // When to announce it (§3.8.6.2.2 leaves this open): at once when the window the peer knows is too
            // small for a full segment, or when it has at least doubled; otherwise the next segment carries it.
            boolean urgentUpdate = lastWndSent < effMss || rcvWnd() >= 2 * lastWndSent;
            if (urgentUpdate && state.synchronizedState() && state != State.TIME_WAIT && !peerClosed) {
                ackNow = true;
                if (trace) {
                    note(Event.Kind.ACCEPT, "window update: RCV.WND " + wndBefore + " → " + rcvWnd(), "3.8.6.2.2",
                            "MUST-39");
                }
                output();
            }
        }
    }

    /**
     * CLOSE (§3.10.4): no more data from this side; FIN after the queued data.
     *
     * @param now the current time, virtual nanoseconds
     * @return ok with the segments sent, or the RFC error ("connection does not exist", "connection
     *         closing"); a failed call changes nothing
     */
    public CallResult close(long now) {
        begin(now, "CLOSE");
        TcpError e = null;
        switch (state) {
            // RFC 9293 §3.10.4: "Otherwise, return "error: connection does not exist"."
            case CLOSED -> e = TcpError.CONNECTION_DOES_NOT_EXIST;
            // RFC 9293 §3.10.4: "Any outstanding RECEIVEs are returned with "error: closing" responses. Delete
            // TCB, enter CLOSED state, and return."
            case LISTEN -> toClosed(null, "CLOSE in LISTEN deletes the TCB", "3.10.4", null);
            // RFC 9293 §3.10.4: "Delete the TCB and return "error: closing" responses to any queued SENDs, or
            // RECEIVEs."
            case SYN_SENT -> toClosed(null, "CLOSE in SYN-SENT deletes the TCB", "3.10.4", null);
            case SYN_RECEIVED -> {
                if (sndq.length() == 0) {
                    // RFC 9293 §3.10.4: "If no SENDs have been issued and there is no pending data to send, then
                    // form a FIN segment and send it, and enter FIN-WAIT-1 state"
                    finQueued = true;
                    Segment fin = sendFinNow();
                    setState(State.FIN_WAIT_1, "CLOSE, sent FIN", "3.10.4", null, fin);
                } else {
                    // RFC 9293 §3.10.4: "otherwise, queue for processing after entering ESTABLISHED state."
                    closePending = true;
                    note(Event.Kind.CALL, "CLOSE queued until ESTABLISHED (data pending)", "3.10.4", null);
                }
            }
            case ESTABLISHED -> {
                // RFC 9293 §3.10.4: "Queue this until all preceding SENDs have been segmentized, then form a FIN
                // segment and send it. In any case, enter FIN-WAIT-1 state."
                finQueued = true;
                setState(State.FIN_WAIT_1, "CLOSE, FIN follows the queued data", "3.10.4", null);
                output();
            }
            // RFC 9293 §3.10.4: "Strictly speaking, this is an error and should receive an "error: connection
            // closing" response."
            case FIN_WAIT_1, FIN_WAIT_2 -> e = TcpError.CONNECTION_CLOSING;
            case CLOSE_WAIT -> {
                // RFC 9293 §3.10.4: "Queue this request until all preceding SENDs have been segmentized; then send
                // a FIN segment, enter LAST-ACK state."
                finQueued = true;
                setState(State.LAST_ACK, "CLOSE, FIN follows the queued data", "3.10.4", null);
                output();
            }
            // RFC 9293 §3.10.4: "Respond with "error: connection closing"."
            default -> e = TcpError.CONNECTION_CLOSING;
        }
        return callDone(e, Payload.EMPTY);
    }

    private Segment sendFinNow() {
        finSent = true;
        finSeq = sndNxt;
        Segment fin = emit(sndNxt, FIN | ACK, Payload.EMPTY);
        sndNxt = add(sndNxt, 1);
        rtxNext = sndNxt;
        startRtx();
        return fin;
    }

    /**
     * ABORT (§3.10.5): RST in the synchronized states, then CLOSED.
     *
     * @param now the current time, virtual nanoseconds
     * @return ok with the RST sent (if any), or "error: connection does not exist" (nothing changes)
     */
    public CallResult abort(long now) {
        begin(now, "ABORT");
        TcpError e = null;
        switch (state) {
            // RFC 9293 §3.10.5: "Otherwise, return "error: connection does not exist"."
            case CLOSED -> e = TcpError.CONNECTION_DOES_NOT_EXIST;
            // RFC 9293 §3.10.5: "Any outstanding RECEIVEs should be returned with "error: connection reset"
            // responses. Delete TCB, enter CLOSED state, and return."
            case LISTEN, SYN_SENT -> toClosed(null, "ABORT deletes the TCB", "3.10.5", null);
            case SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT -> {
                // RFC 9293 §3.10.5: "Send a reset segment: <SEQ=SND.NXT><CTL=RST>"
                Segment rst = emitRst(sndNxt, 0, RST);
                toClosed(null, "ABORT, sent RST", "3.10.5", null, rst);
            }
            // RFC 9293 §3.10.5: "Respond with "ok" and delete the TCB, enter CLOSED state, and return."
            default -> toClosed(null, "ABORT deletes the TCB", "3.10.5", null);
        }
        return callDone(e, Payload.EMPTY);
    }

    /**
     * STATUS (§3.10.6): the state (and {@link #tcb()} for the TCB).
     *
     * @return ok with the current state
     */
    public CallResult status() {
        // RFC 9293 §3.10.6: "Otherwise, return "error: connection does not exist"."
        TcpError e = state == State.CLOSED ? TcpError.CONNECTION_DOES_NOT_EXIST : null;
        return new CallResult(this, e, List.of(), Payload.EMPTY, state);
    }

    // ------------------------------------------------------------------ SEGMENT ARRIVES (§3.10.7)

    /**
     * SEGMENT ARRIVES (§3.10.7): processes one segment; returns the segments to send in reply.
     *
     * @param now the current time, virtual nanoseconds
     * @param seg the segment that arrived, addressed to this connection
     * @return the segments to send in reply (empty when none)
     */
    public List<Segment> onSegment(long now, Segment seg) {
        begin(now, seg);
        switch (state) {
            case CLOSED -> closedArrives(seg);
            case LISTEN -> listenArrives(seg);
            case SYN_SENT -> synSentArrives(seg);
            default -> otherStatesArrive(seg);
        }
        output();
        return end();
    }

    private void closedArrives(Segment seg) {
        Segment r = resetFor(seg, ipOut);
        if (r == null) {
            drop("RST to a CLOSED socket is discarded", "3.10.7.1", null);
        } else {
            addOut(r);
            if (trace) {
                note(Event.Kind.DROP, "no connection: " + r.flags() + " owed (seq " + r.seq()
                        + (r.has(ACK) ? ", ack " + r.ack() : "") + ")", "3.10.7.1", null, r);
            }
        }
    }

    /**
     * The reply a CLOSED socket gives to {@code seg} (§3.10.7.1), or null for a RST.
     *
     * @param ip the IP header of the reply
     */
    static Segment resetFor(Segment seg, IpHeader ip) {
        // RFC 9293 §3.10.7.1: "An incoming segment containing a RST is discarded."
        if (seg.has(RST)) {
            return null;
        }
        Segment.Builder b = Segment.builder().ip(ip).srcPort(seg.dstPort()).dstPort(seg.srcPort());
        if (!seg.has(ACK)) {
            // RFC 9293 §3.10.7.1: "If the ACK bit is off, sequence number zero is used,
            // <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>"
            return b.seq(0).ack(add(seg.seq(), seg.seqLength())).flags(FLAGS[RST | ACK]).build();
        }
        // RFC 9293 §3.10.7.1: "If the ACK bit is on, <SEQ=SEG.ACK><CTL=RST>"
        return b.seq(seg.ack()).flags(FLAGS[RST]).build();
    }

    private void listenArrives(Segment seg) {
        if (seg.has(RST)) {
            // RFC 9293 §3.10.7.2: "An incoming RST should be ignored. Return."
            drop("RST in LISTEN is ignored", "3.10.7.2", null);
            return;
        }
        if (seg.has(ACK)) {
            // RFC 9293 §3.10.7.2: "Any acknowledgment is bad if it arrives on a connection still in the LISTEN
            // state. An acceptable reset segment should be formed for any arriving ACK-bearing segment."
            Segment r = emitRst(seg.ack(), 0, RST);
            drop("ACK in LISTEN: RST seq " + seg.ack() + " owed", "3.10.7.2", null, r);
            return;
        }
        if (seg.has(SYN)) {
            // RFC 9293 §3.10.7.2: "Set RCV.NXT to SEG.SEQ+1, IRS is set to SEG.SEQ, and any other control or text
            // should be queued for processing later."
            passive = true;
            synchronize(seg);
            takeSynOptions(seg);
            // RFC 9293 §3.10.7.2: "ISS should be selected and a SYN segment sent of the form:
            // <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>"
            chooseIss(isnSource.isn(now, tuple));
            Segment synAck = emit(iss, SYN | ACK, Payload.EMPTY);
            startRtx();
            timeFrom(add(iss, 1));
            // RFC 9293 §3.10.7.2: "SND.NXT is set to ISS+1 and SND.UNA to ISS. The connection state should be
            // changed to SYN-RECEIVED."
            long irs0 = irs;
            long iss0 = iss;
            long rcvNxt0 = rcvNxt;
            setState(State.SYN_RECEIVED, explaining() ? () -> "SYN seq " + seg.seq() + ": IRS " + irs0
                    + ", sent SYN,ACK seq " + iss0 + " ack " + rcvNxt0 + textNote(seg) : null, "3.10.7.2", null,
                    synAck);
            return;
        }
        // RFC 9293 §3.10.7.2: "This should not be reached. Drop the segment and return."
        drop("segment without SYN, ACK or RST in LISTEN", "3.10.7.2", null);
    }

    private static String textNote(Segment seg) {
        return seg.payload().isEmpty() && !seg.has(FIN) ? ""
                : " (" + seg.payload().length() + " bytes of data" + (seg.has(FIN) ? " and FIN" : "")
                + " on the SYN not accepted; the peer retransmits them)";
    }

    private void synchronize(Segment seg) {
        irs = seg.seq();
        rcvNxt = add(irs, 1);
        rcvUp = rcvNxt;
        rcvAbs = 0;
        rcvEdge = add(rcvNxt, p.receiveWindow());
        lastAckSent = rcvNxt;
    }

    private void synSentArrives(Segment seg) {
        boolean ackOk = false;
        // §3.10.7.3, first: check the ACK bit
        if (seg.has(ACK)) {
            if (leq(seg.ack(), iss) || gt(seg.ack(), sndNxt)) {
                if (seg.has(RST)) {
                    // RFC 9293 §3.10.7.3: "send a reset (unless the RST bit is set, if so drop the segment and
                    // return)"
                    drop("RST with unacceptable ACK " + seg.ack() + " in SYN-SENT", "3.10.7.3", null);
                } else {
                    // RFC 9293 §3.10.7.3: "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset (unless the RST
                    // bit is set, if so drop the segment and return) <SEQ=SEG.ACK><CTL=RST>"
                    Segment r = emitRst(seg.ack(), 0, RST);
                    drop("ACK " + seg.ack() + " outside (ISS, SND.NXT] = (" + iss + ", " + sndNxt + "]: RST owed",
                            "3.10.7.3", null, r);
                }
                return;
            }
            // RFC 9293 §3.10.7.3: "If SND.UNA < SEG.ACK =< SND.NXT, then the ACK is acceptable."
            ackOk = lt(sndUna, seg.ack());
        }
        // second, check the RST bit
        if (seg.has(RST)) {
            if (ackOk) {
                // RFC 9293 §3.10.7.3: "If the ACK was acceptable, then signal to the user "error: connection
                // reset", drop the segment, enter CLOSED state, delete TCB, and return." (RFC 5961's exact-match
                // test needs RCV.NXT, which SYN-SENT does not have yet; the acceptable ACK is the check.)
                toClosed(TcpError.CONNECTION_REFUSED, "RST,ACK acknowledges our SYN: connection refused",
                        "3.10.7.3", null);
            } else {
                // RFC 9293 §3.10.7.3: "Otherwise (no ACK), drop the segment and return."
                drop("RST without an acceptable ACK in SYN-SENT", "3.10.7.3", null);
            }
            return;
        }
        // third, security: no security/compartment option is implemented, so nothing mismatches.
        // fourth, check the SYN bit
        if (seg.has(SYN)) {
            // RFC 9293 §3.10.7.3: "RCV.NXT is set to SEG.SEQ+1, IRS is set to SEG.SEQ. SND.UNA should be advanced
            // to equal SEG.ACK (if there is an ACK)"
            synchronize(seg);
            takeSynOptions(seg);
            if (seg.has(ACK)) {
                ackAdvance(seg.ack());
            }
            if (gt(sndUna, iss)) {
                // RFC 9293 §3.10.7.3: "If SND.UNA > ISS (our SYN has been ACKed), change the connection state to
                // ESTABLISHED, form an ACK segment <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>"
                // The window is taken from this segment too (the RFC says so only for the SYN-RECEIVED branch).
                sndWnd = seg.window();
                maxSndWnd = Math.max(maxSndWnd, sndWnd);
                sndWl1 = seg.seq();
                sndWl2 = seg.ack();
                // RFC 9293 §3.10.7.3: "Data or controls that were queued for transmission MAY be included." The
                // ACK is owed; output() piggybacks it on queued data or sends it alone.
                ackNow = true;
                long owed = rcvNxt;
                setState(State.ESTABLISHED, explaining() ? () -> "SYN,ACK acknowledges ISS+1 = " + seg.ack() + ", ACK "
                        + owed + " owed" : null, "3.10.7.3", null, null);
                afterEstablished();
                // RFC 9293 §3.10.7.3: "If there are other controls or text in the segment, then continue
                // processing at the sixth step under Section 3.10.7.4 where the URG bit is checked"
                if (!seg.payload().isEmpty() || seg.has(FIN) || seg.has(URG)) {
                    inSeg = seg;
                    inSeq = rcvNxt;
                    inSyn = false;
                    inFin = seg.has(FIN);
                    inData = trimToWindow(seg.payload());
                    if (inData.length() < seg.payload().length()) {
                        inFin = false;
                    }
                    processUrg();
                    processText();
                    checkFin();
                }
            } else {
                // RFC 9293 §3.10.7.3: "Otherwise, enter SYN-RECEIVED, form a SYN,ACK segment
                // <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>"
                sndWnd = seg.window();
                maxSndWnd = Math.max(maxSndWnd, sndWnd);
                sndWl1 = seg.seq();
                sndWl2 = seg.ack();
                Segment sa = emit(iss, SYN | ACK, Payload.EMPTY);
                String queued = "";
                if (!seg.payload().isEmpty() || seg.has(FIN)) {
                    // RFC 9293 §3.10.7.3: "If there are other controls or text in the segment, queue them for
                    // processing after the ESTABLISHED state has been reached, return."
                    synText = trimToWindow(seg.payload());
                    synFin = seg.has(FIN) && synText.length() == seg.payload().length();
                    queued = " (" + synText.length() + " bytes of data" + (synFin ? " and FIN" : "")
                            + " on the SYN queued until ESTABLISHED)";
                }
                setState(State.SYN_RECEIVED, "SYN without ACK (simultaneous open): sent SYN,ACK seq " + iss
                        + " ack " + rcvNxt + queued, "3.10.7.3", null, sa);
            }
            return;
        }
        // RFC 9293 §3.10.7.3: "Fifth, if neither of the SYN or RST bits is set, then drop the segment and return."
        drop("neither SYN nor RST in SYN-SENT", "3.10.7.3", null);
    }

    private Payload trimToWindow(Payload data) {
        long w = rcvWnd();
        return data.length() > w ? data.slice(0, (int) w) : data;
    }

    /** Called once on entering ESTABLISHED: a CLOSE queued in SYN-RECEIVED is carried out now. */
    private void afterEstablished() {
        if (synRetransmitted) {
            rtt.afterSynRetransmitted();
            // RFC 5681 §3.1: "if the SYN or SYN/ACK is lost, the initial window used by a sender after a correctly
            // transmitted SYN MUST be one segment consisting of at most SMSS bytes."
            cc.start(effMss, effMss, iss);
        }
        armKeepAlive(now);
        if (closePending) {
            closePending = false;
            finQueued = true;
            // RFC 9293 §3.10.4: "otherwise, queue for processing after entering ESTABLISHED state."
            setState(State.FIN_WAIT_1, "queued CLOSE carried out", "3.10.4", null);
        }
    }

    private void otherStatesArrive(Segment seg) {
        if (tsOk && !checkPaws(seg)) {
            return;
        }
        if (!checkSequence(seg)) {
            return;
        }
        if (tsOk) {
            updateTsRecent(seg);
        }
        if (ecnOk) {
            ecnMarks(seg);
        }
        armKeepAlive(now);
        if (!checkRst(seg)) {
            return;
        }
        // Third, check security: no security/compartment option is implemented, so nothing mismatches.
        if (!checkSyn(seg)) {
            return;
        }
        if (!checkAck(seg)) {
            return;
        }
        takeSynText();
        processUrg();
        processText();
        checkFin();
    }

    /** §3.10.7.3: text that came on a SYN in SYN-SENT is processed once ESTABLISHED is reached. */
    private void takeSynText() {
        if (synText == null || state == State.SYN_RECEIVED) {
            return;
        }
        if (inData.isEmpty() && !inFin) {
            inSeq = rcvNxt;
            inData = synText;
            inFin = synFin;
            if (trace) {
                note(Event.Kind.ACCEPT, "text queued from the SYN (" + synText.length() + " bytes"
                        + (synFin ? " and FIN" : "") + ") processed now", "3.10.7.3", null);
            }
        }
        // otherwise this segment carries the same bytes again from RCV.NXT: they are processed as its own
        synText = null;
        synFin = false;
    }

    /** RFC 7323 §5.3 R1: PAWS, before the acceptability test. */
    private boolean checkPaws(Segment seg) {
        TcpOption.Timestamps t = seg.option(TcpOption.Timestamps.class);
        if (t == null || seg.has(RST)) {
            return true;
        }
        // RFC 7323 §5.5: "If the connection has been idle more than 24 days, TS.Recent is no longer valid"
        boolean valid = now - tsRecentAt < PAWS_IDLE;
        if (valid && lt(t.value(), tsRecent)) {
            // RFC 7323 §5.3: "If there is a Timestamps option in the arriving segment, SEG.TSval < TS.Recent,
            // TS.Recent is valid (see later discussion), and the RST bit is not set, then treat the arriving segment
            // as not acceptable: Send an acknowledgment in reply as specified in [RFC793], page 69, and drop the
            // segment."
            Segment a = invalidAck(seg);
            if (trace) {
                drop("TSval " + t.value() + " older than TS.Recent " + tsRecent + " (PAWS): "
                        + acked(a, "ACK"), "RFC 7323 §5.3", null, a);
            }
            return false;
        }
        return true;
    }

    /** RFC 7323 §5.5: 24 days. */
    private static final long PAWS_IDLE = 24L * 24 * 3600 * 1_000_000_000L;

    /** RFC 3168 §6.1.3: CE in the IP header and CWR in the TCP header of an acceptable segment. */
    private void ecnMarks(Segment seg) {
        if (seg.has(CWR)) {
            // RFC 3168 §6.1.3: "the receiver ... sets the ECN-Echo flag in ... every subsequent ACK packet until it
            // receives a CWR packet"
            eceOwed = false;
        }
        if (ecnField(seg.ip()) == ECN_CE) {
            // RFC 3168 §6.1.3: "If the receiving TCP receives a packet with the CE codepoint set ... the data receiver
            // sets the ECN-Echo flag in the TCP header of the subsequent ACK packet"
            eceOwed = true;
            if (trace) {
                note(Event.Kind.ACCEPT, "CE mark on seq " + seg.seq() + ": ECE on every ACK until CWR",
                        "RFC 3168 §6.1.3", null);
            }
        }
    }

    private static final int ECN_CE = 3;
    private static final int ECN_ECT0 = 2;

    /** The two ECN bits of an IP header: IPv4's ECN field, the low bits of IPv6's traffic class. */
    static int ecnField(IpHeader ip) {
        if (ip instanceof IpHeader.V4 v) {
            return v.ecn();
        }
        if (ip instanceof IpHeader.V6 v) {
            return v.trafficClass() & 3;
        }
        return 0;
    }

    /** §3.10.7.4 first: the acceptability test, then trimming to the window. */
    private boolean checkSequence(Segment seg) {
        long seq = seg.seq();
        int len = seg.seqLength();
        long wnd = rcvWnd();
        boolean ok;
        // RFC 9293 §3.10.7.4: "There are four cases for the acceptability test for an incoming segment"
        if (len == 0) {
            ok = wnd == 0 ? seq == rcvNxt : inWindow(seq, rcvNxt, wnd);
        } else {
            ok = wnd != 0 && (inWindow(seq, rcvNxt, wnd) || inWindow(add(seq, len - 1), rcvNxt, wnd));
        }
        inSeg = seg;
        inSeq = seq;
        inSyn = seg.has(SYN);
        inFin = seg.has(FIN);
        inData = seg.payload();
        if (!ok && state == State.SYN_RECEIVED && seg.has(SYN) && seg.has(ACK) && seq == irs && wnd > 0) {
            // RFC 9293 §3.5 (MUST-10): "A TCP implementation MUST support simultaneous open attempts." In Figure 7
            // the peer's SYN,ACK repeats the SYN already received (the old part, trimmed below) and carries a new
            // ACK that takes SYN-RECEIVED to ESTABLISHED.
            ok = true;
        }
        if (!ok) {
            if (wnd == 0 && seq == rcvNxt) {
                // RFC 9293 §3.10.7.4: "If the RCV.WND is zero, no segments will be acceptable, but special
                // allowance should be made to accept valid ACKs, URGs, and RSTs." (MUST-66)
                inData = Payload.EMPTY;
                inFin = false;
                inSyn = false;
                ackNow = true;
                if (trace) {
                    note(Event.Kind.ACCEPT, "zero window: text of seq " + seq + " not accepted, its ACK/URG/RST"
                            + " processed", "3.4", "MUST-66");
                }
                return true;
            }
            if (seg.has(RST)) {
                // RFC 9293 §3.10.7.4: "If an incoming segment is not acceptable, an acknowledgment should be sent
                // in reply (unless the RST bit is set, if so drop the segment and return)"
                drop("RST seq " + seq + " outside window [" + rcvNxt + ", " + add(rcvNxt, wnd) + ")",
                        "3.10.7.4", null);
                return false;
            }
            if (state == State.TIME_WAIT && seg.has(FIN) && add(seq, len) == rcvNxt) {
                // RFC 9293 §3.10.7.4: "The only thing that can arrive in this state is a retransmission of the
                // remote FIN. Acknowledge it, and restart the 2 MSL timeout."
                Segment a = emit(sndNxt, ACK, Payload.EMPTY);
                timers.set(TIME_WAIT, now + 2 * p.msl());
                if (trace) {
                    note(Event.Kind.ACCEPT, "retransmitted FIN in TIME-WAIT: sent ACK " + rcvNxt
                            + ", 2MSL restarted", "3.10.7.4", null, a);
                }
                return false;
            }
            // RFC 9293 §3.10.7.4: "After sending the acknowledgment, drop the unacceptable segment and return."
            Segment a = invalidAck(seg);
            if (trace) {
                drop("seq " + seq + (len > 1 ? ".." + add(seq, len - 1) : "") + " outside window [" + rcvNxt
                        + ", " + add(rcvNxt, wnd) + "), " + acked(a, "ACK"), "3.10.7.4", null, a);
            }
            return false;
        }
        // RFC 9293 §3.10.7.4: "If a segment's contents straddle the boundary between old and new, only the new
        // parts are processed."
        if (lt(seq, rcvNxt)) {
            int cut = diff(rcvNxt, seq);
            if (inSyn) {
                inSyn = false;
                cut--;
            }
            if (cut > 0) {
                inData = inData.slice(Math.min(cut, inData.length()), inData.length());
            }
            inSeq = rcvNxt;
        }
        // RFC 9293 §3.10.7.4: "One could tailor actual segments to fit this assumption by trimming off any
        // portions that lie outside the window (including SYN and FIN)"
        int room = diff(add(rcvNxt, wnd), inSeq) - (inSyn ? 1 : 0);
        if (inData.length() > room) {
            inData = inData.slice(0, Math.max(0, room));
            inFin = false;
        }
        return true;
    }

    private void updateTsRecent(Segment seg) {
        List<TcpOption> options = seg.options();
        for (int i = 0; i < options.size(); i++) {
            if (options.get(i) instanceof TcpOption.Timestamps t) {
                // RFC 7323 §4.3: "If SEG.TSval >= TS.Recent and SEG.SEQ <= Last.ACK.sent, then SEG.TSval is copied
                // to TS.Recent; otherwise, it is ignored." (PAWS, before the acceptability test: checkPaws.)
                if (geq(t.value(), tsRecent) && leq(seg.seq(), lastAckSent)) {
                    tsRecent = t.value();
                    tsRecentAt = now;
                }
                return;
            }
        }
    }

    /** §3.10.7.4 second: the RST bit, with RFC 5961 §3. */
    private boolean checkRst(Segment seg) {
        if (!seg.has(RST)) {
            return true;
        }
        if (p.rfc5961() && seg.seq() != rcvNxt) {
            // RFC 9293 §3.10.7.4: "If the RST bit is set and the sequence number does not exactly match the next
            // expected sequence value, yet is within the current receive window, TCP endpoints MUST send an
            // acknowledgment (challenge ACK)"
            Segment a = invalidAck(seg);
            if (trace) {
                drop("RST seq " + seg.seq() + " in window but not RCV.NXT " + rcvNxt + ": "
                        + acked(a, "challenge ACK"),
                        "RFC 5961 §3", null, a);
            }
            return false;
        }
        String why = !explaining() ? "" : p.rfc5961() ? "RST seq " + seg.seq() + " = RCV.NXT"
                : "RST seq " + seg.seq() + " in window";
        switch (state) {
            case SYN_RECEIVED -> {
                if (passive) {
                    // RFC 9293 §3.10.7.4: "If this connection was initiated with a passive OPEN (i.e., came from the
                    // LISTEN state), then return this connection to LISTEN state and return."
                    returnToListen(why + ": back to LISTEN");
                } else {
                    // RFC 9293 §3.10.7.4: "If this connection was initiated with an active OPEN (i.e., came from
                    // SYN-SENT state), then the connection was refused; signal the user "connection refused"."
                    toClosed(TcpError.CONNECTION_REFUSED, why + ": connection refused", "3.10.7.4", null);
                }
            }
            // RFC 9293 §3.10.7.4: "If the RST bit is set, then any outstanding RECEIVEs and SEND should receive
            // "reset" responses. All segment queues should be flushed."
            case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT ->
                    toClosed(TcpError.CONNECTION_RESET, why + ": connection reset", "3.10.7.4", null);
            case TIME_WAIT -> {
                if (p.rfc1337()) {
                    // RFC 1337 §4 (TIME-WAIT assassination fix): ignore RST segments in TIME-WAIT state.
                    drop("RST in TIME-WAIT ignored", "RFC 1337 §4", null);
                } else {
                    // RFC 9293 §3.10.7.4: "If the RST bit is set, then enter the CLOSED state, delete the TCB, and
                    // return."
                    toClosed(null, why, "3.10.7.4", null);
                }
            }
            // RFC 9293 §3.10.7.4: "If the RST bit is set, then enter the CLOSED state, delete the TCB, and return."
            default -> toClosed(null, why, "3.10.7.4", null);
        }
        return false;
    }

    private void returnToListen(String why) {
        flush();
        State from = state;
        state = State.LISTEN;
        iss = -1;
        irs = -1;
        sndWnd = 0;
        maxSndWnd = 0;
        if (trace) {
            event(Event.Kind.TRANSITION, from, why, "3.10.7.4", null, null);
        }
    }

    /** §3.10.7.4 fourth: the SYN bit, with RFC 5961 §4. */
    private boolean checkSyn(Segment seg) {
        if (!inSyn) {
            return true;
        }
        if (state == State.SYN_RECEIVED && passive) {
            // RFC 9293 §3.10.7.4: "If the connection was initiated with a passive OPEN, then return this connection
            // to the LISTEN state and return."
            returnToListen("SYN in window in SYN-RECEIVED: back to LISTEN");
            return false;
        }
        if (p.rfc5961()) {
            // RFC 9293 §3.10.7.4: "RFC 5961 recommends that in these synchronized states, if the SYN bit is set,
            // irrespective of the sequence number, TCP endpoints MUST send a "challenge ACK" to the remote peer"
            Segment a = invalidAck(seg);
            if (trace) {
                drop("SYN seq " + seg.seq() + " in " + state + ": " + acked(a, "challenge ACK"), "RFC 5961 §4",
                        null, a);
            }
            return false;
        }
        // RFC 9293 §3.10.7.4: "If the SYN is in the window it is an error: send a reset, any outstanding RECEIVEs
        // and SEND should receive "reset" responses"
        Segment r = emitRst(sndNxt, 0, RST);
        toClosed(TcpError.CONNECTION_RESET, "SYN in window: sent RST, connection reset", "3.10.7.4", null, r);
        return false;
    }

    /** §3.10.7.4 fifth: the ACK field. */
    private boolean checkAck(Segment seg) {
        if (!seg.has(ACK)) {
            // RFC 9293 §3.10.7.4: "if the ACK bit is off, drop the segment and return"
            drop("no ACK bit", "3.10.7.4", null);
            return false;
        }
        long ack = seg.ack();
        if (state == State.SYN_RECEIVED) {
            if (lt(sndUna, ack) && leq(ack, sndNxt)) {
                // RFC 9293 §3.10.7.4: "If SND.UNA < SEG.ACK =< SND.NXT, then enter ESTABLISHED state and continue
                // processing with the variables below set to: SND.WND <- SEG.WND SND.WL1 <- SEG.SEQ SND.WL2 <-
                // SEG.ACK"
                sndWnd = (long) seg.window() << sndShift;
                maxSndWnd = Math.max(maxSndWnd, sndWnd);
                sndWl1 = seg.seq();
                sndWl2 = ack;
                setState(State.ESTABLISHED, explaining() ? () -> "ACK " + ack + " acknowledges our SYN (ISS+1)" : null,
                        "3.10.7.4", null, null);
                if (parent != null) {
                    parent.established(this);
                }
                afterEstablished();
            } else {
                // RFC 9293 §3.10.7.4: "If the segment acknowledgment is not acceptable, form a reset segment
                // <SEQ=SEG.ACK><CTL=RST>"
                Segment r = emitRst(ack, 0, RST);
                drop("ACK " + ack + " outside (SND.UNA, SND.NXT] = (" + sndUna + ", " + sndNxt + "]: RST owed",
                        "3.10.7.4", null, r);
                return false;
            }
        }
        if (p.rfc5961() && !SeqNum.between(add(sndUna, -maxSndWnd), ack, sndNxt)) {
            // RFC 9293 §3.10.7.4: "TCP stacks that implement RFC 5961 MUST add an input check that the ACK value is
            // acceptable only if it is in the range of ((SND.UNA - MAX.SND.WND) =< SEG.ACK =< SND.NXT)."
            Segment a = invalidAck(seg);
            if (trace) {
                drop("ACK " + ack + " outside [SND.UNA-MAX.SND.WND, SND.NXT] = [" + add(sndUna, -maxSndWnd) + ", "
                        + sndNxt + "]: " + acked(a, "ACK"), "RFC 5961 §5", null, a);
            }
            return false;
        }
        if (gt(ack, sndNxt)) {
            // RFC 9293 §3.10.7.4: "If the ACK acks something not yet sent (SEG.ACK > SND.NXT), then send an ACK,
            // drop the segment, and return."
            Segment a = invalidAck(seg);
            if (trace) {
                drop("ACK " + ack + " acknowledges beyond SND.NXT " + sndNxt + ": " + acked(a, "ACK"), "3.10.7.4",
                        null, a);
            }
            return false;
        }
        boolean wasZero = sndWnd == 0;
        // RFC 5681 §2: "DUPLICATE ACKNOWLEDGMENT: An acknowledgment is considered a "duplicate" ... when (a) the
        // receiver of the ACK has outstanding data, (b) the incoming acknowledgment carries no data, (c) the SYN and
        // FIN bits are both off, (d) the acknowledgment number is equal to the greatest acknowledgment received on
        // the given connection (TCP.UNA from [RFC793]) and (e) the advertised window in the incoming acknowledgment
        // equals the advertised window in the last incoming acknowledgment."
        // RFC 9293 §3.8.6.1 (MUST-37): "As long as the receiving TCP peer continues to send acknowledgments in
        // response to the probe segments, the sending TCP peer MUST allow the connection to stay open." So not
        // while the peer's window is closed: the "outstanding data" of (a) is then a probe sent beyond the window,
        // and the same ACK with the same zero window is the answer to it, not a sign of a segment arriving out of
        // order; counting it would enter fast recovery and inflate cwnd in every persist episode.
        boolean duplicate = ack == sndUna && gt(sndNxt, sndUna) && seg.payload().isEmpty() && !seg.has(SYN)
                && !seg.has(FIN) && ((long) seg.window() << sndShift) == sndWnd && sndWnd > 0 && canSendData();
        if (lt(sndUna, ack)) {
            // RFC 9293 §3.10.7.4: "If SND.UNA < SEG.ACK =< SND.NXT, then set SND.UNA <- SEG.ACK. Any segments on
            // the retransmission queue that are thereby entirely acknowledged are removed."
            ackAdvance(ack);
        }
        if (sackOk) {
            board().update(sndUna, sndNxt, sackBlocks(seg));
        }
        if (duplicate) {
            // RFC 9293 §3.10.7.4: "If the ACK is a duplicate (SEG.ACK =< SND.UNA), it can be ignored." RFC 5681
            // §3.2 counts it instead.
            duplicateAck();
        }
        if (sackOk && cc.inRecovery()) {
            sackRecoverySend();
        }
        if (ecnOk && seg.has(ECE)) {
            ecnEcho();
        }
        // RFC 9293 §3.10.7.4: "If SND.UNA =< SEG.ACK =< SND.NXT, the send window should be updated. If (SND.WL1 <
        // SEG.SEQ or (SND.WL1 = SEG.SEQ and SND.WL2 =< SEG.ACK)), set SND.WND <- SEG.WND"
        if (leq(sndUna, ack) && (lt(sndWl1, seg.seq()) || (sndWl1 == seg.seq() && leq(sndWl2, ack)))) {
            long w = (long) seg.window() << sndShift;
            if (trace && w != sndWnd) {
                note(Event.Kind.ACCEPT, "window update: SND.WND " + sndWnd + " → " + w, "3.8.6", null);
            }
            sndWnd = w;
            maxSndWnd = Math.max(maxSndWnd, sndWnd);
            sndWl1 = seg.seq();
            sndWl2 = ack;
            if (wasZero && sndWnd > 0) {
                timers.stop(PERSIST);
                backoff = 0;
                // a window probe still outstanding goes again at once
                rtxNext = sndUna;
            }
        }
        if (sndWnd == 0) {
            // RFC 9293 §3.8.6.1 (MUST-37): "As long as the receiving TCP peer continues to send acknowledgments in
            // response to the probe segments, the sending TCP peer MUST allow the connection to stay open."
            retries = 0;
            if (timers.running(USER)) {
                timers.set(USER, now + p.userTimeout());
            }
        }
        boolean finAcked = finSent && geq(sndUna, add(finSeq, 1));
        switch (state) {
            case FIN_WAIT_1 -> {
                if (finAcked) {
                    // RFC 9293 §3.10.7.4: "In addition to the processing for the ESTABLISHED state, if the FIN
                    // segment is now acknowledged, then enter FIN-WAIT-2 and continue processing in that state."
                    setState(State.FIN_WAIT_2, explaining() ? () -> "ACK " + ack + " acknowledges our FIN" : null,
                            "3.10.7.4", null, null);
                }
            }
            case FIN_WAIT_2 -> {
                // RFC 9293 §3.10.7.4: "if the retransmission queue is empty, the user's CLOSE can be acknowledged
                // ("ok") but do not delete the TCB."
            }
            case CLOSING -> {
                if (finAcked) {
                    // RFC 9293 §3.10.7.4: "if the ACK acknowledges our FIN, then enter the TIME-WAIT state;
                    // otherwise, ignore the segment."
                    setState(State.TIME_WAIT, explaining() ? () -> "ACK " + ack + " acknowledges our FIN" : null,
                            "3.10.7.4", null, null);
                } else {
                    drop("ACK " + ack + " in CLOSING does not acknowledge our FIN", "3.10.7.4", null);
                }
                return false;
            }
            case LAST_ACK -> {
                if (finAcked) {
                    // RFC 9293 §3.10.7.4: "If our FIN is now acknowledged, delete the TCB, enter the CLOSED state,
                    // and return."
                    toClosed(null, explaining() ? () -> "ACK " + ack + " acknowledges our FIN" : null, "3.10.7.4",
                            null);
                    return false;
                }
            }
            default -> { }
        }
        return true;
    }

    /** SND.UNA moves to {@code ack}: acknowledged bytes leave the queue; timers per RFC 6298 (5.2), (5.3). */
    private void ackAdvance(long ack) {
        // the SYN takes a sequence number but is not data: its acknowledgment does not open cwnd
        long acked = diff(ack, sndUna) - (sndUna == iss ? 1 : 0);
        if (gt(ack, sndqSeq)) {
            long n = Math.min(diff(ack, sndqSeq), sndq.length());
            sndq.drop(n);
            sndqSeq = add(sndqSeq, n);
        }
        sndUna = ack;
        if (lt(rtxNext, sndUna)) {
            rtxNext = sndUna;
        }
        if (timing && geq(ack, rttSeq)) {
            rtt.sample(now - rttStart);
            timing = false;
        } else {
            // RFC 6298 §5 collapses a backed-off RTO "once a new RTT measurement is obtained"; like BSD, Linux and
            // ns-3, the ACK of new data already does (a departure, listed in package-info).
            rtt.recompute();
        }
        retries = 0;
        backoff = 0;
        boolean wasRecovering = cc.inRecovery();
        // RFC 5681 §3.1: slow start, then congestion avoidance (MUST-19); in recovery RFC 6582 §3.2
        boolean partial = acked > 0 && cc.onNewAck(ack, acked, diff(sndNxt, sndUna), now, rtt.srtt());
        if (sndUna == sndNxt) {
            // RFC 6298 (5.2): "When all outstanding data has been acknowledged, turn off the retransmission timer."
            timers.stop(RTX);
            timers.stop(USER);
        } else {
            // RFC 6298 (5.3): "When an ACK is received that acknowledges new data, restart the retransmission timer"
            // (RFC 6582 §4: for partial ACKs too, the "Slow-but-Steady" variant)
            timers.set(RTX, now + rtt.rto());
            timers.set(USER, now + p.userTimeout());
        }
        if (partial) {
            // RFC 6582 §3.2 step 5: "Retransmit the first unacknowledged segment."
            Segment s = retransmitRange(sndUna, add(sndUna, effMss));
            if (trace && s != null) {
                note(Event.Kind.ACCEPT, "partial ACK " + ack + ": retransmitted seq " + sndUna + ", cwnd "
                        + cc.cwnd(), "RFC 6582 §3.2", null, s);
            }
        } else if (wasRecovering && !cc.inRecovery() && trace) {
            note(Event.Kind.ACCEPT, "ACK " + ack + " ends fast recovery: cwnd " + cc.cwnd() + ", ssthresh "
                    + cc.ssthresh(), cc.algorithm().equals("Reno") ? "RFC 5681 §3.2" : "RFC 6582 §3.2", null);
        }
    }

    /** The SACK blocks of an arriving segment as {left, right}. */
    private static List<long[]> sackBlocks(Segment seg) {
        TcpOption.Sack sack = seg.option(TcpOption.Sack.class);
        if (sack == null) {
            return List.of();
        }
        List<long[]> r = new ArrayList<>(sack.blocks().size());
        for (TcpOption.SackBlock b : sack.blocks()) {
            r.add(new long[] {b.left(), b.right()});
        }
        return r;
    }

    /** RFC 5681 §3.2 steps 1–4 (and RFC 3042 for the first two): one duplicate ACK. */
    private void duplicateAck() {
        long flight = diff(sndNxt, sndUna);
        CongestionControl.DupAckAction a = cc.onDuplicateAck(sndUna, sndNxt, flight, now);
        if (a == CongestionControl.DupAckAction.FAST_RETRANSMIT) {
            board().startEpisode();
            // RFC 5681 §3.2 step 3: "The lost segment starting at SND.UNA MUST be retransmitted"
            Segment s = retransmitRange(sndUna, add(sndUna, effMss));
            if (s != null && sackOk) {
                board().retransmitted(sndUna, add(sndUna, s.payload().length()));
            }
            if (trace) {
                note(Event.Kind.ACCEPT, "third duplicate ACK " + sndUna + ": fast retransmit of seq " + sndUna
                        + "; ssthresh = max(FlightSize/2, 2*SMSS) = " + cc.ssthresh() + ", cwnd " + cc.cwnd(),
                        "RFC 5681 §3.2", null, s);
            }
        } else if (trace) {
            int n = cc.duplicateAcks();
            note(Event.Kind.ACCEPT, cc.inRecovery() ? "duplicate ACK " + sndUna + " in " + cc.phase() + ": cwnd "
                    + cc.cwnd() : "duplicate ACK #" + n + " for " + sndUna + (n < 3 ? " (limited transmit: window "
                    + cc.sendWindow() + ")" : ""), n < 3 && !cc.inRecovery() ? "RFC 3042 §2" : "RFC 5681 §3.2",
                    null);
        }
    }

    /**
     * RFC 6675 §5 (C): "If cwnd - pipe >= 1 SMSS, the sender SHOULD transmit one or more
     * segments": holes by NextSeg, or new data.
     */
    private void sackRecoverySend() {
        for (int guard = 0; guard < 10_000; guard++) {
            long pipe = board().pipe(sndNxt, effMss);
            if (cc.cwnd() - pipe < effMss) {
                return;
            }
            // RFC 6675 §4 NextSeg (1): the first lost hole above HighRxt
            long[] r = board().nextLost(sndNxt, effMss);
            if (r == null && !sendOneNew()) {
                // NextSeg (3): a hole with SACKed data above it, when no new data can go
                r = board().nextUnsackedBelowSack(sndNxt, effMss);
                if (r == null) {
                    return;
                }
            } else if (r == null) {
                continue;
            }
            Segment s = retransmitRange(r[0], r[1]);
            if (s == null) {
                return;
            }
            board().retransmitted(r[0], add(r[0], Math.max(1, s.payload().length())));
            if (trace) {
                note(Event.Kind.ACCEPT, "SACK hole: retransmitted " + s.payload().length() + " bytes seq " + r[0]
                        + " (pipe " + pipe + ", cwnd " + cc.cwnd() + ")", "RFC 6675 §5", null, s);
            }
        }
    }

    /** NextSeg (2): one new segment within the peer's window, whatever cwnd says (pipe decided). */
    private boolean sendOneNew() {
        long unsent = unsentBytes();
        long room = sndWnd - diff(sndNxt, sndUna);
        if (unsent == 0 || room <= 0 || !canSendData() || lt(rtxNext, sndNxt)) {
            return false;
        }
        int n = (int) Math.min(Math.min(unsent, segMss()), room);
        if (!timing) {
            timeFrom(add(sndNxt, n));
        }
        sendNew(n);
        return true;
    }

    /** RFC 3168 §6.1.2: an ACK with ECE. */
    private void ecnEcho() {
        if (cc.onEcnEcho(sndUna, sndNxt, diff(sndNxt, sndUna), now)) {
            cwrPending = true;
            if (trace) {
                note(Event.Kind.ACCEPT, "ECE: congestion window halved to " + cc.cwnd() + " (ssthresh "
                        + cc.ssthresh() + "), CWR on the next data", "RFC 3168 §6.1.2", null);
            }
        }
    }

    /**
     * Sends [from, to) again (at most one segment, within what was sent), with the FIN when
     * it is reached; null when nothing lies there.
     */
    private Segment retransmitRange(long from, long to) {
        long sentEnd = finSent ? finSeq : sndNxt;
        long offset = diff(from, sndqSeq);
        if (offset < 0) {
            return null;
        }
        int n = (int) Math.max(0, Math.min(Math.min(diff(to, from), diff(sentEnd, from)), segMss()));
        boolean fin = finSent && add(from, n) == finSeq && lt(finSeq, to);
        if (n == 0 && !fin) {
            return null;
        }
        boolean lastByte = offset + n == sndq.length();
        Segment s = emit(from, ACK | (fin ? FIN : 0) | (n > 0 && lastByte ? PSH : 0), sndq.read(offset, n));
        timing = false; // Karn (MUST-18)
        startRtx();
        return s;
    }

    /** §3.10.7.4 sixth: the URG bit. */
    private void processUrg() {
        Segment seg = inSeg;
        if (!seg.has(URG)) {
            return;
        }
        switch (state) {
            case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2 -> {
                // RFC 9293 §3.10.7.4: "If the URG bit is set, RCV.UP <- max(RCV.UP,SEG.UP), and signal the user that
                // the remote side has urgent data if the urgent pointer (RCV.UP) is in advance of the data
                // consumed."
                long up = add(seg.seq(), seg.urgentPointer());
                if (gt(up, rcvUp)) {
                    rcvUp = up;
                    if (trace) {
                        note(Event.Kind.SIGNAL, "urgent data up to " + up, "3.10.7.4", null);
                    }
                }
            }
            // RFC 9293 §3.10.7.4: "This should not occur since a FIN has been received from the remote side. Ignore
            // the URG."
            default -> { }
        }
    }

    /** §3.10.7.4 seventh: the segment text. */
    private void processText() {
        Payload data = inData;
        if (data.isEmpty() && !inFin) {
            return;
        }
        switch (state) {
            case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2 -> {
                if (inSeq != rcvNxt) {
                    // RFC 9293 §3.10.7.4 (SHLD-31): "Segments with higher beginning sequence numbers SHOULD be held
                    // for later processing."
                    long at = rcvAbs + diff(inSeq, rcvNxt);
                    rcvq.hold(at, data, inFin);
                    inFin = false;
                    // RFC 9293 §3.10.7.4 (MAY-13): "A TCP implementation MAY send an ACK segment acknowledging
                    // RCV.NXT when a valid segment arrives that is in the window but not at the left window edge"
                    ackNow = true;
                    if (trace) {
                        note(Event.Kind.ACCEPT, "out of order: seq " + inSeq + " held, RCV.NXT stays " + rcvNxt,
                                "3.10.7.4", null);
                    }
                    return;
                }
                if (data.isEmpty()) {
                    return;
                }
                // RFC 9293 §3.10.7.4: "Once the TCP endpoint takes responsibility for the data, it advances RCV.NXT
                // over the data accepted, and adjusts RCV.WND as appropriate to the current buffer availability."
                rcvq.deliver(data);
                rcvNxt = add(rcvNxt, data.length());
                rcvAbs += data.length();
                boolean hadHoles = rcvq.hasOutOfOrder();
                if (hadHoles) {
                    long next = rcvq.reassemble(rcvAbs);
                    if (next != rcvAbs) {
                        rcvNxt = add(rcvNxt, next - rcvAbs);
                        rcvAbs = next;
                    }
                    if (!inFin && rcvq.takeFin(rcvAbs)) {
                        inFin = true;
                        inSeq = add(rcvNxt, -data.length());
                    }
                }
                ackOwed(data.length(), hadHoles);
                if (trace) {
                    int len = data.length();
                    long next = rcvNxt;
                    note(Event.Kind.ACCEPT, () -> "data " + len + " bytes accepted, RCV.NXT → " + next, "3.10.7.4",
                            null, null);
                }
            }
            default -> {
                // RFC 9293 §3.10.7.4: "This should not occur since a FIN has been received from the remote side.
                // Ignore the segment text."
            }
        }
    }

    private void ackOwed(int bytes, boolean gapFilled) {
        // RFC 9293 §3.8.6.3 (MUST-40): "the delay MUST be less than 0.5 seconds"
        // RFC 9293 §3.8.6.3 (SHLD-19): "An ACK SHOULD be generated for at least every second full-sized segment or
        // 2*RMSS bytes of new data"
        if (!p.delayedAck() || gapFilled || rcvq.hasOutOfOrder()) {
            ackNow = true;
            return;
        }
        unackedBytes += bytes;
        if (unackedBytes >= 2L * localMss) {
            ackNow = true;
        } else if (delackAt == NEVER) {
            delackAt = now + p.delayedAckTimeout();
        }
    }

    /** §3.10.7.4 eighth: the FIN bit. */
    private void checkFin() {
        if (!inFin) {
            return;
        }
        long finAt = add(inSeq, inData.length());
        if (finAt != rcvNxt) {
            return;
        }
        finArrived();
    }

    private void finArrived() {
        // RFC 9293 §3.10.7.4: "If the FIN bit is set, signal the user "connection closing" and return any pending
        // RECEIVEs with same message, advance RCV.NXT over the FIN, and send an acknowledgment for the FIN."
        rcvNxt = add(rcvNxt, 1);
        rcvAbs++;
        rcvEdge = SeqNum.max(rcvEdge, rcvNxt);
        peerClosed = true;
        ackNow = true;
        delackAt = NEVER;
        if (trace) {
            long finAt = add(rcvNxt, -1);
            note(Event.Kind.SIGNAL, () -> "connection closing (FIN at " + finAt + ")", "3.10.7.4", null, null);
        }
        switch (state) {
            case SYN_RECEIVED, ESTABLISHED -> {
                long owed = rcvNxt;
                setState(State.CLOSE_WAIT, explaining() ? () -> "FIN, ACK " + owed + " owed" : null, "3.10.7.4", null,
                        null);
            }
            case FIN_WAIT_1 -> {
                if (finSent && geq(sndUna, add(finSeq, 1))) {
                    // RFC 9293 §3.10.7.4: "If our FIN has been ACKed (perhaps in this segment), then enter
                    // TIME-WAIT, start the time-wait timer, turn off the other timers; otherwise, enter the CLOSING
                    // state."
                    setState(State.TIME_WAIT, "FIN with our FIN acknowledged", "3.10.7.4", null);
                } else {
                    setState(State.CLOSING, "FIN before the ACK of our FIN (simultaneous close)", "3.10.7.4", null);
                }
            }
            // RFC 9293 §3.10.7.4: "Enter the TIME-WAIT state. Start the time-wait timer, turn off the other timers."
            case FIN_WAIT_2 -> {
                long owed = rcvNxt;
                setState(State.TIME_WAIT, explaining() ? () -> "FIN, ACK " + owed + " owed" : null, "3.10.7.4", null,
                        null);
            }
            // RFC 9293 §3.10.7.4: "Remain in the TIME-WAIT state. Restart the 2 MSL time-wait timeout."
            case TIME_WAIT -> timers.set(TIME_WAIT, now + 2 * p.msl());
            default -> { }
        }
    }

    // ------------------------------------------------------------------ timeouts (§3.10.8)

    /**
     * Runs every timer due at {@code now}; returns what they send.
     *
     * @param now the current time, virtual nanoseconds
     * @return the segments the timers send (empty when none)
     */
    public List<Segment> onTimer(long now) {
        begin(now, (Event.Cause) null);
        if (timers.due(USER, now)) {
            cause("user");
            // RFC 9293 §3.10.8: "For any state if the user timeout expires, flush all queues, signal the user
            // "error: connection aborted due to user timeout" in general and for any outstanding calls, delete the
            // TCB, enter the CLOSED state, and return."
            toClosed(TcpError.USER_TIMEOUT, "user timeout", "3.10.8", null);
            return end();
        }
        if (timers.due(TIME_WAIT, now)) {
            cause("time-wait");
            // RFC 9293 §3.10.8: "If the time-wait timeout expires on a connection, delete the TCB, enter the CLOSED
            // state, and return."
            toClosed(null, "2MSL timeout", "3.10.8", null);
            return end();
        }
        if (timers.due(RTX, now)) {
            cause("retransmission");
            retransmitTimeout();
        }
        if (timers.due(PERSIST, now) && state != State.CLOSED) {
            cause("persist");
            persistTimeout();
        }
        if (delackAt <= now && state != State.CLOSED) {
            cause("delayed-ACK");
            delackAt = NEVER;
            ackNow = true;
        }
        if (timers.due(KEEP_ALIVE, now) && state != State.CLOSED) {
            cause(KEEP_ALIVE.label());
            keepAliveTimeout();
        }
        if (state != State.CLOSED && state != State.LISTEN) {
            output();
        }
        return end();
    }

    private void cause(String timer) {
        if (trace) {
            cause = new Event.Cause.Timer(timer);
        }
    }

    private void retransmitTimeout() {
        timers.stop(RTX);
        boolean synPhase = state == State.SYN_SENT || sndUna == iss;
        boolean probing = sndWnd == 0 && !synPhase && !finOnlyOutstanding();
        if (!probing) {
            // RFC 9293 §3.8.3 (MUST-20): "When the number of transmissions of the same segment reaches a threshold
            // R2 greater than R1, close the connection."
            int r2 = synPhase ? p.r2Syn() : p.r2();
            if (retries >= r2) {
                toClosed(TcpError.RETRANSMISSION_LIMIT, "R2 = " + r2 + " retransmissions reached", "3.8.3",
                        synPhase ? "MUST-23" : "MUST-20");
                return;
            }
            retries++;
            if (retries == p.r1() && trace) {
                // RFC 9293 §3.8.3 (SHLD-9): "TCP implementations SHOULD inform the application of the delivery
                // problem … when R1 is reached and before R2"
                note(Event.Kind.SIGNAL, "R1 = " + p.r1() + " retransmissions reached", "3.8.3", "SHLD-9");
            }
        }
        rtt.backOff();
        backoff++;
        timing = false; // RFC 6298 §3, Karn's algorithm: no RTT sample from a retransmitted segment (MUST-18)
        // RFC 5681 (4): "ssthresh = max (FlightSize / 2, 2*SMSS)", cwnd to one segment. A lost SYN or SYN,ACK leaves
        // ssthresh "arbitrarily high" (§3.1) and only shrinks the initial window (afterEstablished).
        if (!probing && !synPhase) {
            cc.onTimeout(diff(sndNxt, sndUna), sndNxt, now);
            // RFC 2018 §8: "after a retransmit timeout the data sender SHOULD turn off all of the SACKed bits"
            if (board != null) {
                board.clear();
            }
        }
        // RFC 9293 §3.10.8: "send the segment at the front of the retransmission queue again, reinitialize the
        // retransmission timer, and return."
        if (state == State.SYN_SENT || sndUna == iss) {
            synRetransmitted = true;
        }
        if (state == State.SYN_SENT) {
            Segment s = emit(iss, SYN, Payload.EMPTY);
            timers.set(RTX, now + rtt.rto());
            if (trace) {
                note(Event.Kind.TIMER, "retransmitted SYN seq " + iss + " (RTO now " + ms(rtt.rto()) + ")", "3.10.8",
                        null, s);
            }
        } else if (sndUna == iss) {
            Segment s = emit(iss, SYN | ACK, Payload.EMPTY);
            timers.set(RTX, now + rtt.rto());
            if (trace) {
                note(Event.Kind.TIMER, "retransmitted SYN,ACK seq " + iss + " (RTO now " + ms(rtt.rto()) + ")",
                        "3.10.8", null, s);
            }
            if (finSent) {
                rtxNext = add(iss, 1);
            }
        } else {
            rtxNext = sndUna;
            if (trace) {
                note(Event.Kind.TIMER, (probing ? "window probe" : "retransmission") + " from SND.UNA " + sndUna
                        + " (RTO now " + ms(rtt.rto()) + ")", probing ? "3.8.6.1" : "3.10.8", probing ? "MUST-36" : null);
            }
            sendData(true);
            if (!timers.running(RTX) && sndUna != sndNxt) {
                timers.set(RTX, now + rtt.rto());
            }
        }
    }

    /** (Re)starts the keep-alive timer: traffic just passed, or keep-alives were switched on. */
    private void armKeepAlive(long t) {
        if (keepAlive && state.synchronizedState() && state != State.TIME_WAIT) {
            // RFC 9293 §3.8.4 (MUST-27, MUST-28): "This interval MUST be configurable (MUST-27) and MUST default to
            // no less than two hours (MUST-28)."
            timers.set(KEEP_ALIVE, t + p.keepAliveInterval());
        }
    }

    private void keepAliveTimeout() {
        timers.stop(KEEP_ALIVE);
        armKeepAlive(now);
        if (sndUna != sndNxt || unsentBytes() > 0) {
            // RFC 9293 §3.8.4 (MUST-26): "Keep-alive packets MUST only be sent when no sent data is outstanding, and
            // no data or acknowledgment packets have been received for the connection within an interval."
            return;
        }
        // RFC 9293 §3.8.4 (SHLD-12): "Such a segment generally contains SEG.SEQ = SND.NXT-1"; "An implementation
        // SHOULD send a keep-alive segment with no data". (MUST-29: a probe left unanswered does not end the
        // connection.)
        Segment s = emit(add(sndNxt, -1), ACK, Payload.EMPTY);
        if (trace) {
            note(Event.Kind.TIMER, "keep-alive probe seq " + s.seq() + " (idle " + ms(p.keepAliveInterval()) + ")",
                    "3.8.4", "SHLD-12", s);
        }
    }

    private boolean finOnlyOutstanding() {
        return finSent && add(finSeq, 1) == sndNxt && sndUna == finSeq;
    }

    private void persistTimeout() {
        timers.stop(PERSIST);
        // RFC 9293 §3.8.6.1: "The sending TCP peer must regularly transmit at least one octet of new data (if
        // available) ... even if the send window is zero, in order to "probe" the window."
        long unsent = unsentBytes();
        if (unsent == 0 || !canSendData()) {
            return;
        }
        int n = (int) Math.max(1, Math.min(Math.min(unsent, segMss()), usable(sndNxt)));
        Segment s = sendNew(n);
        backoff++;
        if (trace) {
            note(Event.Kind.TIMER, "zero-window probe: " + n + " byte(s) at " + s.seq(), "3.8.6.1", "MUST-36", s);
        }
    }

    private static String ms(long ns) {
        return ns % 1_000_000 == 0 ? ns / 1_000_000 + " ms" : String.format("%.3f ms", ns / 1e6);
    }

    // ------------------------------------------------------------------ sending

    private long dataEnd() {
        return add(sndqSeq, sndq.length());
    }

    private long unsentBytes() {
        if (iss < 0) {
            return sndq.length();
        }
        long sentData = gt(sndNxt, sndqSeq) ? diff(sndNxt, sndqSeq) : 0;
        if (finSent) {
            sentData--;
        }
        return Math.max(0, sndq.length() - Math.max(0, sentData));
    }

    private boolean canSendData() {
        return switch (state) {
            case ESTABLISHED, CLOSE_WAIT, FIN_WAIT_1, CLOSING, LAST_ACK -> true;
            default -> false;
        };
    }

    private long usable(long from) {
        long wnd = Math.min(sndWnd, cc.sendWindow());
        return wnd - diff(from, sndUna);
    }

    /** Data, FIN and owed ACKs: what the connection sends by itself after any step. */
    private void output() {
        if (canSendData()) {
            sendData(false);
        }
        if (ackNow && irs >= 0 && state.synchronizedState()) {
            Segment a = emit(sndNxt, ACK, Payload.EMPTY);
            if (trace) {
                long wnd = rcvWnd();
                note(Event.Kind.ACCEPT, () -> "sent ACK " + a.ack() + " (window " + wnd + ")", "3.10.7.4", null, a);
            }
        } else if (ackNow && state == State.SYN_RECEIVED) {
            ackNow = false;
        }
    }

    /**
     * Sends retransmissions from rtxNext, then new data, within min(SND.WND, cwnd); the FIN goes
     * with or after the last byte.
     */
    private void sendData(boolean timeout) {
        if (sndUna == iss && !timeout) {
            return; // our SYN is not acknowledged yet: no data before it
        }
        if (!timeout && rtxNext == sndNxt && (finSent || (!finQueued && diff(sndNxt, sndqSeq) == sndq.length()))) {
            return; // nothing to retransmit, nothing new to send
        }
        int guard = 0;
        while (guard++ < 100_000) {
            boolean retrans = lt(rtxNext, sndNxt);
            long from = retrans ? rtxNext : sndNxt;
            long sentEnd = finSent ? finSeq : sndNxt;
            long offset = diff(from, sndqSeq);
            if (offset < 0) {
                offset = 0;
                from = sndqSeq;
            }
            long avail = retrans ? Math.max(0, diff(sentEnd, from)) : sndq.length() - offset;
            if (!retrans && finSent) {
                avail = 0;
            }
            long room = usable(from);
            if (timeout && retrans && room <= 0) {
                room = 1; // the front segment goes out whatever the window: it is the probe
            }
            int full = segMss();
            int n = (int) Math.max(0, Math.min(Math.min(avail, full), room));
            boolean lastByte = offset + n == sndq.length();
            boolean fin;
            if (retrans) {
                fin = finSent && add(from, n) == finSeq && lastByte && (n > 0 || from == finSeq);
            } else {
                fin = finQueued && !finSent && lastByte && finState();
                if (n < avail) {
                    fin = false;
                }
                // RFC 9293 §3.8.6.2.1 (MUST-38): "A TCP implementation MUST include a SWS avoidance algorithm in the
                // sender." Send a full segment, or all that is queued, or half the largest window seen.
                if (n > 0 && n < full && n < avail && n < maxSndWnd / 2) {
                    n = 0;
                    fin = false;
                }
                // RFC 9293 §3.7.4 (SHLD-7): "If there is unacknowledged data (i.e., SND.NXT > SND.UNA), then the
                // sending TCP endpoint buffers all user data (regardless of the PSH bit) until the outstanding data
                // has been acknowledged or until the TCP endpoint can send a full-sized segment"
                if (nagle && n > 0 && n < full && gt(sndNxt, sndUna)) {
                    if (trace && n == avail) {
                        note(Event.Kind.ACCEPT, "Nagle: " + n + " bytes held while " + diff(sndNxt, sndUna)
                                + " are unacknowledged", "3.7.4", "SHLD-7");
                    }
                    n = 0;
                    fin = false;
                }
            }
            if (n == 0 && !fin) {
                if (!retrans && avail > 0 && sndUna == sndNxt && !timers.running(PERSIST)) {
                    timers.set(PERSIST, now + rtt.withBackoff(backoff));
                }
                return;
            }
            int flags = ACK | (fin ? FIN : 0) | (n > 0 && lastByte ? PSH : 0);
            Payload data = sndq.read(offset, n);
            boolean ect = ecnOk && !retrans && n > 0;
            if (ect && cwrPending) {
                // RFC 3168 §6.1.2: "the TCP sender sets the CWR flag in the TCP header of the first new data packet sent
                // after the window reduction"
                flags |= CWR;
                cwrPending = false;
            }
            Segment s = emit(from, flags, data, ect);
            long end = add(from, n + (fin ? 1 : 0));
            if (retrans) {
                rtxNext = end;
                timing = false; // Karn (MUST-18)
            } else {
                sndNxt = end;
                rtxNext = end;
                if (fin) {
                    finSent = true;
                    finSeq = add(from, n);
                }
                if (!timing) {
                    timing = true;
                    rttSeq = end;
                    rttStart = now;
                }
            }
            timers.stop(PERSIST);
            startRtx();
            if (trace && (fin || retrans)) {
                long at = from;
                boolean again = retrans;
                boolean withFin = fin;
                int bytes = n;
                note(Event.Kind.ACCEPT, () -> (again ? "retransmitted " : "sent ") + (bytes > 0 ? bytes + " bytes " : "")
                        + (withFin ? "FIN " : "") + "seq " + at, fin ? "3.10.4" : "3.10.8", null, s);
            }
            if (timeout) {
                return; // RFC 9293 §3.10.8: only the segment at the front goes again
            }
        }
    }

    private boolean finState() {
        return state == State.FIN_WAIT_1 || state == State.LAST_ACK || state == State.CLOSING;
    }

    /** New data of {@code n} bytes at SND.NXT regardless of the window (persist probe). */
    private Segment sendNew(int n) {
        long offset = diff(sndNxt, sndqSeq);
        Payload data = sndq.read(offset, n);
        boolean lastByte = offset + n == sndq.length();
        Segment s = emit(sndNxt, ACK | (lastByte ? PSH : 0), data);
        sndNxt = add(sndNxt, n);
        rtxNext = sndNxt;
        startRtx();
        return s;
    }

    /** Times the segment ending at {@code end} for an RTT sample (RFC 6298 §3). */
    private void timeFrom(long end) {
        timing = true;
        rttSeq = end;
        rttStart = now;
    }

    private void startRtx() {
        // RFC 6298 (5.1): "Every time a packet containing data is sent (including a retransmission), if the timer is
        // not running, start it running so that it will expire after RTO seconds"
        timers.startIfStopped(RTX, now + rtt.rto());
        timers.startIfStopped(USER, now + p.userTimeout());
    }

    private Segment emit(long seq, int flags, Payload data) {
        return emit(seq, flags, data, false);
    }

    /** @param ect mark the IP header ECT(0) (RFC 3168 §6.1.5: new data only, never retransmissions or pure ACKs) */
    private Segment emit(long seq, int flags, Payload data, boolean ect) {
        boolean syn = (flags & SYN) != 0;
        if (syn && (flags & ACK) == 0 ? offerEcn : syn && ecnOk) {
            // RFC 3168 §6.1.1: "an ECN-setup SYN packet" sets ECE and CWR, "an ECN-setup SYN-ACK packet" ECE only
            flags |= (flags & ACK) == 0 ? ECE | CWR : ECE;
        } else if (!syn && ecnOk && eceOwed && (flags & ACK) != 0) {
            flags |= ECE;
        }
        long wnd = rcvWnd();
        int win = (int) Math.min(syn ? wnd : wnd >> rcvShift, 0xFFFF);
        List<TcpOption> opts = syn ? synOptions((flags & ACK) != 0) : dataOptions();
        int up = 0;
        if (urgentMode && (flags & ACK) != 0 && !syn) {
            if (gt(sndUp, seq)) {
                flags |= URG;
                up = Math.min(diff(sndUp, seq), 0xFFFF);
            } else {
                urgentMode = false;
            }
        }
        long ack = (flags & ACK) != 0 ? rcvNxt : 0;
        Segment s = new Segment(ect ? ectHeader() : ipOut, tuple.localPort(), tuple.remotePort(), seq, ack,
                FLAGS[flags], 0, win, up, opts, data, null, null, null);
        if ((flags & ACK) != 0) {
            lastAckSent = rcvNxt;
            lastWndSent = syn ? win : (long) win << rcvShift;
            ackNow = false;
            delackAt = NEVER;
            unackedBytes = 0;
        }
        addOut(s);
        return s;
    }

    /** The IP header with ECT(0) for data when ECN is in use (RFC 3168 §5). */
    private IpHeader ectHeader() {
        if (ipEct == null) {
            ipEct = switch (ipOut) {
                case IpHeader.V4 v -> new IpHeader.V4(v.src(), v.dst(), v.dscp(), ECN_ECT0, v.identification(),
                        v.dontFragment(), v.moreFragments(), v.fragmentOffset(), v.ttl(), v.options(), null, null,
                        null);
                case IpHeader.V6 v -> new IpHeader.V6(v.src(), v.dst(), (v.trafficClass() & ~3) | ECN_ECT0,
                        v.flowLabel(), v.hopLimit(), v.extensions(), null);
            };
        }
        return ipEct;
    }

    private void addOut(Segment s) {
        if (out1 == null) {
            out1 = s;
            return;
        }
        if (out == null) {
            out = new ArrayList<>(4);
            out.add(out1);
        }
        out.add(s);
    }

    /**
     * The ACK sent in reply to an unacceptable segment or as a challenge ACK, or null when rate-limited:
     * replies to segments without data go at most once per {@link Profile#invalidAckInterval()}, so two
     * desynchronized ends cannot ACK each other forever (an "ACK storm").
     */
    private Segment invalidAck(Segment seg) {
        // RFC 9293 §3.10.7.4: "Note that RFC 5961 and Errata ID 4772 [99] contain additional considerations for ACK
        // throttling in an implementation."
        if (seg.payload().isEmpty() && p.invalidAckInterval() > 0 && lastInvalidAck != NEVER
                && now - lastInvalidAck < p.invalidAckInterval()) {
            return null;
        }
        lastInvalidAck = now;
        return emit(sndNxt, ACK, Payload.EMPTY);
    }

    /**
     * The reply a drop owes: "owed", not "sent", because whether it goes out is the caller's
     * choice (an auto endpoint sends it, a manual one only suggests it).
     */
    private static String acked(Segment a, String what) {
        return a != null ? what + " owed" : what + " rate-limited (RFC 5961 §7)";
    }

    private Segment emitRst(long seq, long ack, int flags) {
        Segment s = new Segment(ipOut, tuple.localPort(), tuple.remotePort(), seq, ack, FLAGS[flags], 0, 0, 0,
                List.of(), Payload.EMPTY, null, null, null);
        addOut(s);
        return s;
    }

    private List<TcpOption> synOptions(boolean synAck) {
        return synAck ? SynOptions.forSyn(localMss, wsOk, rcvShift, sackOk, tsOk, tsClock(), tsRecent)
                : SynOptions.forSyn(localMss, offerWs >= 0, offerWs, offerSack, offerTs, tsClock(), 0);
    }

    /**
     * The most data the next segment may carry: Eff.snd.MSS (which already leaves room for
     * timestamps), less the SACK option it will carry while data is held out of order.
     */
    private int segMss() {
        if (!sackOk || !rcvq.hasOutOfOrder()) {
            return effMss;
        }
        int blocks = rcvq.heldRanges(tsOk ? 3 : 4).size();
        if (blocks == 0) {
            return effMss;
        }
        // RFC 9293 §3.7.1: "Note that some options might not be included on all segments, but that for each segment
        // sent, the sender should adjust the data length accordingly, within the Eff.snd.MSS." A SACK option is 2
        // bytes plus 8 per block (RFC 2018 §3); the options are padded to a multiple of 4 bytes.
        int ts = tsOk ? SynOptions.TIMESTAMP_BYTES : 0;
        int withSack = ((tsOk ? 10 : 0) + 2 + 8 * blocks + 3) & ~3;
        return Math.max(1, effMss - (withSack - ts));
    }

    private List<TcpOption> dataOptions() {
        boolean sackNow = sackOk && rcvq.hasOutOfOrder();
        if (!sackNow) {
            return tsOk ? List.of(new TcpOption.Timestamps(tsClock(), tsRecent)) : List.of();
        }
        List<TcpOption> o = new ArrayList<>(3);
        if (tsOk) {
            o.add(new TcpOption.Timestamps(tsClock(), tsRecent));
        }
        if (sackOk && rcvq.hasOutOfOrder()) {
            // RFC 2018 §4: the first block reports the most recently received segment; 3 blocks fit beside
            // timestamps, 4 without.
            List<long[]> ranges = rcvq.heldRanges(tsOk ? 3 : 4);
            if (!ranges.isEmpty()) {
                List<TcpOption.SackBlock> blocks = new ArrayList<>(ranges.size());
                for (long[] r : ranges) {
                    blocks.add(new TcpOption.SackBlock(add(rcvNxt, r[0] - rcvAbs), add(rcvNxt, r[1] - rcvAbs)));
                }
                o.add(new TcpOption.Sack(blocks));
            }
        }
        return List.copyOf(o);
    }

    private long tsClock() {
        return (now / 1_000_000L) & SeqNum.MASK;
    }

    private int defaultMss() {
        // RFC 9293 §3.7.1 (MUST-15): "If an MSS Option is not received at connection setup, TCP implementations
        // MUST assume a default send MSS of 536 (576 - 40) for IPv4 or 1220 (1280 - 60) for IPv6"
        return tuple.remoteAddress() instanceof Inet6Address ? 1220 : 536;
    }

    private long initialCwnd() {
        // RFC 5681 §3.1: IW = min(4*SMSS, max(2*SMSS, 4380 bytes))
        return Math.min(4L * effMss, Math.max(2L * effMss, 4380));
    }

    /** Reads the options of the peer's SYN (RFC 9293 §3.7.1, RFC 7323, RFC 2018). */
    private void takeSynOptions(Segment seg) {
        if (passive) {
            offerWs = p.windowScale();
            offerTs = p.timestamps();
            offerSack = p.sack();
        }
        SynOptions.Agreed a = SynOptions.negotiate(seg.options(), offerWs, offerTs, offerSack, localMss,
                defaultMss());
        sendMss = a.sendMss();
        wsOk = a.wsOk();
        sndShift = a.sndShift();
        rcvShift = a.rcvShift();
        sackOk = a.sackOk();
        tsOk = a.tsOk();
        if (tsOk) {
            tsRecent = a.tsVal();
        }
        effMss = a.effMss();
        cc.start(effMss, initialCwnd(), iss);
        cc.useSack(sackOk);
        if (passive) {
            offerEcn = p.ecn();
        }
        ecnOk = offerEcn && SynOptions.ecnSetup(seg.flags(), seg.has(ACK));
    }

    // ------------------------------------------------------------------ hand-crafted segments

    /**
     * Records {@code seg}, typed by a person, as if this endpoint's TCP had sent it, judged
     * against its last suggestion by {@link Coach} (the rules are in the package docs).
     * Returns the events that explain what was recorded, the coaching note included. The
     * caller transmits the segment itself.
     *
     * @param now the current time, virtual nanoseconds
     * @param seg the segment a person made this end send
     * @return the events it caused, including how it differs from what RFC 9293 would send
     */
    public List<Event> sendCrafted(long now, Segment seg) {
        return sendCrafted(now, seg, lastOut);
    }

    /** As {@link #sendCrafted(long, Segment)}, judged against {@code suggestion} (what the caller was shown). */
    List<Event> sendCrafted(long now, Segment seg, List<Segment> suggestion) {
        List<Event> notes = new ArrayList<>();
        EventListener tee = e -> {
            notes.add(e);
            if (listener != null) {
                listener.onEvent(e);
            }
        };
        craftedSink = tee;
        try {
            begin(now, seg, true);
            Coach.record(this, seg, suggestion);
            end();
        } finally {
            craftedSink = null;
        }
        return notes;
    }

    private EventListener craftedSink;

    // Coach's hooks: each records one part of a typed segment as this TCP's own sending.

    /** A SYN from CLOSED or LISTEN (active OPEN with ISS = SEG.SEQ) or again from SYN-SENT. */
    void craftedOpen(Segment seg) {
        if (state == State.SYN_SENT) {
            if (seg.seq() == iss) {
                craftedNote("SYN retransmitted by hand");
            } else {
                chooseIss(seg.seq());
                craftedNote("new ISS " + iss + " chosen by hand (nothing was acknowledged yet)");
            }
            return;
        }
        passive = false;
        TcpOption.WindowScale w = seg.option(TcpOption.WindowScale.class);
        offerWs = w == null ? -1 : Math.min(w.shift(), 14);
        offerTs = seg.option(TcpOption.Timestamps.class) != null;
        offerSack = seg.option(TcpOption.SackPermitted.class) != null;
        chooseIss(seg.seq());
        startRtx();
        // RFC 9293 §3.10.1: "A SYN segment of the form <SEQ=ISS><CTL=SYN> is sent. Set SND.UNA to ISS, SND.NXT to
        // ISS+1, enter SYN-SENT state, and return."
        setState(State.SYN_SENT, "sent SYN by hand: ISS = " + iss + ", SND.NXT = ISS+1 = " + sndNxt, "3.10.1", null,
                seg);
    }

    /** A SYN,ACK in SYN-RECEIVED: a different seq re-chooses ISS (nothing was acknowledged yet). */
    void craftedSynAck(Segment seg) {
        if (sndUna == iss && seg.seq() != iss) {
            long old = iss;
            chooseIss(seg.seq());
            craftedNote("ISS changed by hand from " + old + " to " + iss + "; SND.UNA = " + sndUna + ", SND.NXT = "
                    + sndNxt);
        } else {
            craftedNote("SYN,ACK sent by hand");
        }
        craftedAck(seg);
    }

    /** Data: new bytes at SND.NXT join the retransmission queue; bytes already sent are a retransmission. */
    void craftedData(Segment seg) {
        long seq = seg.seq();
        Payload data = seg.payload();
        if (seq == sndNxt && !finSent) {
            sndq.insert(diff(sndNxt, sndqSeq), data);
            sndNxt = add(sndNxt, data.length());
            rtxNext = sndNxt;
            if (!timing) {
                timing = true;
                rttSeq = sndNxt;
                rttStart = now;
            }
            startRtx();
            craftedNote(data.length() + " bytes recorded for retransmission, SND.NXT → " + sndNxt);
        } else if (leq(add(seq, data.length()), sndNxt) && geq(seq, sndUna)) {
            timing = false;
            craftedNote("retransmission of bytes " + seq + ".." + add(seq, data.length() - 1));
        } else {
            craftedNote("data at seq " + seq + " is not at SND.NXT " + sndNxt + ": not recorded");
        }
    }

    /** A FIN: CLOSE (ESTABLISHED → FIN-WAIT-1, CLOSE-WAIT → LAST-ACK), or the FIN sent before again. */
    void craftedFin(Segment seg) {
        long finAt = add(seg.seq(), seg.payload().length());
        if (!finSent && finAt == sndNxt && unsentBytes() == 0) {
            finQueued = true;
            finSent = true;
            finSeq = finAt;
            sndNxt = add(sndNxt, 1);
            rtxNext = sndNxt;
            startRtx();
            // RFC 9293 §3.10.4: "form a FIN segment and send it, and enter FIN-WAIT-1 state" (CLOSE-WAIT: LAST-ACK)
            switch (state) {
                case SYN_RECEIVED, ESTABLISHED -> setState(State.FIN_WAIT_1, "sent FIN by hand, SND.NXT → " + sndNxt,
                        "3.10.4", null, seg);
                case CLOSE_WAIT -> setState(State.LAST_ACK, "sent FIN by hand, SND.NXT → " + sndNxt, "3.10.4", null,
                        seg);
                default -> craftedNote("FIN recorded in " + state);
            }
        } else if (finSent && finAt == finSeq) {
            craftedNote("FIN retransmitted by hand");
        } else {
            craftedNote("FIN at seq " + finAt + " does not follow the data sent (SND.NXT " + sndNxt + "): not recorded");
        }
    }

    /** A RST when none was due: ABORT. */
    void craftedAbort() {
        // RFC 9293 §3.10.5: "Send a reset segment ... Delete the TCB, enter CLOSED state, and return."
        toClosed(null, "sent RST by hand: ABORT", "3.10.5", null);
    }

    /** The acknowledgment a typed segment carries: an owed ACK is paid when it names RCV.NXT. */
    void craftedAck(Segment seg) {
        if (!seg.has(ACK) || irs < 0) {
            return;
        }
        lastAckSent = seg.ack();
        if (seg.ack() == rcvNxt) {
            ackNow = false;
            delackAt = NEVER;
            unackedBytes = 0;
        }
        if (seg.payload().isEmpty() && !seg.has(FIN) && !seg.has(SYN)) {
            craftedNote("ACK " + seg.ack() + " recorded");
        }
    }

    void craftedNote(String text) {
        publish(new Event(now, name, state, state, Event.Kind.CRAFTED, cause, text, List.of(), null, null));
    }

    /** How the typed segment differs from what RFC 9293 would send; the REPL shows it as a note. */
    void coachNote(Coach.Note n) {
        publish(new Event(now, name, state, state, Event.Kind.COACH, cause, n.text(), List.of(), n.section(),
                n.must()));
    }

    // ------------------------------------------------------------------ steps, states, events

    private void begin(long now, Segment seg) {
        begin(now, seg, false);
    }

    private void begin(long now, Segment seg, boolean crafted) {
        this.now = now;
        this.cause = trace || crafted ? (crafted ? new Event.Cause.Crafted(seg) : new Event.Cause.Arrival(seg)) : null;
        this.out = null;
        this.out1 = null;
        this.stateAtBegin = state;
        log.begin(trace, trace || craftedSink != null);
    }

    private void begin(long now, String call) {
        // call is null when no listener is attached (no text is built)
        this.now = now;
        this.cause = call != null ? new Event.Cause.Call(call) : null;
        this.out = null;
        this.out1 = null;
        this.stateAtBegin = state;
        log.begin(trace, trace || craftedSink != null);
    }

    private void begin(long now, Event.Cause c) {
        this.now = now;
        this.cause = c;
        this.out = null;
        this.out1 = null;
        this.stateAtBegin = state;
        log.begin(trace, trace || craftedSink != null);
    }

    private List<Segment> end() {
        List<Segment> r = out != null ? List.copyOf(out) : out1 != null ? List.of(out1) : List.of();
        flushEvents(r);
        // the advice is what the last step that sent something or changed state decided; a RECEIVE or a
        // timer with nothing to do leaves it as it was
        if (!r.isEmpty() || state != stateAtBegin || craftedSink != null) {
            lastOut = craftedSink != null ? List.of() : r;
            lastReasons = log.reasons();
        }
        out = null;
        out1 = null;
        if (host != null) {
            host.afterStep(this);
        }
        return r;
    }

    private CallResult callDone(TcpError e, Payload data) {
        if (trace) {
            Event.Cause c = cause;
            note(Event.Kind.CALL, () -> (c == null ? "call" : c.toString()) + ": " + (e == null ? "ok" : e.rfcText()),
                    callSection(), null, null);
        }
        List<Segment> sent = end();
        return new CallResult(this, e, sent, data, state);
    }

    private String callSection() {
        String c = cause == null ? "" : cause.toString();
        if (c.startsWith("OPEN")) {
            return "3.10.1";
        } else if (c.startsWith("SEND")) {
            return "3.10.2";
        } else if (c.startsWith("RECEIVE")) {
            return "3.10.3";
        } else if (c.startsWith("CLOSE")) {
            return "3.10.4";
        } else if (c.startsWith("ABORT")) {
            return "3.10.5";
        }
        return "3.10.6";
    }

    /** True when event text is wanted (a listener, or a hand-crafted send being explained). */
    private boolean explaining() {
        return trace || craftedSink != null;
    }

    private void setState(State to, String why, String section, String must) {
        setState(to, why, section, must, null);
    }

    private void setState(State to, String why, String section, String must, Segment sent) {
        changeState(to, why, null, section, must, sent);
    }

    /** As {@link #setState(State, String, String, String, Segment)}, the text made only when read. */
    private void setState(State to, Supplier<String> why, String section, String must, Segment sent) {
        changeState(to, null, why, section, must, sent);
    }

    /** One of {@code why} and {@code lazyWhy} explains the transition. */
    private void changeState(State to, String why, Supplier<String> lazyWhy, String section, String must,
                             Segment sent) {
        State from = state;
        state = to;
        if (to == State.TIME_WAIT) {
            // RFC 9293 §3.6.1 (MUST-13): "When a connection is closed actively, it MUST linger in the TIME-WAIT
            // state for a time 2xMSL (Maximum Segment Lifetime)."
            timers.set(TIME_WAIT, now + 2 * p.msl());
            timers.stop(RTX);
            timers.stop(PERSIST);
            timers.stop(USER);
            timers.stop(KEEP_ALIVE);
        }
        if (trace || craftedSink != null) {
            if (lazyWhy != null) {
                publish(log.build(now, from, state, Event.Kind.TRANSITION, causeOrUnknown(), lazyWhy, sent, section,
                        must));
            } else {
                event(Event.Kind.TRANSITION, from, why, section, must, sent);
            }
            if (to == State.TIME_WAIT) {
                long twoMsl = 2 * p.msl();
                note(Event.Kind.TIMER, () -> "TIME-WAIT lasts 2×MSL = " + ms(twoMsl), "3.6.1", "MUST-13", null);
            }
        }
    }

    private void toClosed(TcpError err, String why, String section, String must) {
        toClosed(err, why, section, must, null);
    }

    private void toClosed(TcpError err, Supplier<String> why, String section, String must) {
        closing(err, section, must);
        setState(State.CLOSED, why, section, must, null);
    }

    private void toClosed(TcpError err, String why, String section, String must, Segment sent) {
        closing(err, section, must);
        setState(State.CLOSED, why, section, must, sent);
    }

    /** What every way into CLOSED does before the transition: buffers and timers go, the user is told why. */
    private void closing(TcpError err, String section, String must) {
        if (err != null) {
            error = err;
        }
        flush();
        timers.stop(TIME_WAIT);
        if (err != null && trace) {
            note(Event.Kind.SIGNAL, err.rfcText(), section, must);
        }
    }

    private void flush() {
        sndq.clear();
        rcvq.clear();
        timers.stop(RTX);
        timers.stop(PERSIST);
        delackAt = NEVER;
        timers.stop(USER);
        ackNow = false;
        finQueued = false;
        closePending = false;
        timers.stop(KEEP_ALIVE);
        synText = null;
    }

    private void drop(String why, String section, String must) {
        if (trace) {
            note(Event.Kind.DROP, "dropped: " + why, section, must);
        }
    }

    private void drop(String why, String section, String must, Segment sent) {
        if (trace) {
            note(Event.Kind.DROP, "dropped: " + why, section, must, sent);
        }
    }

    private void note(Event.Kind kind, String text, String section, String must) {
        note(kind, text, section, must, null);
    }

    /** A note whose text is made only when read; call only while {@link #explaining()}, or {@code trace}. */
    private void note(Event.Kind kind, Supplier<String> text, String section, String must, Segment sent) {
        publish(log.build(now, state, state, kind, causeOrUnknown(), text, sent, section, must));
    }

    private void note(Event.Kind kind, String text, String section, String must, Segment sent) {
        publish(log.build(now, state, state, kind, causeOrUnknown(), text, sent, section, must));
    }

    private void event(Event.Kind kind, State from, String text, String section, String must, Segment sent) {
        publish(log.build(now, from, state, kind, causeOrUnknown(), text, sent, section, must));
    }

    private Event.Cause causeOrUnknown() {
        return cause != null ? cause : new Event.Cause.Timer("unknown");
    }

    private void publish(Event e) {
        log.publish(e, deliverer());
    }

    /** Hands the step's events to the listener (see {@link StepLog#flush}). */
    private void flushEvents(List<Segment> sent) {
        if (log.holding()) {
            log.flush(sent, deliverer());
        }
    }

    private Consumer<Event> deliverer() {
        Consumer<Event> d = deliverer;
        if (d == null) {
            d = this::deliver;
            deliverer = d;
        }
        return d;
    }

    private void deliver(Event e) {
        if (craftedSink != null) {
            craftedSink.onEvent(e);
        } else if (listener != null) {
            listener.onEvent(e);
        }
    }

    @Override
    public String toString() {
        return name + " " + tuple + " " + state;
    }
}
