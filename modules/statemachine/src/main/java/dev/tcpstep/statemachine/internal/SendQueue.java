package dev.tcpstep.statemachine.internal;

import dev.tcpstep.codec.Payload;

import java.util.ArrayList;
import java.util.List;

/**
 * The send side's bytes from SND.UNA on: sent-but-unacknowledged (the retransmission
 * queue of RFC 9293 §3.10.7.4) followed by not-yet-sent user data. Held as the user's
 * payloads, so a segment that falls inside one SEND is a zero-copy slice.
 */
public final class SendQueue {
    private Payload[] chunks; // made on the first append: an idle connection has none
    private int head;
    private int count;
    /** Bytes already dropped from the first chunk. */
    private int headOffset;
    private long length;

    public long length() {
        return length;
    }

    public void append(Payload p) {
        if (p.isEmpty()) {
            return;
        }
        if (chunks == null) {
            chunks = new Payload[2];
        } else if (count == chunks.length) {
            Payload[] n = new Payload[chunks.length * 2];
            for (int i = 0; i < count; i++) {
                n[i] = chunks[(head + i) % chunks.length];
            }
            chunks = n;
            head = 0;
        }
        chunks[(head + count) % chunks.length] = p;
        count++;
        length += p.length();
    }

    /** {@code len} bytes starting {@code offset} bytes into the queue. */
    public Payload read(long offset, int len) {
        if (len == 0) {
            return Payload.EMPTY;
        }
        if (offset < 0 || offset + len > length) {
            throw new IndexOutOfBoundsException("read " + len + " at " + offset + " of " + length);
        }
        long skip = offset + headOffset;
        int i = 0;
        Payload c = chunks[head];
        while (skip >= c.length()) {
            skip -= c.length();
            i++;
            c = chunks[(head + i) % chunks.length];
        }
        int from = (int) skip;
        if (from + len <= c.length()) {
            return c.slice(from, from + len);
        }
        byte[] out = new byte[len];
        int done = 0;
        while (done < len) {
            int n = Math.min(len - done, c.length() - from);
            c.slice(from, from + n).copyTo(out, done);
            done += n;
            from = 0;
            i++;
            if (done < len) {
                c = chunks[(head + i) % chunks.length];
            }
        }
        return Payload.wrapOwned(out);
    }

    /** Removes {@code n} bytes from the front (they were acknowledged). */
    public void drop(long n) {
        if (n < 0 || n > length) {
            throw new IndexOutOfBoundsException("drop " + n + " of " + length);
        }
        length -= n;
        long left = n;
        while (left > 0) {
            Payload c = chunks[head];
            int rest = c.length() - headOffset;
            if (left >= rest) {
                left -= rest;
                chunks[head] = null;
                head = (head + 1) % chunks.length;
                count--;
                headOffset = 0;
            } else {
                headOffset += (int) left;
                left = 0;
            }
        }
    }

    /** Inserts {@code p} {@code offset} bytes into the queue (a hand-crafted segment sent ahead of queued data). */
    public void insert(long offset, Payload p) {
        if (offset == length) {
            append(p);
            return;
        }
        Payload before = read(0, (int) offset);
        Payload after = read(offset, (int) (length - offset));
        clear();
        append(before);
        append(p);
        append(after);
    }

    public void clear() {
        for (int i = 0; i < count; i++) {
            chunks[(head + i) % chunks.length] = null;
        }
        head = 0;
        count = 0;
        headOffset = 0;
        length = 0;
    }

    /** A copy of every byte (for tests and display). */
    public List<Payload> snapshot() {
        List<Payload> out = new ArrayList<>();
        if (length > 0) {
            out.add(read(0, (int) length));
        }
        return out;
    }
}
