package io.meshgate.reconcile;

import io.meshgate.resources.Resource;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Remembers parsed objects by identity and version, so a snapshot source turns each object into a
 * typed {@link Resource} once per version of it, not once per pass: a write to one Ingress re-parses
 * that Ingress, not the hundred Secrets beside it.
 *
 * <p>Generational: {@link #sweep()} (once per snapshot) forgets whatever was not asked for since the
 * previous sweep, so deleted objects do not pile up. A parse that fails is remembered too (as empty),
 * so a bad object is reported once per version rather than on every pass. Not thread-safe: one
 * source's reads own it, and a source is read from the reconcile thread only.
 */
public final class ParseCache {
    private Map<String, Parsed> current = new HashMap<>();
    private Map<String, Parsed> previous = new HashMap<>();
    private long parses;

    private record Parsed(String version, Optional<Resource> resource) {}

    /**
     * The parsed object {@code id} at {@code version}, parsing it only when this version is new.
     *
     * @param id      what identifies the object across versions (kind and uid, or kind and key)
     * @param version its version; null means "unknown", which is never cached
     * @param parse   the parse; empty when the object cannot be read (the caller has said why)
     */
    public Optional<Resource> get(String id, String version, Supplier<Optional<Resource>> parse) {
        if (version == null) {
            parses++;
            return parse.get();
        }
        Parsed known = current.get(id);
        if (known == null) {
            known = previous.get(id);
        }
        if (known == null || !known.version().equals(version)) {
            parses++;
            known = new Parsed(version, parse.get());
        }
        current.put(id, known);
        return known.resource();
    }

    /** Forgets objects not asked for since the previous sweep. */
    public void sweep() {
        previous = current;
        current = new HashMap<>();
    }

    /** How many parses ran (for tests: an unchanged object is parsed once). */
    public long parses() {
        return parses;
    }
}
