package dev.tcpstep.statemachine;

import dev.tcpstep.codec.Payload;
import dev.tcpstep.codec.Segment;
import dev.tcpstep.statemachine.internal.StepLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import static dev.tcpstep.statemachine.Net.CLIENT;
import static dev.tcpstep.statemachine.Net.SERVER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Event text is made when it is first read, not when the endpoint decides: the same text
 * either way (it depends only on values copied at the decision), and none made when nobody
 * reads it.
 */
class LazyEventTextTest {
    @AfterEach
    void lazyAgain() {
        StepLog.eagerText = false;
    }

    /**
     * Seeded random conversations (loss, duplication, reordering, random profiles and ISNs, both
     * closes, TIME-WAIT's end): every event's text made at the decision (eager) equals the text
     * made after the whole conversation is over (lazy), character for character.
     */
    @Test
    void seededScenarios_lazyTextEqualsEagerText() {
        int events = 0;
        for (long seed = 1; seed <= 40; seed++) {
            StepLog.eagerText = true;
            String eager = RandomScenarioTest.runOne(seed, true);
            StepLog.eagerText = false;
            String lazy = RandomScenarioTest.runOne(seed, true);
            assertEquals(eager, lazy, "seed " + seed);
            events += (int) eager.lines().count();
        }
        assertTrue(events > 2_000, "the scenarios made " + events + " events");
    }

    /** Two hosts, handshake, data both ways and close, every event kept unread until the end. */
    private static List<Event> cycle() {
        List<Event> events = new ArrayList<>();
        Host c = new Host("client", CLIENT, Profile.rfc9293(), IsnSource.fixed(0), events::add);
        Host s = new Host("server", SERVER, Profile.rfc9293(), IsnSource.fixed(5000), events::add);
        Listener l = s.listen(80).listener();
        exchange(c, s, c.open(0, 49152, SERVER, 80).sent());
        Connection cc = c.connection(new FourTuple(CLIENT, 49152, SERVER, 80));
        Connection sc = l.accept();
        exchange(c, s, cc.send(1, Payload.ofUtf8("hello")).sent());
        exchange(s, c, sc.receive(2, 100).sent());
        exchange(c, s, cc.close(3).sent());
        exchange(s, c, sc.close(4).sent());
        c.onTimer(4 + 2 * Profile.rfc9293().msl());
        assertEquals(0, c.connectionCount() + s.connectionCount());
        return events;
    }

    private static void exchange(Host from, Host to, List<Segment> out) {
        for (Segment seg : out) {
            List<Segment> replies = to.onSegment(0, seg);
            if (!replies.isEmpty()) {
                exchange(to, from, replies);
            }
        }
    }

    private static String made(Event e) throws ReflectiveOperationException {
        Field f = Event.class.getDeclaredField("text");
        f.setAccessible(true);
        return (String) f.get(e);
    }

    @Test
    void aCycleNobodyReads_makesNoTransitionText_thenReadsAsTheRfcSays() throws ReflectiveOperationException {
        List<Event> events = cycle();
        List<Event> transitions = events.stream().filter(Event::transition).toList();
        assertEquals(11, transitions.size()); // no message: rendering them would make their text
        // the texts with numbers in them are made lazily; fixed sentences ("2MSL timeout") are constants anyway
        for (int i : new int[] {0, 1, 2, 3, 5, 6, 8, 9}) {
            assertNull(made(transitions.get(i)), "made before anyone read it: " + transitions.get(i).to());
        }
        List<String> text = transitions.stream().map(Event::toString).toList();
        assertEquals(List.of(
                "CLOSED → SYN-SENT: active OPEN, sent SYN with ISS 0 (§3.10.1)",
                "LISTEN → SYN-RECEIVED: SYN seq 0: IRS 0, sent SYN,ACK seq 5000 ack 1 (§3.10.7.2)",
                "SYN-SENT → ESTABLISHED: SYN,ACK acknowledges ISS+1 = 1, ACK 5001 owed (§3.10.7.3)",
                "SYN-RECEIVED → ESTABLISHED: ACK 5001 acknowledges our SYN (ISS+1) (§3.10.7.4)",
                "ESTABLISHED → FIN-WAIT-1: CLOSE, FIN follows the queued data (§3.10.4)",
                "ESTABLISHED → CLOSE-WAIT: FIN, ACK 7 owed (§3.10.7.4)",
                "FIN-WAIT-1 → FIN-WAIT-2: ACK 7 acknowledges our FIN (§3.10.7.4)",
                "CLOSE-WAIT → LAST-ACK: CLOSE, FIN follows the queued data (§3.10.4)",
                "FIN-WAIT-2 → TIME-WAIT: FIN, ACK 5002 owed (§3.10.7.4)",
                "LAST-ACK → CLOSED: ACK 5002 acknowledges our FIN (§3.10.7.4)",
                "TIME-WAIT → CLOSED: 2MSL timeout (§3.10.8)"), text);
        for (Event e : transitions) {
            assertNotNull(made(e), "made once read");
        }
    }

    @Test
    void equalEvents_oneLazyOneMade_areEqual() {
        Event.Cause cause = new Event.Cause.Call("OPEN");
        Event made = new Event(5, "client", State.CLOSED, State.SYN_SENT, Event.Kind.TRANSITION, cause, "text 1",
                List.of(), "3.10.1", null);
        long n = 1;
        Event lazy = Event.lazy(5, "client", State.CLOSED, State.SYN_SENT, Event.Kind.TRANSITION, cause,
                () -> "text " + n, List.of(), "3.10.1", null);
        assertEquals(made, lazy);
        assertEquals(made.hashCode(), lazy.hashCode());
        assertEquals("CLOSED → SYN-SENT: text 1 (§3.10.1)", lazy.toString());
        assertEquals("text 1", lazy.withSent(List.of()).text());
    }
}
