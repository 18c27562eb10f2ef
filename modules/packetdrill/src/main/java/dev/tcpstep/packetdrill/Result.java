package dev.tcpstep.packetdrill;

import java.util.List;

/**
 * The verdict on one script: passed, failed (with packetdrill-style text such as
 * {@code handshake.pkt:12: expected ack 1001, got ack 1}) or skipped (with why tcpstep
 * could not run it), plus notes on what was run approximately (a sysctl without a
 * Profile knob, an option ignored).
 */
public record Result(String script, Outcome outcome, String message, List<String> notes) {
    public Result {
        notes = List.copyOf(notes);
    }

    /** What a run came to. */
    public enum Outcome {
        PASSED, FAILED, SKIPPED
    }

    /** {@code PASS handshake.pkt}, {@code FAIL handshake.pkt:12: expected ...}, {@code SKIP x.pkt: reason}. */
    public String line() {
        return switch (outcome) {
            case PASSED -> "PASS " + script;
            case FAILED -> "FAIL " + message;
            case SKIPPED -> "SKIP " + message;
        };
    }
}
