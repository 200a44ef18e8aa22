package io.meshgate.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who asked for a write the REST API is making to the cluster, until the informers observe it: the
 * audit row of an observed change then names the API's caller rather than the field manager the
 * cluster records for the control plane itself. Set before the write (its watch event may arrive
 * before the write call returns), taken by the first observed change of that object, dropped after
 * {@link #TTL} when nothing was observed (a write that changed nothing).
 */
public final class ExpectedActors {
    static final Duration TTL = Duration.ofSeconds(30);

    private record Expected(String actor, Instant until) { }

    private final Map<String, Expected> byObject = new ConcurrentHashMap<>();
    private final Clock clock;

    public ExpectedActors(Clock clock) {
        this.clock = clock;
    }

    /** {@code actor} is about to write the object. */
    void expect(String kind, String namespace, String name, String actor) {
        byObject.put(key(kind, namespace, name), new Expected(actor, clock.instant().plus(TTL)));
    }

    /** The write failed: nothing will be observed. */
    void forget(String kind, String namespace, String name) {
        byObject.remove(key(kind, namespace, name));
    }

    /** The actor of the API write of this object that was just observed, if one was expected. */
    public Optional<String> take(String kind, String namespace, String name) {
        Expected expected = byObject.remove(key(kind, namespace, name));
        return expected == null || clock.instant().isAfter(expected.until()) ? Optional.empty()
                : Optional.of(expected.actor());
    }

    private static String key(String kind, String namespace, String name) {
        return kind + "/" + (namespace == null ? "" : namespace) + "/" + name;
    }
}
