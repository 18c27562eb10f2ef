package dev.tcpstep.codec.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Big-endian (network order) reads and writes on byte arrays. */
public final class Wire {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private Wire() {
    }

    public static int u8(byte[] a, int i) {
        return a[i] & 0xFF;
    }

    public static int u16(byte[] a, int i) {
        return (short) SHORT.get(a, i) & 0xFFFF;
    }

    public static long u32(byte[] a, int i) {
        return (int) INT.get(a, i) & 0xFFFF_FFFFL;
    }

    public static void put8(byte[] a, int i, int v) {
        a[i] = (byte) v;
    }

    public static void put16(byte[] a, int i, int v) {
        SHORT.set(a, i, (short) v);
    }

    public static void put32(byte[] a, int i, long v) {
        INT.set(a, i, (int) v);
    }
}
