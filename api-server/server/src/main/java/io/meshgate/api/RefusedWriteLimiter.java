package io.meshgate.api;

import io.meshgate.db.Actor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Caps the audit rows refused writes may add per actor: at most {@link #DEFAULT_LIMIT} rows in a
 * window of {@link #DEFAULT_WINDOW} that starts at the actor's first refusal. Audit rows are never
 * deleted, so without a cap a viewer (or a stolen viewer token) looping on writes could grow the
 * history without bound. Refusals beyond the cap are only counted; once the window is over the
 * count is handed out once ({@link #endedWindows}) so the caller writes one summary row for it.
 *
 * <p>State is one small entry per actor with an open window; actors are token names, so it is
 * bounded by the number of tokens. Thread-safe.
 */
final class RefusedWriteLimiter {
    /** Refused-write rows per actor and window. */
    static final int DEFAULT_LIMIT = 10;
    /** Length of an actor's window. */
    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);

    /** Refusals that went past the cap in a window that has ended. */
    record Suppressed(Actor actor, long count, Instant windowStart) {
    }

    private static final class Window {
        final Instant start;
        int recorded;
        long suppressed;
        Actor suppressedActor;

        Window(Instant start) {
            this.start = start;
        }
    }

    private final Clock clock;
    private final int limit;
    private final Duration window;
    private final Map<String, Window> windows = new HashMap<>();
    /** Summaries of windows that ended when a new one replaced them, not handed out yet. */
    private final List<Suppressed> owed = new ArrayList<>();

    RefusedWriteLimiter(Clock clock, int limit, Duration window) {
        if (limit < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("limit and window must be positive");
        }
        this.clock = clock;
        this.limit = limit;
        this.window = window;
    }

    RefusedWriteLimiter(Clock clock) {
        this(clock, DEFAULT_LIMIT, DEFAULT_WINDOW);
    }

    /** True when a row may be written for this refusal of {@code actor}; false counts it as suppressed. */
    synchronized boolean admit(Actor actor) {
        Instant now = clock.instant();
        Window w = windows.get(actor.name());
        if (w == null || !now.isBefore(w.start.plus(window))) {
            if (w != null) {
                owe(w);
            }
            w = new Window(now);
            windows.put(actor.name(), w);
        }
        if (w.recorded < limit) {
            w.recorded++;
            return true;
        }
        w.suppressed++;
        w.suppressedActor = actor;
        return false;
    }

    private void owe(Window ended) {
        if (ended.suppressed > 0) {
            owed.add(new Suppressed(ended.suppressedActor, ended.suppressed, ended.start));
        }
    }

    /**
     * Windows that have ended with suppressed refusals, each handed out once; with {@code all},
     * also the open ones (at shutdown, so no count is lost).
     */
    synchronized List<Suppressed> endedWindows(boolean all) {
        Instant now = clock.instant();
        List<Suppressed> out = new ArrayList<>(owed);
        owed.clear();
        Iterator<Map.Entry<String, Window>> it = windows.entrySet().iterator();
        while (it.hasNext()) {
            Window w = it.next().getValue();
            boolean ended = !now.isBefore(w.start.plus(window));
            if (!ended && !all) {
                continue;
            }
            if (w.suppressed > 0) {
                out.add(new Suppressed(w.suppressedActor, w.suppressed, w.start));
            }
            it.remove();
        }
        return out;
    }
}
