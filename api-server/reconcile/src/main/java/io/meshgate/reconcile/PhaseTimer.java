package io.meshgate.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Where one reconcile pass spent its time, phase by phase, for a DEBUG line per pass: the
 * apply-to-served latency of a change is the sum of these plus the proxy's fetch and apply, and
 * this is how to tell which one grows with the number of resources. A phase named twice adds up.
 * Not thread-safe: one pass owns it.
 */
public final class PhaseTimer {
    private final LongSupplier nanoClock;
    private final List<String> names = new ArrayList<>();
    private final List<Long> nanos = new ArrayList<>();
    private long mark;

    /** A timer on {@link System#nanoTime()}, started now. */
    public PhaseTimer() {
        this(System::nanoTime);
    }

    /** A timer on {@code nanoClock} (tests pass a fake one), started now. */
    public PhaseTimer(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.mark = nanoClock.getAsLong();
    }

    /** Ends the current phase, charging the time since the previous end (or the start) to {@code name}. */
    public void end(String name) {
        long now = nanoClock.getAsLong();
        long took = now - mark;
        mark = now;
        int at = names.indexOf(name);
        if (at >= 0) {
            nanos.set(at, nanos.get(at) + took);
        } else {
            names.add(name);
            nanos.add(took);
        }
    }

    /** The phases in the order first ended, as {@code name 12.3 ms, ...}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(names.get(i)).append(' ').append(String.format(java.util.Locale.ROOT, "%.1f ms", nanos.get(i) / 1e6));
        }
        return out.toString();
    }
}
