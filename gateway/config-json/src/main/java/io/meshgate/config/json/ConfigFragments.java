package io.meshgate.config.json;

import io.meshgate.config.Cluster;
import io.meshgate.config.Route;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The compact JSON of virtual hosts, routes and clusters already written, by object identity, for
 * {@link ProxyConfigJson#writeCompact(io.meshgate.config.ProxyConfig, ConfigFragments)}: a control plane
 * that rebuilds a config of thousands of routes after one change hands most of the same (immutable)
 * {@link io.meshgate.config.VirtualHost}, {@link Route} and {@link Cluster} objects back, and their text is copied instead of serialised again.
 * The output is the same text either way. Only objects written since the previous {@link #endRound()}
 * are kept after it, so the cache holds about one config's worth of text per writer.
 */
public final class ConfigFragments {
    private Map<Object, String> current = new IdentityHashMap<>();
    private Map<Object, String> previous = new IdentityHashMap<>();
    private long hits;
    private long misses;

    /** The kept text of {@code value}, or null. */
    synchronized String find(Object value) {
        String json = current.get(value);
        if (json == null) {
            json = previous.get(value);
            if (json != null) {
                current.put(value, json);
            }
        }
        if (json == null) {
            misses++;
        } else {
            hits++;
        }
        return json;
    }

    synchronized void keep(Object value, String json) {
        current.put(value, json);
    }

    /** Forgets what was not written since the last call (call once per reconcile pass). */
    public synchronized void endRound() {
        previous = current;
        current = new IdentityHashMap<>();
    }

    /** Fragments copied from the cache so far (for tests and logs). */
    public synchronized long hits() {
        return hits;
    }

    /** Fragments serialised so far. */
    public synchronized long misses() {
        return misses;
    }
}
