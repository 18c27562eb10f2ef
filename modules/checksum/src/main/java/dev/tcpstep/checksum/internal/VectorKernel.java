package dev.tcpstep.checksum.internal;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Ones'-complement sum with the Vector API.
 *
 * <p>Bytes are loaded as a byte vector and reinterpreted as 32-bit lanes in native
 * (little-endian) order, so each lane {@code v} holds two 16-bit words: {@code v = hi ×
 * 65536 + lo}. Per lane the kernel keeps two accumulators: the wrapping sum of the
 * {@code v}s and the exact sum of the {@code hi}s. Because the sum of the {@code lo}s stays
 * below 2^31 within a block, it is recovered exactly as {@code Σv − (Σhi << 16)} modulo
 * 2^32 — one shift and two adds per vector instead of a mask, a shift and two adds. Lanes
 * are folded (end-around carry, which keeps the value modulo 0xFFFF) before the final
 * reduction so it cannot overflow. The tail shorter than a vector is a masked load: the
 * bytes past the end read as zero, which is exactly RFC 1071's padding of an odd byte.
 * The byte-swap at the end is the scalar kernel's (RFC 1071 §2(B)).
 *
 * <p>Loaded reflectively by {@link VectorSupport} only when the module is resolved.
 */
final class VectorKernel extends VectorSupport.Kernel {
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Byte> BYTES =
            ByteVector.SPECIES_PREFERRED.withShape(INTS.vectorShape());
    private static final int STEP = BYTES.length();
    /** Double steps per block: a lane then holds at most 2 × 8192 + 2 words' low halves, < 2^31. */
    private static final int BLOCK = 8192;

    VectorKernel() {
        if (STEP < 16) {
            throw new UnsupportedOperationException("vector shape too small: " + STEP + " bytes");
        }
    }

    @Override
    public int sum(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length < STEP) {
            // Shorter than one vector: the masked load costs more than the scalar loop.
            return ScalarKernel.INSTANCE.sum(bytes, offset, length);
        }
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
        do {
            IntVector sumV0 = IntVector.zero(INTS);
            IntVector sumV1 = IntVector.zero(INTS);
            IntVector sumHi0 = IntVector.zero(INTS);
            IntVector sumHi1 = IntVector.zero(INTS);
            int blockEnd = i + Math.min((end - i) / twoSteps, BLOCK) * twoSteps;
            int fourSteps = 2 * twoSteps;
            IntVector sumV2 = IntVector.zero(INTS);
            IntVector sumV3 = IntVector.zero(INTS);
            IntVector sumHi2 = IntVector.zero(INTS);
            IntVector sumHi3 = IntVector.zero(INTS);
            for (; i + fourSteps <= blockEnd; i += fourSteps) {
                IntVector v0 = ByteVector.fromArray(BYTES, b, i).reinterpretAsInts();
                IntVector v1 = ByteVector.fromArray(BYTES, b, i + STEP).reinterpretAsInts();
                IntVector v2 = ByteVector.fromArray(BYTES, b, i + 2 * STEP).reinterpretAsInts();
                IntVector v3 = ByteVector.fromArray(BYTES, b, i + 3 * STEP).reinterpretAsInts();
                sumV0 = sumV0.add(v0);
                sumV1 = sumV1.add(v1);
                sumV2 = sumV2.add(v2);
                sumV3 = sumV3.add(v3);
                sumHi0 = sumHi0.add(v0.lanewise(VectorOperators.LSHR, 16));
                sumHi1 = sumHi1.add(v1.lanewise(VectorOperators.LSHR, 16));
                sumHi2 = sumHi2.add(v2.lanewise(VectorOperators.LSHR, 16));
                sumHi3 = sumHi3.add(v3.lanewise(VectorOperators.LSHR, 16));
            }
            sumV0 = sumV0.add(sumV2);
            sumV1 = sumV1.add(sumV3);
            sumHi0 = sumHi0.add(sumHi2);
            sumHi1 = sumHi1.add(sumHi3);
            for (; i < blockEnd; i += twoSteps) {
                IntVector v0 = ByteVector.fromArray(BYTES, b, i).reinterpretAsInts();
                IntVector v1 = ByteVector.fromArray(BYTES, b, i + STEP).reinterpretAsInts();
                sumV0 = sumV0.add(v0);
                sumV1 = sumV1.add(v1);
                sumHi0 = sumHi0.add(v0.lanewise(VectorOperators.LSHR, 16));
                sumHi1 = sumHi1.add(v1.lanewise(VectorOperators.LSHR, 16));
            }
            if (end - i < twoSteps) {
                // The last block also takes one more whole vector and the masked tail.
                if (end - i >= STEP) {
                    IntVector v = ByteVector.fromArray(BYTES, b, i).reinterpretAsInts();
                    sumV0 = sumV0.add(v);
                    sumHi0 = sumHi0.add(v.lanewise(VectorOperators.LSHR, 16));
                    i += STEP;
                }
                if (i < end) {
                    IntVector v = ByteVector.fromArray(BYTES, b, i, BYTES.indexInRange(i, end)).reinterpretAsInts();
                    sumV1 = sumV1.add(v);
                    sumHi1 = sumHi1.add(v.lanewise(VectorOperators.LSHR, 16));
                    i = end;
                }
            }
            total += drain(sumV0.add(sumV1), sumHi0.add(sumHi1));
        } while (i < end);
        return total;
    }

    /**
     * Folds one block's lane accumulators into a long. Per lane: the words' sum is
     * {@code lo + hi} with {@code lo = Σv − (Σhi << 16)} (exact modulo 2^32, and below 2^31);
     * the end-around fold of each lane keeps it congruent modulo 0xFFFF and small enough
     * that the lane reduction cannot overflow.
     */
    private static long drain(IntVector sumV, IntVector sumHi) {
        IntVector lo = sumV.sub(sumHi.lanewise(VectorOperators.LSHL, 16));
        IntVector words = lo.add(sumHi); // < 2^32, read as unsigned below
        IntVector folded = words.and(0xFFFF).add(words.lanewise(VectorOperators.LSHR, 16));
        return folded.reduceLanes(VectorOperators.ADD);
    }
}
