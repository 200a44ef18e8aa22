package io.meshgate.kernel.loop;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters of one event loop's {@link LoopShares share}, indexed by an enum's ordinal: written only by that
 * loop (a plain read and a release store, no atomic read-modify-write), read by any thread with an acquire
 * load, so a reader sees a recent value without a lock.
 */
public final class EventCounts {
    private final AtomicLongArray counts;

    public EventCounts(int size) {
        this.counts = new AtomicLongArray(size);
    }

    /** Adds one at {@code index}; only the owning loop calls this. */
    public void increment(int index) {
        counts.setRelease(index, counts.getPlain(index) + 1);
    }

    /** Adds {@code delta} (may be negative) at {@code index}; only the owning loop calls this. */
    public void add(int index, long delta) {
        counts.setRelease(index, counts.getPlain(index) + delta);
    }

    /** Sets {@code index}; only the owning loop calls this. */
    public void set(int index, long value) {
        counts.setRelease(index, value);
    }

    /** The value at {@code index}, from any thread. */
    public long get(int index) {
        return counts.getAcquire(index);
    }

    /** The sum at {@code index} over every share's counts. */
    public static <S> long sum(Iterable<S> shares, java.util.function.Function<S, EventCounts> counts, int index) {
        long total = 0;
        for (S share : shares) {
            total += counts.apply(share).get(index);
        }
        return total;
    }
}
