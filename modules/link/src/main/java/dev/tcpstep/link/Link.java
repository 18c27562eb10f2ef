package dev.tcpstep.link;

import dev.tcpstep.codec.Segment;

import java.net.InetAddress;

/**
 * A packet path between the side a person or a script drives (the <em>near</em> side)
 * and a TCP under test (the <em>far</em> side), with one clock and one {@link Trace}.
 * Two implementations: {@link Simulation#link(Simulation.Endpoint)} (tcpstep's endpoint on
 * the simulated wire, virtual time) and the tun module's {@code TunLink} (the Linux
 * kernel through a TUN device, real time).
 *
 * <p>The near side has no TCP of its own on this path: what it {@link #inject injects}
 * goes out exactly as built, and what the far side sends is handed back by
 * {@link #awaitFar}, in order, each once.
 */
public interface Link {
    /** {@return the link's clock in nanoseconds (virtual or monotonic); only differences mean anything} */
    long now();

    /** {@return the near side's address: the source of injected segments} */
    InetAddress nearAddress();

    /** {@return the far side's address: the TCP under test} */
    InetAddress farAddress();

    /**
     * Sends a segment from the near side toward the TCP under test, as built.
     *
     * @param segment the segment, sent exactly as it is (no checksum or field is fixed up)
     */
    void inject(Segment segment);

    /**
     * Lets the link run (time passes, the far side's timers fire) until the far side has
     * sent a segment to the near side that was not returned before, or until
     * {@code deadline} on {@link #now()}'s clock. Returns that segment, or null at the
     * deadline. A virtual clock stops at the arrival (or the deadline); a real one keeps running,
     * so the arrival carries the time it came.
     *
     * @param deadline the latest time to wait until, on {@link #now()}'s clock
     * @return the far side's next segment not returned before, or null at the deadline
     */
    Arrival awaitFar(long deadline);

    /**
     * A segment the far side sent, and when it arrived on {@link #now()}'s clock.
     *
     * @param time    when the segment arrived, nanoseconds on {@link #now()}'s clock
     * @param segment the segment the far side sent
     */
    record Arrival(long time, Segment segment) {
    }

    /** {@return the one ordered log of what happened on this link} */
    Trace trace();
}
