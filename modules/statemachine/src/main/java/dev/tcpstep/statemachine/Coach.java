package dev.tcpstep.statemachine;

import dev.tcpstep.codec.Segment;

import java.util.ArrayList;
import java.util.List;

import static dev.tcpstep.codec.TcpFlags.ACK;
import static dev.tcpstep.codec.TcpFlags.FIN;
import static dev.tcpstep.codec.TcpFlags.RST;
import static dev.tcpstep.codec.TcpFlags.SYN;
import static dev.tcpstep.statemachine.SeqNum.add;
import static dev.tcpstep.statemachine.SeqNum.geq;
import static dev.tcpstep.statemachine.SeqNum.leq;
import static dev.tcpstep.statemachine.SeqNum.lt;

/**
 * Coaching: what a segment typed by a person means, judged against what RFC 9293 would
 * have this endpoint send now (its suggestion). The rules, in full, are in the package
 * documentation ("Typed segments"); in short:
 * <ul>
 * <li>equal to a suggested segment in flags, seq, ack and data ({@link #sameAs}): exactly
 *   what accepting the suggestion does — no note, the TCB already counts it as sent;</li>
 * <li>the same kind as a suggested segment (an ACK for an ACK, a RST for a RST, a SYN,ACK for
 *   a SYN,ACK) but other numbers or flags: that reply, sent wrong ({@link Meaning#REPLY});</li>
 * <li>otherwise the user call it implies: a SYN from CLOSED or LISTEN is an active OPEN with
 *   ISS = SEG.SEQ, data is SEND, a FIN is CLOSE, a RST is ABORT, a bare ACK acknowledges;</li>
 * <li>every way it differs from what RFC 9293 would send makes one note: what differs, the
 *   rule (section and the RFC's words, shortened) and the segment that would be right.</li>
 * </ul>
 * The segment goes out as typed in every case; the sender's TCB becomes what a real TCP
 * that sent it would hold.
 */
public final class Coach {
    private Coach() {
    }

    /** What a typed segment is taken to be. */
    public enum Meaning {
        /** Equal to the suggestion: accepting it. */
        SUGGESTED,
        /** The suggested reply (an ACK, a RST, a SYN,ACK), with other numbers or flags. */
        REPLY,
        /** A SYN from CLOSED, LISTEN or SYN-SENT: active OPEN with ISS = SEG.SEQ. */
        OPEN,
        /** Data: SEND (or a retransmission of bytes already sent). */
        SEND,
        /** A FIN: CLOSE. */
        CLOSE,
        /** A RST when none is due: ABORT. */
        ABORT,
        /** A bare ACK when none is due. */
        ACK,
        /** Something RFC 9293 would not send in this state: sent, recorded nowhere. */
        OTHER
    }

    /**
     * One coaching note: what differs, the rule, and what would have been right.
     *
     * @param text    the note as shown to the person: what differs and what would have been right
     * @param section the RFC 9293 section of the rule, e.g. {@code 3.10.7.4}
     * @param must    its MUST-n label, or null
     */
    public record Note(String text, String section, String must) {
    }

    /**
     * The judgement on one typed segment: its meaning and the note (null when it is right).
     *
     * @param meaning what the typed segment amounts to
     * @param note    the coaching note, or null when the segment is right
     */
    public record Verdict(Meaning meaning, Note note) {
    }

    /**
     * True when {@code typed} is {@code suggested} as far as the peer can tell: flags, seq, ack
     * (when ACK is set) and data, and the ports.
     *
     * @param typed     the segment a person typed
     * @param suggested the segment suggested for this host
     * @return whether the peer could tell them apart
     */
    public static boolean sameAs(Segment typed, Segment suggested) {
        return typed.flags().equals(suggested.flags()) && typed.seq() == suggested.seq()
                && (!typed.has(ACK) || typed.ack() == suggested.ack())
                && typed.payload().equals(suggested.payload())
                && typed.srcPort() == suggested.srcPort() && typed.dstPort() == suggested.dstPort();
    }

    /**
     * The suggested segment {@code typed} is the same as ({@link #sameAs}), or null.
     *
     * @param typed      the segment a person typed
     * @param suggestion the segments suggested for this host
     * @return the first of {@code suggestion} that is the same as {@code typed}, or null when none is
     */
    public static Segment matching(Segment typed, List<Segment> suggestion) {
        for (Segment s : suggestion) {
            if (sameAs(typed, s)) {
                return s;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ advice

    /** What RFC 9293 had {@code c} send at its last step and why; "nothing owed" when nothing. */
    static Advice advice(Connection c) {
        List<String> r = new ArrayList<>(c.lastReasons());
        if (c.lastOut().isEmpty()) {
            r.add(nothingOwed(c));
        }
        return new Advice(c.lastOut(), r);
    }

    private static String nothingOwed(Connection c) {
        return switch (c.state()) {
            case CLOSED -> "nothing to send: no TCB (CLOSED)";
            case LISTEN -> "nothing to send: LISTEN waits for a SYN (§3.10.7.2)";
            case SYN_SENT -> "nothing to send: SYN-SENT waits for SYN,ACK; the SYN is retransmitted on timeout";
            case TIME_WAIT -> "nothing owed now: TIME-WAIT only waits 2×MSL (§3.6.1)";
            default -> "nothing owed now; an ACK would be <SEQ=" + c.sndNxt() + "><ACK=" + c.rcvNxt() + "><CTL=ACK>";
        };
    }

    // ------------------------------------------------------------------ judging

    /** The kind of a segment, by the control that matters most. */
    private enum Kind { RST, SYN_ACK, SYN, FIN, DATA, ACK, NONE }

    private static Kind kindOf(Segment s) {
        if (s.has(RST)) {
            return Kind.RST;
        }
        if (s.has(SYN)) {
            return s.has(ACK) ? Kind.SYN_ACK : Kind.SYN;
        }
        if (s.has(FIN)) {
            return Kind.FIN;
        }
        if (!s.payload().isEmpty()) {
            return Kind.DATA;
        }
        return s.has(ACK) ? Kind.ACK : Kind.NONE;
    }

    /** The differences found so far, joined into one note. */
    private static final class Notes {
        private final List<String> what = new ArrayList<>();
        private String section;
        private String must;
        private String right;
        private boolean ackMissing;

        void add(String text, String section, String must) {
            what.add(text);
            if (this.section == null) {
                this.section = section;
                this.must = must;
            }
        }

        Note note() {
            if (what.isEmpty()) {
                return null;
            }
            return new Note(String.join("; ", what) + (right == null ? "" : "; right: " + right), section, must);
        }
    }

    /**
     * Judges {@code typed} as sent by {@code c} when RFC 9293 would send {@code suggestion}.
     * Does not change anything.
     */
    static Verdict judge(Connection c, Segment typed, List<Segment> suggestion) {
        if (matching(typed, suggestion) != null) {
            return new Verdict(Meaning.SUGGESTED, null);
        }
        Kind kind = kindOf(typed);
        Segment owed = null;
        for (Segment s : suggestion) {
            if (kindOf(s) == kind) {
                owed = s;
                break;
            }
        }
        boolean callKind = kind == Kind.RST || kind == Kind.FIN || kind == Kind.DATA
                || kind == Kind.SYN && (c.state() == State.CLOSED || c.state() == State.LISTEN
                || c.state() == State.SYN_SENT);
        if (owed == null && !callKind && !suggestion.isEmpty()) {
            // a bare control segment other than the one owed: the reply, sent wrong
            owed = suggestion.getFirst();
        }
        Notes n = new Notes();
        if (!typed.has(ACK) && !typed.has(RST) && !typed.has(SYN) && c.irs() >= 0 && c.state() != State.CLOSED) {
            // the first thing to say: the receiver will not even look at it
            missingAck(n);
        }
        if (owed != null) {
            reply(c, typed, owed, n);
            return new Verdict(Meaning.REPLY, n.note());
        }
        Meaning m = switch (kind) {
            case SYN -> open(c, typed, n);
            case SYN_ACK -> {
                // RFC 9293 §3.10.7.2: "ISS should be selected and a SYN segment sent of the form:
                // <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>" — only in answer to a SYN.
                n.add("SYN,ACK in " + c.state() + ": RFC 9293 sends one only in answer to a SYN (\"a SYN segment sent"
                        + " of the form: <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>\")", "3.10.7.2", null);
                yield Meaning.OTHER;
            }
            case RST -> abort(c, typed, n);
            case FIN -> close(c, typed, n);
            case DATA -> send(c, typed, n);
            case ACK, NONE -> ack(c, typed, n);
        };
        if (m != Meaning.OTHER && m != Meaning.OPEN && !suggestion.isEmpty() && suggestion.getFirst().has(SYN)
                && kind != Kind.RST) {
            // RFC 9293 §3.10.7.2: "ISS should be selected and a SYN segment sent of the form:
            // <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>"
            n.add("the SYN,ACK is still owed: the peer in SYN-SENT drops any segment without a SYN (\"a SYN"
                    + " segment sent of the form: <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>\")", "3.10.7.2", null);
            n.right = form(suggestion.getFirst());
        }
        return new Verdict(m, n.note());
    }

    /** A reply RFC 9293 owes, typed with other flags or numbers. */
    private static void reply(Connection c, Segment typed, Segment owed, Notes n) {
        if (!owed.flags().equals(typed.flags())) {
            if (owed.has(ACK) && !typed.has(ACK) && c.state().synchronizedState()) {
                missingAck(n);
            } else {
                n.add("flags " + typed.flags() + " but RFC 9293 sends " + owed.flags() + " here (" + why(owed) + ")",
                        section(c.state(), owed), null);
            }
        }
        // RFC 9293 §3.4.1: the ISN is the sender's choice, so a SYN's seq is never "wrong".
        if (!typed.has(SYN) && typed.seq() != owed.seq()) {
            if (owed.has(RST)) {
                // The form was quoted already when the flags differ: say it once.
                String form = owed.flags().equals(typed.flags()) ? " (" + why(owed) + ")" : "";
                n.add("seq " + typed.seq() + " but the RST must carry seq " + owed.seq() + form
                        + "; the receiver accepts a RST only at exactly RCV.NXT", section(c.state(), owed), null);
            } else {
                seq(typed.seq(), owed.seq(), n);
            }
        }
        if (owed.has(ACK) && typed.has(ACK) && typed.ack() != owed.ack()) {
            ack(c, typed.ack(), owed.ack(), n);
        }
        if (!n.what.isEmpty()) {
            n.right = form(owed);
        }
    }

    private static Meaning open(Connection c, Segment typed, Notes n) {
        if (c.state() == State.CLOSED || c.state() == State.LISTEN || c.state() == State.SYN_SENT) {
            // RFC 9293 §3.10.1: "An initial send sequence number (ISS) is selected." Any ISS is the sender's choice.
            return Meaning.OPEN;
        }
        // RFC 9293 §3.10.1: "Return "error: connection already exists"." (OPEN in any other state)
        n.add("a SYN in " + c.state() + ": the connection is already open (OPEN answers \"error: connection already"
                + " exists\"); the peer answers it with an ACK", "3.10.1", null);
        return Meaning.OTHER;
    }

    private static Meaning abort(Connection c, Segment typed, Notes n) {
        switch (c.state()) {
            case CLOSED -> {
                // RFC 9293 §3.10.7.1: "An incoming segment not containing a RST causes a RST to be sent in response."
                n.add("no connection to abort: a CLOSED TCP sends a RST only in answer to a segment (\"an incoming"
                        + " segment not containing a RST causes a RST to be sent in response\")", "3.10.7.1", null);
                return Meaning.OTHER;
            }
            case LISTEN, SYN_SENT, CLOSING, LAST_ACK, TIME_WAIT -> {
                // RFC 9293 §3.10.5: "Respond with "ok" and delete the TCB, enter CLOSED state, and return." (no reset)
                n.add("ABORT in " + c.state() + " sends no RST (\"delete the TCB, enter CLOSED state, and return\")",
                        "3.10.5", null);
                return c.state() == State.LISTEN ? Meaning.OTHER : Meaning.ABORT;
            }
            default -> {
                // RFC 9293 §3.10.5: "Send a reset segment: <SEQ=SND.NXT><CTL=RST>"
                if (typed.seq() != c.sndNxt()) {
                    // RFC 9293 §3.10.7.4: "If the RST bit is set and the sequence number exactly matches the next
                    // expected sequence number (RCV.NXT), then TCP endpoints MUST reset the connection"
                    n.add("seq " + typed.seq() + " but ABORT sends <SEQ=SND.NXT> = " + c.sndNxt() + "; the peer resets"
                            + " only when \"the sequence number exactly matches the next expected sequence number\","
                            + " otherwise it answers with a challenge ACK", "3.10.5", null);
                    n.right = "RST seq=" + c.sndNxt();
                }
                return Meaning.ABORT;
            }
        }
    }

    private static Meaning close(Connection c, Segment typed, Notes n) {
        long finAt = add(typed.seq(), typed.payload().length());
        if (c.finSent() && finAt == c.finSeq()) {
            numbers(c, typed, n, true);
            return Meaning.CLOSE; // a retransmitted FIN
        }
        switch (c.state()) {
            case CLOSED, LISTEN, SYN_SENT -> {
                beforeSync(c, n);
                return Meaning.OTHER;
            }
            case SYN_RECEIVED, ESTABLISHED, CLOSE_WAIT -> {
                // RFC 9293 §3.10.4: "Queue this until all preceding SENDs have been segmentized, then form a FIN
                // segment and send it."
                if (!c.state().equals(State.SYN_RECEIVED) || c.irs() >= 0) {
                    numbers(c, typed, n, true);
                }
                return Meaning.CLOSE;
            }
            default -> {
                // RFC 9293 §3.10.4: "Strictly speaking, this is an error and should receive an "error: connection
                // closing" response."
                n.add("a new FIN in " + c.state() + ": this side has already closed (CLOSE answers \"error: connection"
                        + " closing\")", "3.10.4", null);
                return Meaning.OTHER;
            }
        }
    }

    private static Meaning send(Connection c, Segment typed, Notes n) {
        if (c.irs() < 0 || c.iss() < 0) {
            beforeSync(c, n);
            return Meaning.OTHER;
        }
        long end = add(typed.seq(), typed.payload().length());
        boolean resend = geq(typed.seq(), c.sndUna()) && lt(typed.seq(), c.sndNxt()) && leq(end, c.sndNxt());
        boolean open = c.state() == State.ESTABLISHED || c.state() == State.CLOSE_WAIT;
        if (!resend && !open && c.state() != State.SYN_RECEIVED) {
            // RFC 9293 §3.10.2: "Return "error: connection closing" and do not service request."
            n.add("new data in " + c.state() + ": this side has closed (SEND answers \"error: connection closing\")",
                    "3.10.2", null);
            return Meaning.OTHER;
        }
        if (c.state() == State.SYN_RECEIVED) {
            // RFC 9293 §3.10.2: "Queue the data for transmission after entering ESTABLISHED state."
            n.add("data before the handshake completes: SEND in SYN-RECEIVED waits (\"queue the data for"
                    + " transmission after entering ESTABLISHED state\")", "3.10.2", null);
        }
        if (!resend) {
            numbers(c, typed, n, false);
        } else if (!typed.has(ACK)) {
            missingAck(n);
        }
        return Meaning.SEND;
    }

    private static Meaning ack(Connection c, Segment typed, Notes n) {
        if (c.irs() < 0 || c.iss() < 0) {
            beforeSync(c, n);
            return Meaning.OTHER;
        }
        if (!typed.has(ACK)) {
            missingAck(n);
            n.right = "ACK seq=" + c.sndNxt() + " ack=" + c.rcvNxt();
            return Meaning.OTHER;
        }
        numbers(c, typed, n, false);
        return Meaning.ACK;
    }

    /** Checks the ACK bit, seq = SND.NXT (or the FIN's own number) and ack = RCV.NXT. */
    private static void numbers(Connection c, Segment typed, Notes n, boolean fin) {
        if (!typed.has(ACK)) {
            missingAck(n);
        }
        long rightSeq = fin && c.finSent() ? add(c.finSeq(), -typed.payload().length()) : c.sndNxt();
        if (typed.seq() != rightSeq) {
            seq(typed.seq(), rightSeq, n);
        }
        if (typed.has(ACK) && typed.ack() != c.rcvNxt()) {
            ack(c, typed.ack(), c.rcvNxt(), n);
        }
        if (!n.what.isEmpty()) {
            String flags = typed.flags().toString().contains("ACK") ? typed.flags().toString()
                    : typed.flags() + (typed.flags().bits() == 0 ? "ACK" : ",ACK");
            n.right = flags + " seq=" + rightSeq + " ack=" + c.rcvNxt()
                    + (typed.payload().isEmpty() ? "" : " (" + typed.payload().length() + " bytes)");
        }
    }

    private static void missingAck(Notes n) {
        if (n.ackMissing) {
            return;
        }
        n.ackMissing = true;
        // RFC 9293 §3.10.7.4: "if the ACK bit is off, drop the segment and return"
        n.add("no ACK bit: once the connection is synchronized every segment carries one; the receiver will"
                + " drop it (\"if the ACK bit is off, drop the segment and return\")", "3.10.7.4", null);
    }

    private static void seq(long typed, long right, Notes n) {
        // RFC 9293 §3.8: "The amount by which the variables are advanced is the length of the data and SYN or FIN
        // flags in the segment."
        n.add("seq " + typed + " but SND.NXT is " + right + ": only data bytes, a SYN and a FIN use sequence numbers"
                + " (\"the length of the data and SYN or FIN flags\")", "3.8", null);
    }

    private static void ack(Connection c, long typed, long right, Notes n) {
        if (typed == add(right, -1) && (c.peerClosed() || right == add(c.irs(), 1))) {
            String what = c.peerClosed() ? "FIN" : "SYN";
            // RFC 9293 §3.4: "the SYN is considered to occur before the first actual data octet of the segment in
            // which it occurs, while the FIN is considered to occur after the last actual data octet"
            n.add("ack " + typed + " but RCV.NXT is " + right + ": the peer's " + what + " takes one sequence number"
                    + " (\"the " + what + " is considered to occur " + (what.equals("SYN")
                    ? "before the first actual data octet\")" : "after the last actual data octet\")")
                    + ", so the ACK names the number after it", "3.4", null);
            return;
        }
        // RFC 9293 §3.1: "this field contains the value of the next sequence number the sender of the segment is
        // expecting to receive"
        n.add("ack " + typed + " but RCV.NXT is " + right + ": an ACK names \"the next sequence number the sender of"
                + " the segment is expecting to receive\"", "3.1", null);
    }

    private static void beforeSync(Connection c, Notes n) {
        String what = switch (c.state()) {
            // RFC 9293 §3.10.1: "A SYN segment of the form <SEQ=ISS><CTL=SYN> is sent."
            case CLOSED -> "no connection yet: the first segment is a SYN (\"a SYN segment of the form"
                    + " <SEQ=ISS><CTL=SYN> is sent\")";
            // RFC 9293 §3.10.7.2: LISTEN waits for a SYN; "This should not be reached."
            case LISTEN -> "LISTEN sends nothing: it waits for a SYN";
            // RFC 9293 §3.10.7.3: SYN-SENT waits for the peer's SYN before it can acknowledge anything.
            default -> "data before the handshake: " + c.state() + " has no peer sequence number to acknowledge yet";
        };
        n.add(what, c.state() == State.CLOSED ? "3.10.1" : c.state() == State.LISTEN ? "3.10.7.2" : "3.10.7.3",
                null);
    }

    /** Why RFC 9293 sends {@code s} (its form), short. */
    private static String why(Segment s) {
        if (s.has(RST)) {
            return s.has(ACK) ? "<SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>" : "<SEQ=SEG.ACK><CTL=RST>";
        }
        if (s.has(SYN)) {
            return s.has(ACK) ? "<SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>" : "<SEQ=ISS><CTL=SYN>";
        }
        return "<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>";
    }

    /** The section that gives the form of {@code s} in {@code state}. */
    private static String section(State state, Segment s) {
        if (s.has(RST)) {
            // The RST's form is stated per state: CLOSED §3.10.7.1, LISTEN §3.10.7.2,
            // SYN-SENT §3.10.7.3, SYN-RECEIVED and the synchronized states §3.10.7.4.
            return switch (state) {
                case CLOSED -> "3.10.7.1";
                case LISTEN -> "3.10.7.2";
                case SYN_SENT -> "3.10.7.3";
                default -> "3.10.7.4";
            };
        }
        if (s.has(SYN)) {
            return s.has(ACK) ? "3.10.7.2" : "3.10.1";
        }
        return "3.10.7.4";
    }

    /** A segment as flags and numbers, the way {@code send} takes it: {@code SYN,ACK seq=5000 ack=1}. */
    static String form(Segment s) {
        return s.flags() + " seq=" + s.seq() + (s.has(ACK) ? " ack=" + s.ack() : "")
                + (s.payload().isEmpty() ? "" : " (" + s.payload().length() + " bytes)");
    }

    // ------------------------------------------------------------------ recording

    /**
     * Records {@code seg}, typed by a person, as {@code c}'s own sending, with the note the
     * judgement produced. Called inside the connection's step (events are collected by it).
     */
    static void record(Connection c, Segment seg, List<Segment> suggestion) {
        Verdict v = judge(c, seg, suggestion);
        if (v.note() != null) {
            c.coachNote(v.note());
        }
        switch (v.meaning()) {
            case SUGGESTED -> c.craftedNote("as RFC 9293 would send it: the TCB already counts it as sent");
            case REPLY -> {
                if (seg.has(SYN) && seg.has(ACK) && c.state() == State.SYN_RECEIVED) {
                    c.craftedSynAck(seg);
                } else if (seg.has(ACK)) {
                    c.craftedAck(seg);
                }
            }
            case OPEN -> c.craftedOpen(seg);
            case SEND, CLOSE -> {
                if (!seg.payload().isEmpty()) {
                    c.craftedData(seg);
                }
                if (seg.has(FIN)) {
                    c.craftedFin(seg);
                }
                if (seg.has(ACK)) {
                    c.craftedAck(seg);
                }
            }
            case ABORT -> c.craftedAbort();
            case ACK -> c.craftedAck(seg);
            case OTHER -> c.craftedNote("recorded only: the TCB does not change");
        }
    }
}
