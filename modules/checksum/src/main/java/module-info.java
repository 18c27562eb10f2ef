/**
 * The internet checksum (RFC 1071) as TCP uses it: ones'-complement sums over
 * byte arrays and buffers, the IPv4 and IPv6 pseudo-headers, verification, the
 * RFC 1624 incremental update and a step-by-step account for teaching.
 *
 * <p>The Vector API kernel is used only when the application resolves
 * {@code jdk.incubator.vector} itself ({@code --add-modules jdk.incubator.vector});
 * otherwise the scalar long-wise kernel runs and no incubator warning appears.
 */
module dev.tcpstep.checksum {
    requires static jdk.incubator.vector;

    exports dev.tcpstep.checksum;
}
