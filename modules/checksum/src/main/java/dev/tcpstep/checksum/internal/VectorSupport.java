package dev.tcpstep.checksum.internal;

import dev.tcpstep.checksum.ChecksumKernel;

import java.util.Optional;

/**
 * Finds the Vector API kernel without touching {@code jdk.incubator.vector} unless the
 * application resolved it: the module is {@code requires static}, so a JVM started
 * without {@code --add-modules jdk.incubator.vector} never loads the kernel class and
 * prints no incubator warning.
 */
public final class VectorSupport {
    /** Implemented only by {@link VectorKernel}; lets {@link ChecksumKernel} stay sealed. */
    public abstract static non-sealed class Kernel implements ChecksumKernel {
    }

    private static final Optional<ChecksumKernel> VECTOR = load();
    public static final ChecksumKernel BEST = VECTOR.orElse(ScalarKernel.INSTANCE);

    private VectorSupport() {
    }

    public static Optional<ChecksumKernel> kernel() {
        return VECTOR;
    }

    private static Optional<ChecksumKernel> load() {
        if (Boolean.getBoolean("tcpstep.checksum.noVector")) {
            return Optional.empty();
        }
        Module self = VectorSupport.class.getModule();
        boolean resolved = self.isNamed()
                ? self.getLayer() != null && self.getLayer().findModule("jdk.incubator.vector").isPresent()
                : ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (!resolved) {
            return Optional.empty();
        }
        try {
            Class<?> c = Class.forName("dev.tcpstep.checksum.internal.VectorKernel");
            return Optional.of((ChecksumKernel) c.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            // The module is there but unusable (e.g. an unexpected JDK): the scalar kernel
            // gives the same answers.
            return Optional.empty();
        }
    }
}
