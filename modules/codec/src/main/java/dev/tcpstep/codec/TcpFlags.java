package dev.tcpstep.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * The eight TCP control bits of RFC 9293 §3.1 (with CWR and ECE from RFC 3168), as a
 * value. The four reserved bits in front of them are not flags: {@link Segment#reserved()}
 * keeps them.
 *
 * @param bits the eight bits, 0..255, CWR in the high bit and FIN in the low one
 */
public record TcpFlags(int bits) {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    public static final TcpFlags NONE = new TcpFlags(0);

    /** Names in the order JSON and text forms list them. */
    private static final String[] NAMES = {"CWR", "ECE", "URG", "ACK", "PSH", "RST", "SYN", "FIN"};
    private static final int[] BITS = {CWR, ECE, URG, ACK, PSH, RST, SYN, FIN};

    /**
     * Checks the bits' range.
     *
     * @throws IllegalArgumentException if {@code bits} is not 0..255
     */
    public TcpFlags {
        if ((bits & ~0xFF) != 0) {
            throw new IllegalArgumentException("flag bits 0x" + Integer.toHexString(bits) + " (expected: 0x00..0xff)");
        }
    }

    private static final TcpFlags[] CACHE = new TcpFlags[256];

    static {
        for (int i = 0; i < CACHE.length; i++) {
            CACHE[i] = new TcpFlags(i);
        }
    }

    /**
     * The value for these bits (one shared instance per combination).
     *
     * @param bits the bit constants or-ed together, 0..255
     * @return the flags
     * @throws IllegalArgumentException if {@code bits} is not 0..255
     */
    public static TcpFlags of(int bits) {
        if ((bits & ~0xFF) != 0) {
            throw new IllegalArgumentException("flag bits 0x" + Integer.toHexString(bits) + " (expected: 0x00..0xff)");
        }
        return CACHE[bits];
    }

    /**
     * Whether bits are set.
     *
     * @param flag one or more bit constants or-ed together
     * @return true when all of them are set
     */
    public boolean has(int flag) {
        return (bits & flag) == flag;
    }

    /** {@return true when SYN is set} */
    public boolean syn() { return has(SYN); }
    /** {@return true when ACK is set} */
    public boolean ack() { return has(ACK); }
    /** {@return true when FIN is set} */
    public boolean fin() { return has(FIN); }
    /** {@return true when RST is set} */
    public boolean rst() { return has(RST); }
    /** {@return true when PSH is set} */
    public boolean psh() { return has(PSH); }
    /** {@return true when URG is set} */
    public boolean urg() { return has(URG); }

    /**
     * These flags with more set.
     *
     * @param flag the bits to set
     * @return the flags with them set
     */
    public TcpFlags with(int flag) {
        return new TcpFlags(bits | flag);
    }

    /**
     * These flags with some cleared.
     *
     * @param flag the bits to clear
     * @return the flags with them cleared
     */
    public TcpFlags without(int flag) {
        return new TcpFlags(bits & ~flag);
    }

    /** {@return the flag names in the order CWR ECE URG ACK PSH RST SYN FIN, e.g. {@code [ACK, SYN]}} */
    public List<String> names() {
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < BITS.length; i++) {
            if (has(BITS[i])) {
                out.add(NAMES[i]);
            }
        }
        return out;
    }

    /**
     * tcpdump's spelling: {@code F} FIN, {@code S} SYN, {@code R} RST, {@code P} PSH,
     * {@code .} ACK, {@code U} URG, {@code E} ECE, {@code W} CWR, in that order (tcpdump's
     * {@code tcp_flag_values} table order); {@code none} when no flag is set. E.g. {@code S.}
     * for SYN,ACK, {@code FP.} for FIN,PSH,ACK, {@code .U} for ACK,URG.
     *
     * @return the flags as tcpdump prints them
     */
    public String tcpdump() {
        StringBuilder sb = new StringBuilder(4);
        if (has(FIN)) sb.append('F');
        if (has(SYN)) sb.append('S');
        if (has(RST)) sb.append('R');
        if (has(PSH)) sb.append('P');
        if (has(ACK)) sb.append('.');
        if (has(URG)) sb.append('U');
        if (has(ECE)) sb.append('E');
        if (has(CWR)) sb.append('W');
        return sb.isEmpty() ? "none" : sb.toString();
    }

    private static final String[] SPOKEN_NAMES = {"SYN", "FIN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
    private static final int[] SPOKEN_BITS = {SYN, FIN, RST, PSH, ACK, URG, ECE, CWR};

    /**
     * Names joined with commas in the order people say them: SYN FIN RST PSH ACK URG ECE
     * CWR, e.g. {@code SYN,ACK}, {@code FIN,ACK}, {@code RST,ACK}; {@code none} when empty.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < SPOKEN_BITS.length; i++) {
            if (has(SPOKEN_BITS[i])) {
                if (!sb.isEmpty()) {
                    sb.append(',');
                }
                sb.append(SPOKEN_NAMES[i]);
            }
        }
        return sb.isEmpty() ? "none" : sb.toString();
    }
}
