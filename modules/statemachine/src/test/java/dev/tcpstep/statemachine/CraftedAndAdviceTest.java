package dev.tcpstep.statemachine;

import dev.tcpstep.codec.Payload;
import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.TcpFlags;
import dev.tcpstep.codec.TcpOption;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.tcpstep.codec.TcpFlags.ACK;
import static dev.tcpstep.codec.TcpFlags.FIN;
import static dev.tcpstep.codec.TcpFlags.RST;
import static dev.tcpstep.codec.TcpFlags.SYN;
import static dev.tcpstep.statemachine.Net.CLIENT;
import static dev.tcpstep.statemachine.Net.SERVER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REPL's needs: hand-crafted sends recorded as the TCP's own, and "what would RFC 9293 send, and why?". */
class CraftedAndAdviceTest {
    final Net net = Net.teaching();

    private Segment fromClient(int flags, long seq, long ack) {
        return Segment.builder().addresses(CLIENT, SERVER).srcPort(49152).dstPort(80).seq(seq).ack(ack)
                .flags(flags).window(65535).build();
    }

    private Segment fromServer(int flags, long seq, long ack) {
        return Segment.builder().addresses(SERVER, CLIENT).srcPort(80).dstPort(49152).seq(seq).ack(ack)
                .flags(flags).window(65535).build();
    }

    /** The seed notes' handshake typed by hand, each endpoint in manual mode (its output never transmitted). */
    @Test
    void handTypedHandshake_sameMachineAsAutomatic() {
        net.server.listen(80);
        Segment syn = fromClient(SYN, 0, 0).toBuilder().option(new TcpOption.Mss(1460)).build();
        List<Event> notes = net.client.sendCrafted(0, syn);
        Connection client = net.clientConn();
        assertEquals(State.SYN_SENT, client.state());
        assertEquals(0, client.iss());
        assertEquals(1, client.sndNxt());
        assertTrue(notes.stream().anyMatch(e -> e.toString().startsWith("CLOSED → SYN-SENT: sent SYN by hand")),
                notes::toString);

        List<Segment> suggestion = net.server.onSegment(10, syn);
        Connection server = net.serverConn();
        assertEquals(State.SYN_RECEIVED, server.state());
        Advice advice = server.advice();
        assertEquals(suggestion, advice.segments());
        assertEquals(TcpFlags.of(SYN | ACK), advice.segments().get(0).flags());
        assertTrue(advice.reasons().get(0).contains("sent SYN,ACK seq 5000 ack 1"), advice.reasons()::toString);
        assertTrue(advice.reasons().get(0).contains("(§3.10.7.2)"), advice.reasons()::toString);

        Segment synAck = fromServer(SYN | ACK, 5000, 1);
        assertEquals(List.of(), server.compare(synAck));
        net.server.sendCrafted(20, synAck);
        assertEquals(5001, server.sndNxt(), "typed = suggested: recorded as the same SYN,ACK, not a second one");

        List<Segment> clientSuggestion = net.client.onSegment(30, synAck);
        assertEquals(State.ESTABLISHED, client.state());
        assertEquals(1, clientSuggestion.size());
        Segment ack = fromClient(ACK, 1, 5001);
        assertEquals(List.of(), client.compare(ack));
        net.client.sendCrafted(40, ack);
        net.server.onSegment(50, ack);
        assertEquals(State.ESTABLISHED, server.state());
        assertEquals(List.of(), net.violations);
    }

    @Test
    void compare_explainsTheSeedNotesMistake() {
        net.server.listen(80);
        net.client.sendCrafted(0, fromClient(SYN, 0, 0));
        net.client.onSegment(10, fromServer(SYN | ACK, 5000, 1));
        Connection client = net.clientConn();
        // "seq + 1" for every segment: the third segment typed with seq 2 and ack 5002
        List<String> diff = client.compare(fromClient(ACK, 2, 5002));
        assertEquals(1, diff.size(), "one note: " + diff);
        assertTrue(diff.get(0).startsWith("seq 2 but SND.NXT is 1: only data bytes, a SYN and a FIN use sequence"
                + " numbers"), diff::toString);
        assertTrue(diff.get(0).contains("; ack 5002 but RCV.NXT is 5001: an ACK names"), diff::toString);
        assertTrue(diff.get(0).endsWith("; right: ACK seq=1 ack=5001"), diff::toString);
    }

    @Test
    void compare_dataInsteadOfTheSuggestedAck_isFine_ifNumbersAreRight() {
        net.server.listen(80);
        net.client.sendCrafted(0, fromClient(SYN, 0, 0));
        net.client.onSegment(10, fromServer(SYN | ACK, 5000, 1));
        Connection client = net.clientConn();
        Segment data = fromClient(ACK | TcpFlags.PSH, 1, 5001).toBuilder().payload(Payload.ofUtf8("hi")).build();
        assertEquals(List.of(), client.compare(data));
        List<String> wrongSeq = client.compare(data.toBuilder().seq(5).build());
        assertTrue(wrongSeq.getFirst().startsWith("seq 5 but SND.NXT is 1") && wrongSeq.getFirst()
                .endsWith("right: PSH,ACK seq=1 ack=5001 (2 bytes)"), wrongSeq::toString);
        // a RST while an ACK is owed is ABORT, not a wrong ACK: only its seq is judged (<SEQ=SND.NXT><CTL=RST>)
        assertEquals(List.of(), client.compare(fromClient(RST, 1, 0)));
        List<String> rst = client.compare(fromClient(RST, 0, 0));
        assertTrue(rst.getFirst().startsWith("seq 0 but ABORT sends <SEQ=SND.NXT> = 1"), rst::toString);
    }

    @Test
    void craftedSynAck_withOtherIss_rechoosesIss() {
        net.server.listen(80);
        net.server.onSegment(0, fromClient(SYN, 0, 0));
        Connection server = net.serverConn();
        List<Event> notes = net.server.sendCrafted(1, fromServer(SYN | ACK, 7777, 1));
        assertEquals(7777, server.iss());
        assertEquals(7778, server.sndNxt());
        assertTrue(notes.stream().anyMatch(e -> e.text().contains("ISS changed by hand from 5000 to 7777")),
                notes::toString);
        // RFC 9293 §3.4.1: the ISN is the sender's choice: a different one is not coached.
        assertTrue(notes.stream().noneMatch(e -> e.kind() == Event.Kind.COACH), notes::toString);
    }

    @Test
    void craftedAck_withAWrongAck_isCoached() {
        net.server.listen(80);
        net.server.onSegment(0, fromClient(SYN, 0, 0));
        List<Event> notes = net.server.sendCrafted(1, fromServer(SYN | ACK, 5000, 0));
        assertTrue(notes.stream().anyMatch(e -> e.kind() == Event.Kind.COACH
                && e.text().startsWith("ack 0 but RCV.NXT is 1")), notes::toString);
    }

    @Test
    void craftedData_atSndNxt_isRetransmittedByTheTimer() {
        Fx f = Fx.established();
        Segment data = Segment.builder().addresses(Fx.US, Fx.PEER).srcPort(Fx.US_PORT).dstPort(Fx.PEER_PORT)
                .seq(1).ack(5001).flags(ACK).payload(Payload.ofUtf8("typed")).build();
        f.c.sendCrafted(0, data);
        assertEquals(6, f.c.sndNxt());
        f.fire().expectSent(Fx.data(1, 5001, 5));
        assertEquals("typed", f.sent.get(0).payload().utf8());
    }

    @Test
    void craftedFin_fromEstablished_entersFinWait1_andFromCloseWait_lastAck() {
        Fx f = Fx.established();
        Segment fin = Segment.builder().addresses(Fx.US, Fx.PEER).srcPort(Fx.US_PORT).dstPort(Fx.PEER_PORT)
                .seq(1).ack(5001).flags(FIN | ACK).build();
        f.c.sendCrafted(0, fin);
        f.expectState(State.FIN_WAIT_1);
        assertEquals(2, f.c.sndNxt());
        f.in(f.peer(ACK, 5001, 2)).expectState(State.FIN_WAIT_2);

        Fx g = Fx.closeWait();
        g.c.sendCrafted(0, fin.toBuilder().ack(5002).build());
        g.expectState(State.LAST_ACK);
        g.in(g.peer(ACK, 5002, 2)).expectState(State.CLOSED);
    }

    @Test
    void craftedRst_aborts() {
        Fx f = Fx.established();
        f.c.sendCrafted(0, Segment.builder().addresses(Fx.US, Fx.PEER).srcPort(Fx.US_PORT).dstPort(Fx.PEER_PORT)
                .seq(1).flags(RST).build());
        f.expectState(State.CLOSED);
    }

    @Test
    void advice_whenNothingOwed_saysWhatAnAckWouldBe() {
        Fx f = Fx.finWait1();
        f.in(f.peer(ACK, 5001, 2)).expectState(State.FIN_WAIT_2);
        Advice a = f.c.advice();
        assertTrue(a.isEmpty());
        assertEquals("nothing owed now; an ACK would be <SEQ=2><ACK=5001><CTL=ACK>",
                a.reasons().get(a.reasons().size() - 1));
    }

    @Test
    void advice_survivesAStepThatDecidesNothing() {
        Fx f = Fx.synReceivedPassive();
        Advice before = f.c.advice();
        f.c.receive(0, 100);
        f.c.onTimer(1);
        assertEquals(before, f.c.advice());
        assertEquals(List.of(Fx.synAck(0, 5001)), before.segments().stream().map(Fx::of).toList());
    }
}
