package dev.tcpstep.link;

import dev.tcpstep.codec.Payload;
import dev.tcpstep.statemachine.Profile;
import dev.tcpstep.statemachine.State;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded lossy runs over the full byte path: loss 0–30 %, duplication, reordering and
 * corruption. In every run the handshake completes, random bytes arrive exactly in each
 * direction, and both sides end CLOSED. A failing seed prints itself;
 * {@code -Dtcpstep.lossyRuns=N} runs more.
 */
class LossyRunsTest {
    private static final int RUNS = Integer.getInteger("tcpstep.lossyRuns", 1000);

    @Test
    void everySeedCompletesDeliversExactlyAndCloses() {
        for (long seed = 1; seed <= RUNS; seed++) {
            try {
                runOne(seed);
            } catch (AssertionError | RuntimeException e) {
                fail("seed " + seed + " failed (rerun: LossyRunsTest.runOne(" + seed + ")): " + e.getMessage(), e);
            }
        }
    }

    static void runOne(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        LinkProfile p = Soak.impairedWire(r, 50_000_000L, 0.3);
        // R2 raised from the default 6: at 30 % loss each way, six failed exchanges in a
        // row are common, and this test is about exact delivery, not about giving up (the
        // user timeout is raised for the same reason).
        Profile tcp = Profile.rfc9293().toBuilder().r2(30).r2Syn(30).userTimeout(java.time.Duration.ofHours(1)).build();
        Simulation sim = Simulation.builder().seed(seed).link(p).tcp(tcp).build();
        byte[] up = new byte[r.nextInt(20_000)];
        byte[] down = new byte[r.nextInt(20_000)];
        r.nextBytes(up);
        r.nextBytes(down);

        sim.server().listen();
        sim.client().connect();
        run(sim);
        assertEquals(State.ESTABLISHED, sim.client().state(), "client after handshake");
        assertEquals(State.ESTABLISHED, sim.server().state(), "server after handshake");

        sim.client().write(Payload.copyOf(up));
        sim.server().write(Payload.copyOf(down));
        ByteArrayOutputStream atServer = new ByteArrayOutputStream();
        ByteArrayOutputStream atClient = new ByteArrayOutputStream();
        for (int i = 0; i < 200 && (atServer.size() < up.length || atClient.size() < down.length); i++) {
            run(sim);
            atServer.writeBytes(sim.server().read().data().toArray());
            atClient.writeBytes(sim.client().read().data().toArray());
        }
        assertEquals(Payload.copyOf(up), Payload.copyOf(atServer.toByteArray()), "client → server bytes");
        assertEquals(Payload.copyOf(down), Payload.copyOf(atClient.toByteArray()), "server → client bytes");

        sim.client().close();
        run(sim);
        sim.server().close();
        sim.runUntilQuiet();
        assertEquals(State.CLOSED, sim.client().state(), "client at the end");
        assertEquals(State.CLOSED, sim.server().state(), "server at the end");
    }

    /** Runs until settled; a run may hit its 10-minute cap while backing off, so up to six in a row. */
    private static void run(Simulation sim) {
        Simulation.RunResult r = null;
        for (int i = 0; i < 6; i++) {
            r = sim.run();
            if (r.stop() == Simulation.Stop.QUIET || r.stop() == Simulation.Stop.IDLE_TIMERS) {
                return;
            }
        }
        fail("run did not settle in an hour of simulated time: " + r);
    }
}
