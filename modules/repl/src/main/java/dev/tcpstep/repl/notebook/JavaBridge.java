package dev.tcpstep.repl.notebook;

import dev.tcpstep.link.Simulation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * How a Java cell reaches the live session: the embedded JShell runs in this JVM (the
 * local engine) and, before each cell, sets its {@code sim} variable from
 * {@code JavaBridge.sim(id)}. The package is exported to the snippets' class loader
 * only, at run time, by {@link JavaCells}; nothing else sees it.
 */
public final class JavaBridge {
    private static final Map<Integer, Supplier<Simulation>> LIVE = new ConcurrentHashMap<>();
    private static final AtomicInteger IDS = new AtomicInteger();

    private JavaBridge() {
    }

    /** The live simulation of the shell whose JShell has this id (null once it closed). */
    public static Simulation sim(int id) {
        Supplier<Simulation> s = LIVE.get(id);
        return s == null ? null : s.get();
    }

    static int register(Supplier<Simulation> sim) {
        int id = IDS.incrementAndGet();
        LIVE.put(id, sim);
        return id;
    }

    static void unregister(int id) {
        LIVE.remove(id);
    }
}
