package io.meshgate.api.traffic;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The counter histories of every proxy whose traffic someone asked about. Samples are taken when a
 * reader asks (nothing is scraped while no one looks), at most one per proxy every {@link #MIN_INTERVAL}
 * whoever asks (several consoles polling one split cost the proxies one read), and kept for
 * {@link #MAX_WINDOW}: at most about 60 samples of one proxy's clusters. Time comes from the injected
 * clock only.
 */
public final class TrafficSampler {
    /** Readers asking more often than this share one reading of a proxy's page. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    /** The longest window a reader may ask for, and so how long samples are kept. */
    public static final Duration MAX_WINDOW = Duration.ofSeconds(60);

    private final Clock clock;
    private final Map<String, CounterHistory> histories = new ConcurrentHashMap<>();

    public TrafficSampler(Clock clock) {
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /** True when {@code proxy} has no sample younger than {@link #MIN_INTERVAL}: its page should be read now. */
    public boolean due(String proxy) {
        CounterHistory history = histories.get(proxy);
        Optional<Instant> newest = history == null ? Optional.empty() : history.newestAt();
        return newest.isEmpty() || !newest.get().plus(MIN_INTERVAL).isAfter(now());
    }

    /**
     * Records what {@code proxy}'s {@code /stats} page said now. A reading within {@link #MIN_INTERVAL} of
     * the newest one (a concurrent reader got there first) is dropped: close samples add noise, not data.
     */
    public void record(String proxy, String statsPage) {
        Instant at = now();
        CounterHistory history = histories.computeIfAbsent(proxy, p -> new CounterHistory());
        synchronized (history) {
            Optional<Instant> newest = history.newestAt();
            if (newest.isPresent() && newest.get().plus(MIN_INTERVAL).isAfter(at)) {
                return;
            }
            history.add(new CounterHistory.Sample(at, RequestCounters.parse(statsPage)));
            history.prune(at, MAX_WINDOW);
        }
    }

    /** What {@code proxy}'s samples say about the {@code window} ending now; empty before its first sample. */
    public Optional<CounterHistory.Observed> observe(String proxy, Duration window) {
        CounterHistory history = histories.get(proxy);
        return history == null ? Optional.empty() : history.observe(now(), window);
    }

    /** Forgets proxies no longer registered (a deleted proxy's name may come back as a new process). */
    public void retainOnly(Collection<String> proxies) {
        Set<String> keep = Set.copyOf(proxies);
        histories.keySet().removeIf(name -> !keep.contains(name));
    }
}
