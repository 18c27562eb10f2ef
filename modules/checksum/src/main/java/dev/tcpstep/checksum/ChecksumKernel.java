package dev.tcpstep.checksum;

import dev.tcpstep.checksum.internal.ScalarKernel;
import dev.tcpstep.checksum.internal.VectorSupport;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * One way of computing the 16-bit ones'-complement sum of a byte range.
 *
 * <p>All kernels give the same answer for every input; they differ only in speed.
 * The sum returned is folded to 16 bits (end-around carries added back) but not
 * complemented: {@code 0x0000..0xFFFF}. A range of odd length is summed as if it
 * were padded with one zero byte (RFC 1071 §4.1).
 *
 * <p>{@link #best()} is what {@link InternetChecksum} uses: the Vector API kernel
 * when the application resolved {@code jdk.incubator.vector}
 * ({@code --add-modules jdk.incubator.vector}), the scalar kernel otherwise.
 */
public sealed interface ChecksumKernel permits ScalarKernel, VectorSupport.Kernel {

    /**
     * The folded 16-bit sum of {@code length} bytes of {@code bytes} from {@code offset}.
     *
     * @param bytes  the data
     * @param offset index of the first byte summed
     * @param length how many bytes to sum; an odd count is padded with one zero byte
     * @return the folded, uncomplemented sum, {@code 0x0000..0xFFFF}
     */
    int sum(byte[] bytes, int offset, int length);

    /**
     * The folded sum of the buffer's remaining bytes (position to limit). The buffer's
     * position, limit and byte order are left as they were.
     *
     * @param buffer the data, heap or direct
     * @return the folded, uncomplemented sum, {@code 0x0000..0xFFFF}
     */
    int sum(ByteBuffer buffer);

    /** {@return a short name for reports: {@code scalar} or {@code vector}} */
    String name();

    /** {@return the long-wise scalar kernel; always available} */
    static ChecksumKernel scalar() {
        return ScalarKernel.INSTANCE;
    }

    /** {@return the Vector API kernel, present only when {@code jdk.incubator.vector} is resolved} */
    static Optional<ChecksumKernel> vector() {
        return VectorSupport.kernel();
    }

    /** {@return the fastest kernel this JVM offers} */
    static ChecksumKernel best() {
        return VectorSupport.BEST;
    }
}
