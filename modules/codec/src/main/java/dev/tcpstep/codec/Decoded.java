package dev.tcpstep.codec;

import java.util.List;
import java.util.Objects;

/**
 * What lenient decoding made of a packet: the segment as far as it could be decoded and
 * every anomaly met on the way (empty for a packet strict decoding accepts).
 *
 * @param segment   the segment as far as it could be decoded
 * @param anomalies what was wrong, in the order met
 */
public record Decoded(Segment segment, List<Anomaly> anomalies) {
    /** Copies the anomalies. */
    public Decoded {
        Objects.requireNonNull(segment, "segment");
        anomalies = List.copyOf(anomalies);
    }

    /** {@return true when nothing was wrong: strict decoding would accept the packet} */
    public boolean clean() {
        return anomalies.isEmpty();
    }
}
