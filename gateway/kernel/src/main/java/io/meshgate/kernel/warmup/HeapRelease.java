package io.meshgate.kernel.warmup;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Optional;

/**
 * Gives back the heap a warm-up grew. Its synthetic traffic allocates as fast as the steady state does, so the
 * collector grows the heap for it, and a generational heap shrinks only after full collections, in steps (none on
 * the first, all of it by the fourth: HotSpot's {@code ShrinkHeapInSteps}, meant for programs that run phases
 * again). A warm-up is a phase that does not come back: measured in {@code meshgate proxy} (serial collector),
 * the heap stayed at 110 MiB committed after a 20 s warm-up against 10 MiB without one. This runs those full
 * collections with the heap's free-ratio bounds lowered for the time being (they are manageable flags; the old
 * values come back afterwards, so the steady state sizes the heap as configured). Takes some tens of
 * milliseconds before the first listener opens; a JVM that ignores {@code System.gc()} (e.g.
 * {@code -XX:+DisableExplicitGC}) keeps its heap.
 */
public final class HeapRelease {
    /** The serial and parallel collectors shrink fully by the fourth full collection in a row. */
    private static final int FULL_COLLECTIONS = 4;
    private static final String MIN_FREE = "MinHeapFreeRatio";
    private static final String MAX_FREE = "MaxHeapFreeRatio";
    /** Free ratios while releasing: a heap at most 30 % free after a collection. */
    private static final int RELEASE_MIN_FREE = 10;
    private static final int RELEASE_MAX_FREE = 30;

    private HeapRelease() {
    }

    /**
     * Collects and shrinks; returns the heap's committed bytes before and after. Does nothing under the parallel
     * collector, whose size policy does not run on an explicit collection ({@code UseAdaptiveSizePolicyWithSystemGC}
     * is off by default): four full collections there would cost time and give nothing back.
     */
    public static Committed release() {
        long before = committed();
        if (parallelCollector()) {
            return new Committed(before, before);
        }
        HotSpotDiagnosticMXBean hotspot = hotspot().orElse(null);
        int oldMin = hotspot == null ? -1 : writableValue(hotspot, MIN_FREE);
        int oldMax = hotspot == null ? -1 : writableValue(hotspot, MAX_FREE);
        boolean lower = oldMin >= 0 && oldMax > RELEASE_MAX_FREE;
        try {
            if (lower) {
                // min before max: the JVM refuses a max below the current min, and a min above the current max
                set(hotspot, MIN_FREE, Math.min(RELEASE_MIN_FREE, oldMin));
                set(hotspot, MAX_FREE, RELEASE_MAX_FREE);
            }
            for (int i = 0; i < FULL_COLLECTIONS; i++) {
                System.gc();
            }
        } finally {
            if (lower) {
                set(hotspot, MAX_FREE, oldMax);
                set(hotspot, MIN_FREE, oldMin);
            }
        }
        return new Committed(before, committed());
    }

    /** The heap's committed bytes before and after a release. */
    public record Committed(long before, long after) {
    }

    private static boolean parallelCollector() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().anyMatch(gc -> gc.getName().startsWith("PS "));
    }

    private static long committed() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getCommitted();
    }

    private static Optional<HotSpotDiagnosticMXBean> hotspot() {
        try {
            return Optional.ofNullable(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class));
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty(); // not HotSpot: collect without lowering the bounds
        }
    }

    /** The flag's value when it can be changed at run time, else -1. */
    private static int writableValue(HotSpotDiagnosticMXBean hotspot, String flag) {
        try {
            VMOption option = hotspot.getVMOption(flag);
            return option.isWriteable() ? Integer.parseInt(option.getValue()) : -1;
        } catch (IllegalArgumentException e) { // unknown flag; NumberFormatException is one too
            return -1;
        }
    }

    private static void set(HotSpotDiagnosticMXBean hotspot, String flag, int value) {
        try {
            hotspot.setVMOption(flag, Integer.toString(value));
        } catch (IllegalArgumentException e) {
            // an inconsistent pair (e.g. set from the command line at the bounds): leave it as the JVM has it
        }
    }
}
