package io.meshgate.kernel.upstream;

import io.meshgate.config.CircuitBreaker;
import io.meshgate.kernel.loop.EventCounts;
import io.meshgate.kernel.loop.LoopShares;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state of one cluster's {@link CircuitBreaker} (FSM's client-side breaker): closed, it counts the
 * requests that completed in the current statistics window (all, slow, failed); when a threshold is reached
 * it opens for the degraded window, during which {@link #allows} says no; then it closes, with a fresh window.
 * There is no half-open state (FSM's sidecar has none): the first request after the degraded window goes
 * upstream as any other.
 *
 * <p>Hot path without locks or allocation: each event loop counts in its own {@link Window} (found through a
 * thread-local map; created on the loop's first request to the cluster), written only by that loop with
 * release stores. A completion sums the loops' windows (a few reads each) to check the thresholds; the
 * windows, the breaker's open deadline and the window start are shared through atomics, and only a trip or a
 * window's end writes them (compare-and-set, so one loop wins). The window is tumbling, as FSM's: it starts at
 * the first completion after the breaker closed (or was created) and restarts every {@code statTimeWindow}.
 *
 * <p>Times are {@link System#nanoTime()} values passed in by the caller (tests pass their own).
 */
public final class CircuitBreakerState {
    private static final System.Logger LOG = System.getLogger(CircuitBreakerState.class.getName());
    /** {@link #openUntil} while closed. */
    private static final long CLOSED = Long.MIN_VALUE;
    /** {@link #windowStart} before the first completion. */
    private static final long UNSTARTED = Long.MIN_VALUE;

    private final String cluster;
    private final CircuitBreaker config;
    private final long windowNanos;
    private final long degradedNanos;
    private final long slowNanos;
    private final LoopShares<Window> windows = new LoopShares<>(Window::new);
    private final AtomicLong windowStart = new AtomicLong(UNSTARTED);
    private final AtomicLong openUntil = new AtomicLong(CLOSED);
    /** The counts that opened the breaker last, for the close log line. */
    private volatile String lastTrip = "";

    public CircuitBreakerState(String cluster, CircuitBreaker config) {
        this.cluster = cluster;
        this.config = config;
        this.windowNanos = config.statTimeWindow().toNanos();
        this.degradedNanos = config.degradedTimeWindow().toNanos();
        this.slowNanos = config.slowTimeThreshold() == null ? Long.MAX_VALUE : config.slowTimeThreshold().toNanos();
    }

    public CircuitBreaker config() {
        return config;
    }

    /**
     * False while the breaker is open: answer the request locally ({@link CircuitBreaker#degradedStatusCode}).
     * The first call after the degraded window closes the breaker (and logs it).
     */
    public boolean allows(long nowNanos) {
        long until = openUntil.get();
        if (until == CLOSED) {
            return true;
        }
        if (nowNanos - until < 0) {
            return false;
        }
        if (openUntil.compareAndSet(until, CLOSED)) {
            LOG.log(System.Logger.Level.INFO, "[circuit_breaker] total/slowAmount/errorAmount (close) {0} {1}",
                    cluster, lastTrip);
        }
        return true;
    }

    /** True while open (for the stats gauge; does not close an expired breaker). */
    public boolean isOpen(long nowNanos) {
        long until = openUntil.get();
        return until != CLOSED && nowNanos - until < 0;
    }

    /**
     * Counts one request that went upstream and completed at {@code nowNanos} after {@code durationNanos};
     * {@code failed}: the answer was above 499 or none came from the upstream.
     *
     * @return the {@link System#nanoTime()} until which the breaker is open when this completion opened it,
     *         else 0 (caller counts the trip)
     */
    public long record(long nowNanos, long durationNanos, boolean failed) {
        long start = currentWindow(nowNanos);
        if (nowNanos - start < 0) {
            return 0; // completed while the breaker was open: belongs to no window
        }
        Window mine = windows.mine();
        mine.add(start, durationNanos >= slowNanos, failed);
        return check(nowNanos, start);
    }

    /** The start of the window {@code now} falls in, moving the shared start on when windows ended. */
    private long currentWindow(long nowNanos) {
        while (true) {
            long start = windowStart.get();
            long next;
            if (start == UNSTARTED) {
                next = nowNanos;
            } else if (nowNanos - start >= windowNanos) {
                next = start + (nowNanos - start) / windowNanos * windowNanos;
            } else {
                return start;
            }
            if (windowStart.compareAndSet(start, next)) {
                return next;
            }
        }
    }

    private long check(long nowNanos, long start) {
        long total = 0;
        long slow = 0;
        long errors = 0;
        for (Window w : windows.all()) {
            if (w.counts.get(Window.START) == start) {
                total += w.counts.get(Window.TOTAL);
                slow += w.counts.get(Window.SLOW);
                errors += w.counts.get(Window.ERRORS);
            }
        }
        if (total < config.minRequestAmount() || total == 0 || !reached(total, slow, errors)) {
            return 0;
        }
        long until = nowNanos + degradedNanos;
        long current = openUntil.get();
        if (current != CLOSED && nowNanos - current < 0) {
            return 0; // another loop opened it already
        }
        if (!openUntil.compareAndSet(current, until)) {
            return 0;
        }
        // counts start over after the degraded window: completions until then belong to no window
        windowStart.set(until);
        lastTrip = total + " " + slow + " " + errors;
        LOG.log(System.Logger.Level.INFO, "[circuit_breaker] total/slowAmount/errorAmount (open) {0} {1}",
                cluster, lastTrip);
        return until;
    }

    private boolean reached(long total, long slow, long errors) {
        return config.slowAmountThreshold() > 0 && slow >= config.slowAmountThreshold()
                || config.slowRatioThreshold() > 0 && slow >= config.slowRatioThreshold() * total
                || config.errorAmountThreshold() > 0 && errors >= config.errorAmountThreshold()
                || config.errorRatioThreshold() > 0 && errors >= config.errorRatioThreshold() * total;
    }

    /** One event loop's counts of one window; written only by its loop. */
    private static final class Window {
        static final int START = 0;
        static final int TOTAL = 1;
        static final int SLOW = 2;
        static final int ERRORS = 3;
        final EventCounts counts = new EventCounts(4);

        Window() {
            counts.set(START, UNSTARTED);
        }

        void add(long start, boolean slow, boolean failed) {
            if (counts.get(START) != start) {
                // a new window: zero the counts before publishing its start, so a reader that sees the
                // new start never sees the old window's counts
                counts.set(TOTAL, 0);
                counts.set(SLOW, 0);
                counts.set(ERRORS, 0);
                counts.set(START, start);
            }
            counts.increment(TOTAL);
            if (slow) {
                counts.increment(SLOW);
            }
            if (failed) {
                counts.increment(ERRORS);
            }
        }
    }
}
