package dev.tcpstep.link;

import dev.tcpstep.codec.Payload;
import dev.tcpstep.codec.TcpFlags;
import dev.tcpstep.statemachine.Profile;
import dev.tcpstep.statemachine.State;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The classic losses, each aimed at one segment, over the full byte path. */
class ImpairedScenariosTest {

    private static Simulation sim() {
        Simulation s = Simulation.builder().seed(1).fixedIsns(0, 5000).build();
        s.server().listen();
        return s;
    }

    private static long retransmissions(Simulation s, String from, int flag) {
        return s.trace().of(TraceEntry.Sent.class).stream()
                .filter(e -> e.from().equals(from) && e.retransmission() && e.segment().has(flag)).count();
    }

    private static void established(Simulation s) {
        assertEquals(State.ESTABLISHED, s.client().state());
        assertEquals(State.ESTABLISHED, s.server().state());
    }

    @Test
    void lostSynIsRetransmittedAfterTheInitialRto() {
        Simulation s = sim();
        s.aim(s.client(), Wire.Shot.DROP, 1, null);
        s.client().connect();
        s.run();
        established(s);
        assertEquals(1, retransmissions(s, "client", TcpFlags.SYN));
        TraceEntry.Sent again = s.trace().sent(2);
        assertEquals(1_000_000_000L, again.time(), "RFC 6298 §2.1: initial RTO 1 s");
    }

    @Test
    void lostSynAckIsRetransmittedByTheServer() {
        Simulation s = sim();
        s.aim(s.server(), Wire.Shot.DROP, 1, null);
        s.client().connect();
        s.run();
        established(s);
        assertTrue(retransmissions(s, "server", TcpFlags.SYN) + retransmissions(s, "client", TcpFlags.SYN) >= 1);
    }

    @Test
    void lostFinalAckOfTheHandshakeIsRepairedBySynAckRetransmission() {
        Simulation s = sim();
        s.aim(s.client(), Wire.Shot.DROP, 2, null);
        s.client().connect();
        s.run();
        established(s);
        assertEquals(1, retransmissions(s, "server", TcpFlags.SYN));
    }

    @Test
    void lostFinIsRetransmitted() {
        Simulation s = sim();
        s.client().connect();
        s.run();
        s.aim(s.client(), Wire.Shot.DROP, 1, null);
        s.client().close();
        s.run();
        assertEquals(State.FIN_WAIT_2, s.client().state());
        assertEquals(State.CLOSE_WAIT, s.server().state());
        assertEquals(1, retransmissions(s, "client", TcpFlags.FIN));
    }

    @Test
    void lostLastAckMakesLastAckRetransmitFinAndTimeWaitAnswerIt() {
        Simulation s = sim();
        s.client().connect();
        s.run();
        s.client().close();
        s.run();
        s.aim(s.client(), Wire.Shot.DROP, 1, null);
        s.server().close();
        s.runUntilQuiet();
        assertEquals(1, retransmissions(s, "server", TcpFlags.FIN));
        assertEquals(State.CLOSED, s.client().state());
        assertEquals(State.CLOSED, s.server().state());
    }

    @Test
    void duplicatedAndReorderedDataIsReassembledExactly() {
        LinkProfile messy = LinkProfile.DEFAULT.withDuplicate(0.3).withReorder(0.3).withJitterNanos(8_000_000);
        Simulation s = Simulation.builder().seed(4).link(messy).build();
        s.server().listen();
        s.client().connect();
        s.run();
        byte[] data = new byte[50_000];
        new SplittableRandom(4).nextBytes(data);
        s.client().write(Payload.copyOf(data));
        s.run();
        assertEquals(Payload.copyOf(data), s.server().read().data());
        List<TraceEntry.Link> fates = s.trace().of(TraceEntry.Link.class);
        assertTrue(fates.stream().anyMatch(l -> l.fate() == Wire.Fate.DUPLICATED));
        assertTrue(fates.stream().anyMatch(l -> l.fate() == Wire.Fate.REORDERED));
    }

    @Test
    void segmentsLargerThanTheMtuAreDroppedUntilTheMssFits() {
        LinkProfile small = LinkProfile.DEFAULT.withMtu(576);
        Profile bigMss = Profile.rfc9293().toBuilder().r2(4).build();
        Simulation s = Simulation.builder().seed(2).link(small).tcp(bigMss).build();
        s.server().listen();
        s.client().connect();
        s.run();
        s.client().write(Payload.copyOf(new byte[3000]));
        s.run();
        assertTrue(s.trace().of(TraceEntry.Link.class).stream().anyMatch(l -> l.fate() == Wire.Fate.TOO_BIG));
        assertEquals(State.CLOSED, s.client().state(), "no path MTU discovery here: the sender gives up");

        Profile fits = Profile.rfc9293().toBuilder().mss(536).build(); // 536 + 40 = 576
        Simulation ok = Simulation.builder().seed(2).link(small).tcp(fits).build();
        ok.server().listen();
        ok.client().connect();
        ok.run();
        ok.client().write(Payload.copyOf(new byte[3000]));
        ok.run();
        assertEquals(3000, ok.server().read().data().length());
    }
}
