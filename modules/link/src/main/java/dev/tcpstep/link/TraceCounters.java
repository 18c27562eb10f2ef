package dev.tcpstep.link;

import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link Trace} counted, kept whatever its {@link Retention}: how many entries,
 * endpoint events and state transitions, and per direction of the wire the packets sent,
 * their bytes, retransmissions, what the wire did to them and how they ended at the receiver.
 *
 * @param entries     entries added
 * @param events      endpoint events (decisions of a TCP)
 * @param transitions endpoint events that changed a connection's state
 * @param directions  one row per direction that carried a packet, in the order first seen
 */
public record TraceCounters(long entries, long events, long transitions, List<Direction> directions) {
    /** Copies the directions. */
    public TraceCounters {
        directions = List.copyOf(directions);
    }

    /**
     * The counts of one direction.
     *
     * @param from            the sender's name
     * @param to              the receiver's name (an address when no host has it)
     * @param packets         transmissions, lost ones included
     * @param bytes           IP bytes of those transmissions, as they went onto the wire
     * @param payloadBytes    TCP payload bytes of those transmissions
     * @param retransmissions transmissions that re-sent sequence space
     * @param lost            transmissions the wire lost (lost, too big, no host)
     * @param duplicated      extra copies the wire made
     * @param corrupted       copies the wire corrupted
     * @param delivered       copies handed to the receiver's TCP
     * @param dropped         copies the receiver dropped before TCP saw them (bad checksum, malformed)
     */
    public record Direction(String from, String to, long packets, long bytes, long payloadBytes,
                            long retransmissions, long lost, long duplicated, long corrupted, long delivered,
                            long dropped) {
    }

    /**
     * The row of one direction.
     *
     * @param from the sender's name
     * @param to   the receiver's name
     * @return its counts, all zero when it carried nothing
     */
    public Direction direction(String from, String to) {
        for (Direction d : directions) {
            if (d.from().equals(from) && d.to().equals(to)) {
                return d;
            }
        }
        return new Direction(from, to, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** {@return transmissions in both directions} */
    public long packets() {
        return directions.stream().mapToLong(Direction::packets).sum();
    }

    /** {@return retransmissions in both directions} */
    public long retransmissions() {
        return directions.stream().mapToLong(Direction::retransmissions).sum();
    }

    /** The running counts behind a trace. */
    static final class Tally {
        private static final int PACKETS = 0;
        private static final int BYTES = 1;
        private static final int PAYLOAD = 2;
        private static final int RETRANSMISSIONS = 3;
        private static final int LOST = 4;
        private static final int DUPLICATED = 5;
        private static final int CORRUPTED = 6;
        private static final int DELIVERED = 7;
        private static final int DROPPED = 8;

        private final List<String[]> names = new ArrayList<>(2);
        private final List<long[]> counts = new ArrayList<>(2);
        private long events;
        private long transitions;
        /** The last transmission: the wire's entries about it follow it at once. */
        private long lastNumber = -1;
        private long[] lastRow;

        void count(TraceEntry e) {
            switch (e) {
                case TraceEntry.Sent s -> {
                    long[] r = row(s.from(), s.to());
                    r[PACKETS]++;
                    r[BYTES] += s.bytes().length;
                    r[PAYLOAD] += s.segment().payload().length();
                    if (s.retransmission()) {
                        r[RETRANSMISSIONS]++;
                    }
                    lastNumber = s.number();
                    lastRow = r;
                }
                case TraceEntry.Link l -> {
                    if (l.number() == lastNumber) {
                        switch (l.fate()) {
                            case LOST, TOO_BIG -> lastRow[LOST]++;
                            case DUPLICATED -> lastRow[DUPLICATED]++;
                            case CORRUPTED -> lastRow[CORRUPTED]++;
                            default -> {
                            }
                        }
                    }
                }
                case TraceEntry.Delivered d -> toward(d.to())[DELIVERED]++;
                case TraceEntry.Dropped d -> toward(d.to())[DROPPED]++;
                case TraceEntry.Endpoint ep -> {
                    events++;
                    if (ep.event().transition()) {
                        transitions++;
                    }
                }
                default -> {
                }
            }
        }

        private long[] row(String from, String to) {
            for (int i = 0; i < names.size(); i++) {
                String[] n = names.get(i);
                if (n[0].equals(from) && n[1].equals(to)) {
                    return counts.get(i);
                }
            }
            names.add(new String[] {from, to});
            long[] r = new long[DROPPED + 1];
            counts.add(r);
            return r;
        }

        /** The row of the direction toward {@code to} (the first one seen), made when there is none. */
        private long[] toward(String to) {
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i)[1].equals(to)) {
                    return counts.get(i);
                }
            }
            return row("?", to);
        }

        TraceCounters snapshot(long entries) {
            List<Direction> out = new ArrayList<>(names.size());
            for (int i = 0; i < names.size(); i++) {
                String[] n = names.get(i);
                long[] r = counts.get(i);
                out.add(new Direction(n[0], n[1], r[PACKETS], r[BYTES], r[PAYLOAD], r[RETRANSMISSIONS], r[LOST],
                        r[DUPLICATED], r[CORRUPTED], r[DELIVERED], r[DROPPED]));
            }
            return new TraceCounters(entries, events, transitions, out);
        }
    }
}
