package dev.tcpstep.statemachine.internal;

import dev.tcpstep.codec.Payload;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The receive side's bytes: in-order data not yet read by the user, and out-of-order
 * segments held for later (RFC 9293 §3.10.7.4, SHLD-31). Out-of-order data is keyed by
 * its absolute offset in the stream (a 64-bit count from IRS+1, so no wrap-around here).
 */
public final class ReceiveQueue {
    private ArrayDeque<Payload> ready; // made on the first in-order data: an idle connection has none
    private int readyOffset;
    private long readyBytes;
    private TreeMap<Long, Payload> ooo;
    private long oooFin = -1;
    private long lastOoo = -1;

    public long readyBytes() {
        return readyBytes;
    }

    public void deliver(Payload p) {
        if (!p.isEmpty()) {
            if (ready == null) {
                ready = new ArrayDeque<>(4);
            }
            ready.addLast(p);
            readyBytes += p.length();
        }
    }

    /** Up to {@code max} in-order bytes, removed from the queue. */
    public Payload read(int max) {
        int n = (int) Math.min(max, readyBytes);
        if (n == 0) {
            return Payload.EMPTY;
        }
        Payload first = ready.peekFirst();
        if (first.length() - readyOffset >= n) {
            Payload out = first.slice(readyOffset, readyOffset + n);
            consume(n);
            return out;
        }
        byte[] b = new byte[n];
        int done = 0;
        while (done < n) {
            Payload c = ready.peekFirst();
            int k = Math.min(n - done, c.length() - readyOffset);
            c.slice(readyOffset, readyOffset + k).copyTo(b, done);
            done += k;
            consume(k);
        }
        return Payload.wrapOwned(b);
    }

    private void consume(int n) {
        readyBytes -= n;
        int left = n;
        while (left > 0) {
            Payload c = ready.peekFirst();
            int rest = c.length() - readyOffset;
            if (left >= rest) {
                ready.removeFirst();
                left -= rest;
                readyOffset = 0;
            } else {
                readyOffset += left;
                left = 0;
            }
        }
    }

    public boolean hasOutOfOrder() {
        return (ooo != null && !ooo.isEmpty()) || oooFin >= 0;
    }

    /** Holds data that begins at stream offset {@code at} (beyond RCV.NXT); {@code fin} if a FIN follows it. */
    public void hold(long at, Payload p, boolean fin) {
        if (!p.isEmpty()) {
            if (ooo == null) {
                ooo = new TreeMap<>();
            }
            Payload old = ooo.get(at);
            if (old == null || old.length() < p.length()) {
                ooo.put(at, p);
            }
            lastOoo = at;
        }
        if (fin) {
            oooFin = at + p.length();
        }
    }

    /**
     * Moves held data that now begins at or before {@code next} (RCV.NXT as a stream offset)
     * to the ready queue; returns the new RCV.NXT offset. Overlaps are trimmed.
     */
    public long reassemble(long next) {
        if (ooo == null) {
            return next;
        }
        Map.Entry<Long, Payload> e;
        while ((e = ooo.firstEntry()) != null && e.getKey() <= next) {
            ooo.pollFirstEntry();
            long end = e.getKey() + e.getValue().length();
            if (end > next) {
                deliver(e.getValue().slice((int) (next - e.getKey()), e.getValue().length()));
                next = end;
            }
        }
        return next;
    }

    /** True when a held FIN sits exactly at {@code next}; clears it. */
    public boolean takeFin(long next) {
        if (oooFin >= 0 && oooFin == next) {
            oooFin = -1;
            return true;
        }
        return false;
    }

    /** Held ranges merged, as [start, end) stream offsets, the most recent first (RFC 2018 §4). */
    public List<long[]> heldRanges(int max) {
        List<long[]> merged = new ArrayList<>();
        long s = -1;
        long t = -1;
        if (ooo == null) {
            return merged;
        }
        for (Map.Entry<Long, Payload> e : ooo.entrySet()) {
            long a = e.getKey();
            long b = a + e.getValue().length();
            if (s >= 0 && a <= t) {
                t = Math.max(t, b);
            } else {
                if (s >= 0) {
                    merged.add(new long[] {s, t});
                }
                s = a;
                t = b;
            }
        }
        if (s >= 0) {
            merged.add(new long[] {s, t});
        }
        for (int i = 0; i < merged.size(); i++) {
            long[] r = merged.get(i);
            if (lastOoo >= r[0] && lastOoo < r[1]) {
                merged.remove(i);
                merged.add(0, r);
                break;
            }
        }
        return merged.size() > max ? merged.subList(0, max) : merged;
    }

    public void clear() {
        ready = null;
        readyBytes = 0;
        readyOffset = 0;
        ooo = null;
        oooFin = -1;
    }
}
