package io.meshgate.api.traffic;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The recent request-counter samples of one proxy, oldest first, and what they say about a window:
 * how much each counter grew. Counters are monotonic while the proxy runs; a counter lower than in the
 * sample before means the proxy restarted (or its cluster was removed and added again), and then its
 * whole new value counts as growth since that sample, as Prometheus' {@code rate()} treats a reset.
 * (A proxy that restarted and counted past its old value between two samples is undercounted by that
 * old value: the page carries no start time to tell.) Thread-safe: the API serves many readers.
 */
public final class CounterHistory {
    /** One reading of the page. */
    public record Sample(Instant at, Map<String, Long> counters) {
        public Sample {
            counters = Map.copyOf(counters);
        }
    }

    /**
     * What the samples in a window say.
     *
     * @param span      from the baseline sample to the newest one (a bit more than the window asked at most;
     *                  zero while there is one sample only)
     * @param increases per cluster, how much its counter grew over the span (clusters of the newest sample)
     * @param latest    the newest sample's counters (totals since the proxy started)
     * @param newestAt  when the newest sample was taken
     */
    public record Observed(Duration span, Map<String, Long> increases, Map<String, Long> latest, Instant newestAt) {}

    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    /** Adds a sample taken after every sample already held. */
    public synchronized void add(Sample sample) {
        Sample newest = samples.peekLast();
        if (newest != null && !sample.at().isAfter(newest.at())) {
            throw new IllegalArgumentException("samples are added in time order: " + sample.at() + " after "
                    + newest.at());
        }
        samples.addLast(sample);
    }

    /** When the newest sample was taken. */
    public synchronized Optional<Instant> newestAt() {
        return samples.isEmpty() ? Optional.empty() : Optional.of(samples.peekLast().at());
    }

    /**
     * Drops samples no window ending now can need: those older than {@code keep}, except the newest of
     * them, which is the baseline of a window of length {@code keep}.
     */
    public synchronized void prune(Instant now, Duration keep) {
        Instant cut = now.minus(keep);
        while (samples.size() > 1) {
            Iterator<Sample> it = samples.iterator();
            it.next();
            Sample second = it.next();
            if (second.at().isAfter(cut)) {
                break;
            }
            samples.removeFirst();
        }
    }

    /**
     * The growth of every counter over the window of length {@code window} ending at the newest sample:
     * from the newest sample at least {@code window} before {@code now} (so the span covers the whole
     * window), else from the oldest sample held (a proxy seen only recently). With one sample the span is
     * zero and nothing grew: one reading gives totals, not a rate. Empty without samples.
     */
    public synchronized Optional<Observed> observe(Instant now, Duration window) {
        if (samples.isEmpty()) {
            return Optional.empty();
        }
        List<Sample> all = List.copyOf(samples);
        Instant start = now.minus(window);
        int base = 0;
        for (int i = 0; i < all.size() - 1; i++) {
            if (!all.get(i).at().isAfter(start)) {
                base = i;
            }
        }
        Sample newest = all.getLast();
        Map<String, Long> increases = new HashMap<>();
        for (String cluster : newest.counters().keySet()) {
            long growth = 0;
            for (int i = base + 1; i < all.size(); i++) {
                growth += growth(all.get(i - 1).counters().get(cluster), all.get(i).counters().get(cluster));
            }
            increases.put(cluster, growth);
        }
        return Optional.of(new Observed(Duration.between(all.get(base).at(), newest.at()), Map.copyOf(increases),
                newest.counters(), newest.at()));
    }

    /** How much a counter grew from one sample to the next; a missing counter reads as 0 (a new or removed cluster). */
    static long growth(Long before, Long after) {
        long b = before == null ? 0 : before;
        long a = after == null ? 0 : after;
        return a >= b ? a - b : a; // lower than before: counting started again from 0
    }
}
