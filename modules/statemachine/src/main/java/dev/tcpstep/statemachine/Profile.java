package dev.tcpstep.statemachine;

import java.time.Duration;

/**
 * The knobs of an endpoint, with documented defaults. Times are nanoseconds of virtual
 * time (the unit of every {@code now} in this package). Build with {@link #builder()}
 * or start from {@link #rfc9293()} (the defaults) or {@link #modern()}.
 *
 * <table>
 * <caption>Defaults of {@link #rfc9293()}</caption>
 * <tr><th>knob</th><th>default</th><th>why</th></tr>
 * <tr><td>rfc5961</td><td>on</td><td>RFC 9293 §3.10.7.4 describes the checks; challenge ACKs are what
 *   people meet on today's hosts</td></tr>
 * <tr><td>rfc1337</td><td>off</td><td>RFC 9293's own text: a RST in TIME-WAIT closes</td></tr>
 * <tr><td>mss</td><td>1460</td><td>Ethernet MTU 1500 − 40; sent in every SYN (MAY-3)</td></tr>
 * <tr><td>receiveWindow</td><td>65535</td><td>the largest window without scaling; the initial RCV.WND
 *   and the receive buffer</td></tr>
 * <tr><td>windowScale</td><td>−1 (not offered)</td><td>keeps segments as the seed notes show them</td></tr>
 * <tr><td>timestamps, sack</td><td>off</td><td>same reason</td></tr>
 * <tr><td>delayedAck</td><td>off, 200 ms when on</td><td>every segment is answered at once, easier to
 *   step; on: ≤ 500 ms (MUST-40), every second full segment (SHLD-19)</td></tr>
 * <tr><td>msl</td><td>2 min</td><td>RFC 9293 §3.4.2; TIME-WAIT lasts 2×MSL (MUST-13)</td></tr>
 * <tr><td>rtoMin / rtoInitial / rtoMax</td><td>1 s / 1 s / 60 s</td><td>RFC 6298 (2.1), (2.4), (2.5)</td></tr>
 * <tr><td>r1 / r2 / r2Syn</td><td>3 / 6 / 8 retransmissions</td><td>§3.8.3: R1 ≥ 3 (SHLD-10); with the
 *   default RTOs R2 = 6 gives 123 s ≥ 100 s (SHLD-11) and R2 = 8 for a SYN gives 243 s ≥ 3 min
 *   (MUST-23)</td></tr>
 * <tr><td>userTimeout</td><td>5 min</td><td>RFC 793's suggested default</td></tr>
 * <tr><td>backlog</td><td>16</td><td>half-open plus not-yet-accepted connections per listener</td></tr>
 * <tr><td>sendBuffer</td><td>1 MiB</td><td>beyond it SEND answers "insufficient resources"</td></tr>
 * <tr><td>invalidAckInterval</td><td>500 ms</td><td>ACKs answering unacceptable segments without data
 *   (and challenge ACKs) go at most this often, the throttling RFC 5961 §7 and RFC 9293 §3.10.7.4 ask
 *   for; without it two desynchronized ends ACK each other forever. 0 turns it off</td></tr>
 * <tr><td>congestionControl</td><td>NewReno</td><td>RFC 6582 on RFC 5681: what ns-3 and the course
 *   books use; Reno and CUBIC (RFC 9438) are the alternatives</td></tr>
 * <tr><td>ecn</td><td>off</td><td>RFC 3168: an ECN-setup SYN sets ECE and CWR; off keeps the SYN as
 *   the seed notes show it</td></tr>
 * <tr><td>nagle</td><td>off</td><td>§3.7.4 SHLD-7 is implemented, but every SEND shows its own
 *   segment at once when stepping by hand; each connection can switch it (MUST-17)</td></tr>
 * <tr><td>keepAlive / keepAliveInterval</td><td>off / 2 h</td><td>§3.8.4: off by default (MUST-25),
 *   interval configurable (MUST-27) and at least two hours by default (MUST-28)</td></tr>
 * </table>
 *
 * @param rfc5961            apply RFC 5961's checks against blind attacks (challenge ACKs)
 * @param rfc1337            ignore a RST in TIME-WAIT (RFC 1337)
 * @param mss                the MSS offered in every SYN, 1..65495 bytes
 * @param receiveWindow      the receive buffer and initial RCV.WND, in bytes
 * @param windowScale        the window-scale shift to offer, 0..14, or −1 not to offer it
 * @param timestamps         offer and use RFC 7323 timestamps
 * @param sack               offer and use RFC 2018 selective acknowledgments
 * @param delayedAck         delay ACKs (at most every second full segment)
 * @param delayedAckTimeout  how long an ACK may be delayed, nanoseconds (below 500 ms, MUST-40)
 * @param msl                the maximum segment lifetime, nanoseconds; TIME-WAIT lasts 2×MSL
 * @param rtoMin             the smallest retransmission timeout, nanoseconds
 * @param rtoInitial         the retransmission timeout before an RTT sample, nanoseconds
 * @param rtoMax             the largest retransmission timeout, nanoseconds
 * @param r1                 retransmissions after which the IP layer is told (R1)
 * @param r2                 retransmissions after which the connection is given up (R2)
 * @param r2Syn              R2 for a SYN
 * @param userTimeout        how long sent data may stay unacknowledged before the connection is aborted, nanoseconds
 * @param backlog            half-open plus not-yet-accepted connections per listener
 * @param sendBuffer         the most bytes SEND queues
 * @param invalidAckInterval the least time between ACKs answering unacceptable segments without data, nanoseconds; 0: no limit
 * @param congestionControl  the congestion control algorithm: Reno, NewReno or CUBIC
 * @param ecn                offer ECN on the SYN (RFC 3168) and react to CE marks
 * @param nagle              the Nagle algorithm (§3.7.4) for new connections
 * @param keepAlive          keep-alives (§3.8.4) for new connections
 * @param keepAliveInterval  idle time before a keep-alive probe, and between probes, nanoseconds
 */
public record Profile(boolean rfc5961, boolean rfc1337, int mss, int receiveWindow, int windowScale,
                      boolean timestamps, boolean sack, boolean delayedAck, long delayedAckTimeout, long msl,
                      long rtoMin, long rtoInitial, long rtoMax, int r1, int r2, int r2Syn, long userTimeout,
                      int backlog, int sendBuffer, long invalidAckInterval, CongestionAlgorithm congestionControl,
                      boolean ecn, boolean nagle, boolean keepAlive, long keepAliveInterval) {

    /**
     * Checks every knob's range.
     *
     * @throws IllegalArgumentException if a knob is out of its range
     */
    public Profile {
        check("mss", mss, 1, 65495);
        check("window scale", windowScale, -1, 14);
        check("receive window", receiveWindow, 1, windowScale < 0 ? 65535 : 65535 << windowScale);
        check("delayed ACK timeout", delayedAckTimeout, 1, 500_000_000L - 1);
        check("msl", msl, 1, Long.MAX_VALUE / 4);
        check("rto min", rtoMin, 1, Long.MAX_VALUE / 4);
        check("rto initial", rtoInitial, rtoMin, Long.MAX_VALUE / 4);
        check("rto max", rtoMax, rtoInitial, Long.MAX_VALUE / 4);
        check("r1", r1, 1, 1000);
        check("r2", r2, r1 + 1, 1000);
        check("r2 for SYN", r2Syn, r1 + 1, 1000);
        check("user timeout", userTimeout, 1, Long.MAX_VALUE / 4);
        check("backlog", backlog, 1, 1 << 20);
        check("send buffer", sendBuffer, 1, Integer.MAX_VALUE);
        check("invalid ACK interval", invalidAckInterval, 0, Long.MAX_VALUE / 4);
        java.util.Objects.requireNonNull(congestionControl, "congestionControl");
        check("keep-alive interval", keepAliveInterval, 1, Long.MAX_VALUE / 4);
    }

    private static final Profile RFC9293 = new Builder().build();

    /**
     * The defaults tabled above.
     *
     * @return the profile
     */
    public static Profile rfc9293() {
        return RFC9293;
    }

    /**
     * What a current host offers: window scale 7 with a 256 KiB window, timestamps, SACK,
     * delayed ACK; everything else as {@link #rfc9293()}.
     *
     * @return the profile
     */
    public static Profile modern() {
        return builder().windowScale(7).receiveWindow(262_144).timestamps(true).sack(true).delayedAck(true).build();
    }

    /** {@return a builder with the {@link #rfc9293()} defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this profile's knobs} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.rfc5961 = rfc5961;
        b.rfc1337 = rfc1337;
        b.mss = mss;
        b.receiveWindow = receiveWindow;
        b.windowScale = windowScale;
        b.timestamps = timestamps;
        b.sack = sack;
        b.delayedAck = delayedAck;
        b.delayedAckTimeout = delayedAckTimeout;
        b.msl = msl;
        b.rtoMin = rtoMin;
        b.rtoInitial = rtoInitial;
        b.rtoMax = rtoMax;
        b.r1 = r1;
        b.r2 = r2;
        b.r2Syn = r2Syn;
        b.userTimeout = userTimeout;
        b.backlog = backlog;
        b.sendBuffer = sendBuffer;
        b.invalidAckInterval = invalidAckInterval;
        b.congestionControl = congestionControl;
        b.ecn = ecn;
        b.nagle = nagle;
        b.keepAlive = keepAlive;
        b.keepAliveInterval = keepAliveInterval;
        return b;
    }

    /** Builder with the {@link #rfc9293()} defaults. */
    public static final class Builder {
        private boolean rfc5961 = true;
        private boolean rfc1337 = false;
        private int mss = 1460;
        private int receiveWindow = 65535;
        private int windowScale = -1;
        private boolean timestamps;
        private boolean sack;
        private boolean delayedAck;
        private long delayedAckTimeout = 200_000_000L;
        private long msl = Duration.ofMinutes(2).toNanos();
        private long rtoMin = Duration.ofSeconds(1).toNanos();
        private long rtoInitial = Duration.ofSeconds(1).toNanos();
        private long rtoMax = Duration.ofSeconds(60).toNanos();
        private int r1 = 3;
        private int r2 = 6;
        private int r2Syn = 8;
        private long userTimeout = Duration.ofMinutes(5).toNanos();
        private int backlog = 16;
        private int sendBuffer = 1 << 20;
        private long invalidAckInterval = 500_000_000L;
        private CongestionAlgorithm congestionControl = CongestionAlgorithm.NEW_RENO;
        private boolean ecn;
        private boolean nagle;
        private boolean keepAlive;
        private long keepAliveInterval = Duration.ofHours(2).toNanos();

        private Builder() {
        }

        /**
         * Sets whether to apply RFC 5961's checks against blind attacks (challenge ACKs).
         *
         * @param v true to do so
         * @return this builder
         */
        public Builder rfc5961(boolean v) { rfc5961 = v; return this; }
        /**
         * Sets whether to ignore a RST in TIME-WAIT (RFC 1337).
         *
         * @param v true to do so
         * @return this builder
         */
        public Builder rfc1337(boolean v) { rfc1337 = v; return this; }
        /**
         * Sets mss: the MSS offered in every SYN, 1..65495 bytes.
         *
         * @param v the value
         * @return this builder
         */
        public Builder mss(int v) { mss = v; return this; }
        /**
         * Sets receiveWindow: the receive buffer and initial RCV.WND, in bytes.
         *
         * @param v the value
         * @return this builder
         */
        public Builder receiveWindow(int v) { receiveWindow = v; return this; }
        /**
         * Shift to offer (0..14), or −1 not to offer window scaling.
         *
         * @param v the shift, or −1
         * @return this builder
         */
        public Builder windowScale(int v) { windowScale = v; return this; }
        /**
         * Sets whether to offer and use RFC 7323 timestamps.
         *
         * @param v true to do so
         * @return this builder
         */
        public Builder timestamps(boolean v) { timestamps = v; return this; }
        /**
         * Sets whether to offer and use RFC 2018 selective acknowledgments.
         *
         * @param v true to do so
         * @return this builder
         */
        public Builder sack(boolean v) { sack = v; return this; }
        /**
         * Sets whether to delay ACKs (at most every second full segment).
         *
         * @param v true to do so
         * @return this builder
         */
        public Builder delayedAck(boolean v) { delayedAck = v; return this; }
        /**
         * Sets delayedAckTimeout: how long an ACK may be delayed (below 500 ms, MUST-40).
         *
         * @param v the duration
         * @return this builder
         */
        public Builder delayedAckTimeout(Duration v) { delayedAckTimeout = v.toNanos(); return this; }
        /**
         * Sets msl: the maximum segment lifetime; TIME-WAIT lasts 2×MSL.
         *
         * @param v the duration
         * @return this builder
         */
        public Builder msl(Duration v) { msl = v.toNanos(); return this; }
        /**
         * Sets rtoMin: the smallest retransmission timeout.
         *
         * @param v the duration
         * @return this builder
         */
        public Builder rtoMin(Duration v) { rtoMin = v.toNanos(); return this; }
        /**
         * Sets rtoInitial: the retransmission timeout before an RTT sample.
         *
         * @param v the duration
         * @return this builder
         */
        public Builder rtoInitial(Duration v) { rtoInitial = v.toNanos(); return this; }
        /**
         * Sets rtoMax: the largest retransmission timeout.
         *
         * @param v the duration
         * @return this builder
         */
        public Builder rtoMax(Duration v) { rtoMax = v.toNanos(); return this; }
        /**
         * Sets r1: retransmissions after which the IP layer is told (R1).
         *
         * @param v the value
         * @return this builder
         */
        public Builder r1(int v) { r1 = v; return this; }
        /**
         * Sets r2: retransmissions after which the connection is given up (R2).
         *
         * @param v the value
         * @return this builder
         */
        public Builder r2(int v) { r2 = v; return this; }
        /**
         * Sets r2Syn: R2 for a SYN.
         *
         * @param v the value
         * @return this builder
         */
        public Builder r2Syn(int v) { r2Syn = v; return this; }
        /**
         * Sets userTimeout: how long sent data may stay unacknowledged before the connection is aborted.
         *
         * @param v the duration
         * @return this builder
         */
        public Builder userTimeout(Duration v) { userTimeout = v.toNanos(); return this; }
        /**
         * Sets backlog: half-open plus not-yet-accepted connections per listener.
         *
         * @param v the value
         * @return this builder
         */
        public Builder backlog(int v) { backlog = v; return this; }
        /**
         * Sets sendBuffer: the most bytes SEND queues.
         *
         * @param v the value
         * @return this builder
         */
        public Builder sendBuffer(int v) { sendBuffer = v; return this; }
        /**
         * Least time between ACKs sent in reply to unacceptable segments without data; zero: no limit.
         *
         * @param v the interval
         * @return this builder
         */
        public Builder invalidAckInterval(Duration v) { invalidAckInterval = v.toNanos(); return this; }
        /**
         * Reno, NewReno (the default) or CUBIC.
         *
         * @param v the algorithm
         * @return this builder
         */
        public Builder congestionControl(CongestionAlgorithm v) { congestionControl = v; return this; }
        /**
         * Offer ECN on the SYN (RFC 3168) and react to CE marks.
         *
         * @param v true to offer ECN
         * @return this builder
         */
        public Builder ecn(boolean v) { ecn = v; return this; }
        /**
         * The Nagle algorithm (§3.7.4) for new connections; {@link Connection#nagle(boolean)} switches one.
         *
         * @param v true to turn it on
         * @return this builder
         */
        public Builder nagle(boolean v) { nagle = v; return this; }
        /**
         * Keep-alives (§3.8.4) for new connections; {@link Connection#keepAlive(long, boolean)} switches one.
         *
         * @param v true to turn them on
         * @return this builder
         */
        public Builder keepAlive(boolean v) { keepAlive = v; return this; }
        /**
         * Idle time before a keep-alive probe, and between probes (MUST-27, MUST-28: default 2 h).
         *
         * @param v the interval
         * @return this builder
         */
        public Builder keepAliveInterval(Duration v) { keepAliveInterval = v.toNanos(); return this; }

        /**
         * Builds the profile.
         *
         * @return the profile
         * @throws IllegalArgumentException if a knob is out of its range
         */
        public Profile build() {
            return new Profile(rfc5961, rfc1337, mss, receiveWindow, windowScale, timestamps, sack, delayedAck,
                    delayedAckTimeout, msl, rtoMin, rtoInitial, rtoMax, r1, r2, r2Syn, userTimeout, backlog,
                    sendBuffer, invalidAckInterval, congestionControl, ecn, nagle, keepAlive, keepAliveInterval);
        }
    }

    private static void check(String what, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(what + " " + v + " (expected: " + min + ".." + max + ")");
        }
    }
}
