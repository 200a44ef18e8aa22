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
 *
 * <p>It also notices whether anything beyond statuses changed between two sweeps (an object added,
 * removed, or changed in more than its status: {@link StatusOnlyChange}), so a source can tell the
 * reconciler that a snapshot holds the same translator inputs as the one before.
 */
public final class ParseCache {
    private Map<String, Parsed> current = new HashMap<>();
    private Map<String, Parsed> previous = new HashMap<>();
    private long parses;
    /** Whether an object was added, removed or changed beyond its status since the previous sweep. */
    private boolean contentChanged = true;

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
            contentChanged = true;
            return parse.get();
        }
        Parsed known = current.get(id);
        if (known == null) {
            known = previous.get(id);
        }
        if (known == null || !known.version().equals(version)) {
            parses++;
            Parsed fresh = new Parsed(version, parse.get());
            if (known == null || !sameBeyondStatus(known.resource(), fresh.resource())) {
                contentChanged = true;
            }
            known = fresh;
        }
        current.put(id, known);
        return known.resource();
    }

    /**
     * Forgets objects not asked for since the previous sweep.
     *
     * @return true when, since the previous sweep, an object was added, removed (not asked for this
     *         time) or changed in more than its status; true at the first sweep
     */
    public boolean sweep() {
        boolean changed = contentChanged || !current.keySet().containsAll(previous.keySet());
        previous = current;
        current = new HashMap<>();
        contentChanged = false;
        return changed;
    }

    private static boolean sameBeyondStatus(Optional<Resource> before, Optional<Resource> after) {
        if (before.isEmpty() || after.isEmpty()) {
            return before.isEmpty() && after.isEmpty();
        }
        return StatusOnlyChange.between(before.get(), after.get());
    }

    /** How many parses ran (for tests: an unchanged object is parsed once). */
    public long parses() {
        return parses;
    }
}
