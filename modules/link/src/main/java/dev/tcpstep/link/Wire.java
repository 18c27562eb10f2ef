package dev.tcpstep.link;

import dev.tcpstep.codec.IpHeader;
import dev.tcpstep.codec.Segment;
import dev.tcpstep.codec.SegmentCodec;
import dev.tcpstep.link.internal.SplitMix64;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One direction of the virtual link. It takes IP packets as bytes and says when (and
 * whether, and in what shape) each arrives at the far end: propagation delay, jitter,
 * serialization at a bandwidth, MTU, and seeded loss, duplication, reordering and bit
 * corruption — plus one-shot impairments a teacher aims at a particular packet.
 *
 * <p>Every packet draws the same six random numbers whatever the profile, so changing
 * one probability does not shift the draws of the others.
 */
public final class Wire {
    /** What happened to one copy of a packet on the wire. */
    public enum Fate {
        /** Arrived as sent. */
        DELIVERED,
        /** Lost on the way: no copy arrives. */
        LOST,
        /** An extra copy arrives. */
        DUPLICATED,
        /** A bit was flipped on the way (the receiver's checksum catches it). */
        CORRUPTED,
        /** Held back, so that later packets overtake it. */
        REORDERED,
        /** Held back by a one-shot delay. */
        DELAYED,
        /** Larger than the MTU: dropped. */
        TOO_BIG,
        /** Marked CE (congestion experienced) in the IP header instead of dropped: {@link LinkProfile#ecnMarking()}. */
        CE_MARKED
    }

    /**
     * One copy arriving at {@code time} with these bytes (corrupted copies differ).
     *
     * @param time  when it arrives, virtual nanoseconds
     * @param bytes the bytes that arrive
     * @param fates what the wire did to this copy
     */
    public record Arrival(long time, byte[] bytes, List<Fate> fates) {
    }

    /**
     * The outcome of sending one packet: its number on this wire (1-based), the arrivals
     * (none when lost) and, when dropped, why.
     *
     * @param number     the packet's number on this wire, 1-based
     * @param sentAt     when it was sent, virtual nanoseconds
     * @param bytes      the bytes sent
     * @param arrivals   the copies that arrive (none when lost)
     * @param dropped    why no copy arrives ({@link Fate#LOST} or {@link Fate#TOO_BIG}), or null
     * @param dropReason the same in words, or null
     */
    public record Transmission(long number, long sentAt, byte[] bytes, List<Arrival> arrivals, Fate dropped,
                               String dropReason) {
        /** {@return true when no copy arrives} */
        public boolean lost() {
            return arrivals.isEmpty();
        }
    }

    /** One-shot actions aimed at a future packet. */
    public enum Shot {
        /** Lose the packet. */
        DROP,
        /** Flip one bit of the packet. */
        CORRUPT,
        /** Deliver the packet twice. */
        DUPLICATE,
        /** Hold the packet back for the given time. */
        DELAY
    }

    private record Aim(Shot shot, long delayNanos) {
    }

    private LinkProfile profile;
    private final SplitMix64 random;
    private long sent;
    private long busyUntil;
    private final TreeMap<Long, List<Aim>> aims = new TreeMap<>();

    /**
     * A wire with these impairments and its own random numbers.
     *
     * @param profile the delay, rate, MTU and impairment probabilities
     * @param seed    the seed of its random numbers (same seed, same fates)
     */
    public Wire(LinkProfile profile, long seed) {
        this.profile = profile;
        this.random = new SplitMix64(seed);
    }

    private Wire(Wire other) {
        this.profile = other.profile;
        this.random = other.random.copy();
        this.sent = other.sent;
        this.busyUntil = other.busyUntil;
        for (Map.Entry<Long, List<Aim>> e : other.aims.entrySet()) {
            this.aims.put(e.getKey(), new ArrayList<>(e.getValue()));
        }
    }

    /** {@return an independent copy in the same state, random numbers included (for snapshots)} */
    public Wire copy() {
        return new Wire(this);
    }

    /** {@return the current impairments} */
    public LinkProfile profile() {
        return profile;
    }

    /**
     * Changes the impairments for the packets sent from now on.
     *
     * @param p the new profile
     */
    public void profile(LinkProfile p) {
        this.profile = p;
    }

    /** {@return the number of packets sent so far on this wire} */
    public long sentCount() {
        return sent;
    }

    /**
     * Aims a one-shot impairment at the {@code n}-th packet from now (1 = the next).
     *
     * @param shot       what to do to it
     * @param n          which packet: 1 is the next
     * @param delayNanos for {@link Shot#DELAY}, how long to hold it; otherwise ignored
     * @throws IllegalArgumentException if {@code n} is below 1
     */
    public void aim(Shot shot, int n, long delayNanos) {
        if (n < 1) {
            throw new IllegalArgumentException("packet " + n + " (expected: 1 for the next, 2 for the one after, ...)");
        }
        aims.computeIfAbsent(sent + n, k -> new ArrayList<>()).add(new Aim(shot, delayNanos));
    }

    /** {@return the one-shot impairments still waiting for their packet: packet number to shots} */
    public Map<Long, List<Shot>> aimed() {
        Map<Long, List<Shot>> out = new TreeMap<>();
        aims.forEach((k, v) -> out.put(k, v.stream().map(Aim::shot).toList()));
        return out;
    }

    /**
     * Sends one packet at {@code now}; returns what the wire does with it.
     *
     * @param now    the virtual time of sending, nanoseconds
     * @param packet the bytes
     * @return what the wire does with it: the arrivals, or why it was dropped
     */
    public Transmission transmit(long now, byte[] packet) {
        long number = ++sent;
        // Fixed draws per packet keep the random stream independent of the profile.
        double lossDraw = random.nextDouble();
        double dupDraw = random.nextDouble();
        double reorderDraw = random.nextDouble();
        double corruptDraw = random.nextDouble();
        long jitter = random.nextLong(profile.jitterNanos() + 1);
        long bit = random.nextLong(Math.max(1, packet.length * 8L));

        List<Aim> shots = aims.remove(number);
        boolean drop = lossDraw < profile.loss();
        boolean dup = dupDraw < profile.duplicate();
        boolean reorder = reorderDraw < profile.reorder();
        boolean corrupt = corruptDraw < profile.corrupt();
        long extraDelay = 0;
        boolean aimedDrop = false;
        if (shots != null) {
            for (Aim a : shots) {
                switch (a.shot()) {
                    case DROP -> aimedDrop = true;
                    case CORRUPT -> corrupt = true;
                    case DUPLICATE -> dup = true;
                    case DELAY -> extraDelay += a.delayNanos();
                }
            }
        }
        if (packet.length > profile.mtu()) {
            return new Transmission(number, now, packet, List.of(), Fate.TOO_BIG,
                    "packet of " + packet.length + " bytes exceeds the MTU of " + profile.mtu());
        }
        if (aimedDrop) {
            return new Transmission(number, now, packet, List.of(), Fate.LOST, "dropped on request (drop next)");
        }
        byte[] marked = drop && profile.ecnMarking() ? markCe(packet) : null;
        if (drop && marked == null) {
            return new Transmission(number, now, packet, List.of(), Fate.LOST,
                    "lost on the link (loss " + percent(profile.loss()) + ")");
        }
        long start = Math.max(now, busyUntil);
        long done = start + profile.serializationNanos(packet.length);
        busyUntil = done;
        long arrive = done + profile.delayNanos() + jitter + extraDelay;
        List<Fate> fates = new ArrayList<>(2);
        byte[] bytes = packet;
        if (marked != null) {
            bytes = marked;
            packet = marked;
            fates.add(Fate.CE_MARKED);
        }
        if (extraDelay > 0) {
            fates.add(Fate.DELAYED);
        }
        if (reorder) {
            arrive += profile.reorderNanos();
            fates.add(Fate.REORDERED);
        }
        if (corrupt) {
            bytes = packet.clone();
            bytes[(int) (bit >>> 3)] ^= (byte) (1 << (bit & 7));
            fates.add(Fate.CORRUPTED);
        }
        List<Arrival> arrivals = new ArrayList<>(2);
        arrivals.add(new Arrival(arrive, bytes, fates.isEmpty() ? List.of(Fate.DELIVERED) : List.copyOf(fates)));
        if (dup) {
            arrivals.add(new Arrival(arrive + 1, packet, List.of(Fate.DUPLICATED)));
        }
        return new Transmission(number, now, packet, List.copyOf(arrivals), null, null);
    }

    /**
     * The packet with its IP header's ECN field set to CE, or null when it is Not-ECT (or
     * not a TCP/IP packet the codec reads), which the wire then drops.
     */
    private static byte[] markCe(byte[] packet) {
        if (!SegmentCodec.isWellFormed(packet)) {
            return null;
        }
        Segment seg = SegmentCodec.decode(packet);
        IpHeader ip = seg.ip();
        IpHeader ce;
        switch (ip) {
            // RFC 3168 §5: "For a router, the CE codepoint of an ECN-Capable packet SHOULD only be set if
            // the router would otherwise have dropped the packet as an indication of congestion to the end nodes."
            case IpHeader.V4 v4 when v4.ecn() != NOT_ECT -> ce = new IpHeader.V4(v4.src(), v4.dst(), v4.dscp(), CE,
                    v4.identification(), v4.dontFragment(), v4.moreFragments(), v4.fragmentOffset(), v4.ttl(),
                    v4.options(), null, null, null);
            case IpHeader.V6 v6 when (v6.trafficClass() & 3) != NOT_ECT -> ce = new IpHeader.V6(v6.src(), v6.dst(),
                    v6.trafficClass() | CE, v6.flowLabel(), v6.hopLimit(), v6.extensions(), null);
            // A Not-ECT packet says its transport ignores CE, so the congested wire drops it as before.
            default -> {
                return null;
            }
        }
        // The TCP checksum does not cover the ECN field, so the segment's own checksum stays as sent.
        return SegmentCodec.encode(seg.toBuilder().ip(ce).build());
    }

    private static final int NOT_ECT = 0;
    private static final int CE = 3;

    static String percent(double p) {
        double v = p * 100;
        return (v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v)) + "%";
    }
}
