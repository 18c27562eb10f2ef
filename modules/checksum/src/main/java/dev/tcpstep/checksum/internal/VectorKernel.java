package dev.tcpstep.checksum.internal;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Ones'-complement sum with the Vector API. Bytes are loaded as a byte vector and
 * reinterpreted as 32-bit lanes in native (little-endian) order; each lane is split into
 * its two 16-bit words, which are added into 32-bit lane accumulators. A lane grows by at
 * most 2 × 0xFFFF per step, so the accumulators are drained every {@link #BLOCK} steps,
 * long before they could overflow. The byte-swap at the end is the same as the scalar
 * kernel's (RFC 1071 §2(B)).
 *
 * <p>Loaded reflectively by {@link VectorSupport} only when the module is resolved.
 */
final class VectorKernel extends VectorSupport.Kernel {
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Byte> BYTES =
            ByteVector.SPECIES_PREFERRED.withShape(INTS.vectorShape());
    private static final int STEP = BYTES.length();
    /** Steps between drains: 2 accumulators × 2 words × 0xFFFF × 8192 < 2^31. */
    private static final int BLOCK = 8192;

    VectorKernel() {
        if (STEP < 16) {
            throw new UnsupportedOperationException("vector shape too small: " + STEP + " bytes");
        }
    }

    @Override
    public int sum(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return ScalarKernel.swap16(ScalarKernel.fold(sumLittleEndian(bytes, offset, length)));
    }

    @Override
    public int sum(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            return sum(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
        }
        // Release 21 has no preview-free way to load a vector from a direct buffer.
        return ScalarKernel.INSTANCE.sum(buffer);
    }

    @Override
    public String name() {
        return "vector";
    }

    private static long sumLittleEndian(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        long total = 0;
        int twoSteps = 2 * STEP;
        while (end - i >= twoSteps) {
            IntVector acc0 = IntVector.zero(INTS);
            IntVector acc1 = IntVector.zero(INTS);
            int blockEnd = i + Math.min((end - i) / twoSteps, BLOCK) * twoSteps;
            for (; i < blockEnd; i += twoSteps) {
                IntVector v0 = ByteVector.fromArray(BYTES, b, i).reinterpretAsInts();
                IntVector v1 = ByteVector.fromArray(BYTES, b, i + STEP).reinterpretAsInts();
                acc0 = acc0.add(v0.and(0xFFFF)).add(v0.lanewise(VectorOperators.LSHR, 16));
                acc1 = acc1.add(v1.and(0xFFFF)).add(v1.lanewise(VectorOperators.LSHR, 16));
            }
            total += drain(acc0) + drain(acc1);
        }
        return total + ScalarKernel.sumLittleEndian(b, i, end - i);
    }

    private static long drain(IntVector acc) {
        // Lanes may use all 32 bits: split them so the lane-sum cannot overflow an int.
        long lo = acc.and(0xFFFF).reduceLanes(VectorOperators.ADD);
        long hi = acc.lanewise(VectorOperators.LSHR, 16).reduceLanes(VectorOperators.ADD);
        return lo + (hi << 16);
    }
}
