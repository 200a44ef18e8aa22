package io.meshgate.api.distribution;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The sync state of every proxy that talked to this API process. Thread-safe. */
public final class ProxySyncBoard {
    private final ConcurrentMap<String, ProxySyncState> states = new ConcurrentHashMap<>();
    private final Clock clock;

    public ProxySyncBoard(Clock clock) {
        this.clock = clock;
    }

    /** The proxy made an authenticated request. */
    public void seen(String proxy) {
        states.compute(proxy, (k, s) -> orNever(s).seen(clock.instant()));
    }

    /** The proxy received (or confirmed with a 304) {@code version}. */
    public void fetched(String proxy, String version) {
        states.compute(proxy, (k, s) -> orNever(s).fetched(clock.instant(), version));
    }

    /** The proxy reported whether it applied {@code version}; {@code error} says why not. */
    public void reported(String proxy, String version, boolean applied, String error) {
        states.compute(proxy, (k, s) -> orNever(s).reported(clock.instant(), version, applied, error));
    }

    /** What is known about {@code proxy} (all null when it never connected). */
    public ProxySyncState state(String proxy) {
        return states.getOrDefault(proxy, ProxySyncState.NEVER);
    }

    /** Forgets proxies not in {@code names}. */
    public void retain(Set<String> names) {
        states.keySet().retainAll(names);
    }

    private static ProxySyncState orNever(ProxySyncState s) {
        return s == null ? ProxySyncState.NEVER : s;
    }
}
