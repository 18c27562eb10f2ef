package dev.tcpstep.link;

import dev.tcpstep.codec.TcpFlags;
import dev.tcpstep.statemachine.CallResult;
import dev.tcpstep.statemachine.State;
import dev.tcpstep.statemachine.TcpError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 9293 §3.10's errors come back from the endpoints' user calls as values, never as exceptions. */
class UserCallErrorsTest {

    private static Simulation established() {
        Simulation sim = Simulation.builder().seed(7).fixedIsns(0, 5000).build();
        sim.server().listen();
        sim.client().connect();
        sim.run();
        assertEquals(State.ESTABLISHED, sim.server().state());
        return sim;
    }

    private static String lastCall(Simulation sim) {
        List<TraceEntry.Call> calls = sim.trace().of(TraceEntry.Call.class);
        TraceEntry.Call c = calls.getLast();
        return c.call() + " -> " + c.result();
    }

    @Test
    void readAfterReset_connectionDoesNotExist() {
        Simulation sim = established();
        sim.client().abort();
        sim.run();
        assertEquals(State.CLOSED, sim.server().state(), "the RST deleted the server's TCB");
        int sentBefore = sim.trace().of(TraceEntry.Sent.class).size();

        CallResult r = sim.server().read();

        assertEquals(TcpError.CONNECTION_DOES_NOT_EXIST, r.error());
        assertEquals("error: connection does not exist", r.error().rfcText());
        assertEquals(State.CLOSED, r.state());
        assertTrue(r.data().isEmpty());
        assertEquals("read -> error: connection does not exist, state = CLOSED", lastCall(sim));
        assertEquals(sentBefore, sim.trace().of(TraceEntry.Sent.class).size(), "nothing was sent");
    }

    @Test
    void everyCallWithoutAConnection_connectionDoesNotExist() {
        Simulation sim = Simulation.builder().seed(7).build();
        for (CallResult r : List.of(sim.client().read(), sim.client().read(10), sim.client().write("x"),
                sim.client().close(), sim.client().abort())) {
            assertEquals(TcpError.CONNECTION_DOES_NOT_EXIST, r.error(), r.toString());
            assertTrue(r.sent().isEmpty());
        }
        assertEquals(State.CLOSED, sim.client().state());
        assertTrue(sim.trace().of(TraceEntry.Sent.class).isEmpty());
    }

    @Test
    void listenTwice_connectionAlreadyExists_firstListenerStays() {
        Simulation sim = Simulation.builder().seed(7).build();
        assertTrue(sim.server().listen().ok());
        CallResult again = sim.server().listen();
        assertEquals(TcpError.CONNECTION_ALREADY_EXISTS, again.error());
        assertEquals("listen 80 -> error: connection already exists, state = LISTEN", lastCall(sim));
        sim.client().connect();
        sim.run();
        assertEquals(State.ESTABLISHED, sim.server().state(), "the first listener still answers");
    }

    @Test
    void onlyListening_readQueues_writeNeedsARemoteSocket() {
        Simulation sim = Simulation.builder().seed(7).build();
        sim.server().listen();
        CallResult read = sim.server().read();
        assertTrue(read.ok(), read.toString());
        assertTrue(read.data().isEmpty());
        assertEquals(State.LISTEN, read.state());
        CallResult write = sim.server().write("x");
        assertEquals(TcpError.REMOTE_SOCKET_UNSPECIFIED, write.error());
        assertEquals(State.LISTEN, sim.server().state());
        assertTrue(sim.trace().of(TraceEntry.Sent.class).isEmpty());
    }

    @Test
    void onlyListening_closeDeletesTheListen_aSynThenGetsRst() {
        Simulation sim = Simulation.builder().seed(7).build();
        sim.server().listen();
        CallResult close = sim.server().close();
        assertTrue(close.ok(), close.toString());
        assertEquals(State.CLOSED, sim.server().state());
        assertNull(sim.server().listening());
        assertNull(sim.server().host().listener(80));
        sim.client().connect();
        sim.run();
        assertEquals(State.CLOSED, sim.client().state());
        assertTrue(sim.trace().of(TraceEntry.Sent.class).stream()
                .anyMatch(s -> s.segment().has(TcpFlags.RST)), "the CLOSED port answered with a RST");
    }

    @Test
    void onlyListening_abortDeletesTheListen() {
        Simulation sim = Simulation.builder().seed(7).build();
        sim.server().listen();
        assertTrue(sim.server().abort().ok());
        assertEquals(State.CLOSED, sim.server().state());
        assertEquals(TcpError.CONNECTION_DOES_NOT_EXIST, sim.server().abort().error(), "nothing left to abort");
    }

    @Test
    void failedCalls_replayToTheSameTrace() {
        Simulation sim = established();
        sim.client().abort();
        sim.run();
        sim.server().read();
        sim.server().listen();
        Simulation again = Simulation.restore(sim.snapshot());
        assertEquals(sim.trace().entries().stream().map(Exports::json).toList(),
                again.trace().entries().stream().map(Exports::json).toList());
    }

    @Test
    void badArguments_areProgrammingErrors() {
        Simulation sim = established();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sim.server().read(-1));
        assertEquals("max -1 bytes (expected: >= 0)", e.getMessage());
        assertThrows(NullPointerException.class, () -> sim.client().write((dev.tcpstep.codec.Payload) null));
        assertThrows(IllegalArgumentException.class, () -> sim.server().listen(70000));
        assertEquals(State.ESTABLISHED, sim.server().state());
    }
}
