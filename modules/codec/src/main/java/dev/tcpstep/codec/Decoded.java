package dev.tcpstep.codec;

import java.util.List;
import java.util.Objects;

/**
 * What lenient decoding made of a packet: the segment as far as it could be decoded and
 * every anomaly met on the way (empty for a packet strict decoding accepts).
 */
public record Decoded(Segment segment, List<Anomaly> anomalies) {
    public Decoded {
        Objects.requireNonNull(segment, "segment");
        anomalies = List.copyOf(anomalies);
    }

    public boolean clean() {
        return anomalies.isEmpty();
    }
}
