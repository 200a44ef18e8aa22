package io.meshgate.api.reconcile;

import io.meshgate.db.Page;
import io.meshgate.db.ResourceStore;
import io.meshgate.db.StoredObject;
import io.meshgate.resources.ResourceKey;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every stored resource at one store revision, immutable. Translators read it; nothing they do
 * can reach the database.
 */
public final class ResourceSnapshot {
    /** Attempts to read all kinds at one revision before giving up under a constant write load. */
    private static final int MAX_ATTEMPTS = 20;

    private final long revision;
    private final Map<String, List<StoredObject>> byKind;

    /** Builds a snapshot from objects (tests, and {@link #read}). */
    public ResourceSnapshot(long revision, Map<String, List<StoredObject>> byKind) {
        this.revision = revision;
        Map<String, List<StoredObject>> copy = new TreeMap<>();
        byKind.forEach((kind, objects) -> copy.put(kind, List.copyOf(objects)));
        this.byKind = Map.copyOf(copy);
    }

    /**
     * Lists every kind. Each list is one consistent read; when a write lands between two of them
     * the pages carry different revisions and the whole read is repeated, so the result is
     * exactly the store at one revision.
     *
     * @throws IllegalStateException when writes never pause long enough (after 20 attempts)
     */
    public static ResourceSnapshot read(ResourceStore store, Collection<String> kinds) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Map<String, List<StoredObject>> found = new TreeMap<>();
            long revision = -1;
            boolean consistent = true;
            for (String kind : kinds) {
                Page<StoredObject> page = store.list(kind, null, Map.of(), java.util.Set.of(), 0, null);
                if (revision >= 0 && page.revision() != revision) {
                    consistent = false;
                    break;
                }
                revision = page.revision();
                found.put(kind, page.items());
            }
            if (consistent) {
                return new ResourceSnapshot(revision < 0 ? store.currentRevision() : revision, found);
            }
        }
        throw new IllegalStateException("the store changed during every one of " + MAX_ATTEMPTS + " snapshot reads");
    }

    /** The store revision this snapshot shows. */
    public long revision() {
        return revision;
    }

    /** Objects of {@code kind}, ordered by namespace then name (empty when none). */
    public List<StoredObject> list(String kind) {
        return byKind.getOrDefault(kind, List.of());
    }

    /** Objects of {@code kind} in {@code namespace}. */
    public List<StoredObject> list(String kind, String namespace) {
        List<StoredObject> out = new ArrayList<>();
        for (StoredObject o : list(kind)) {
            if (o.namespace().equals(namespace)) {
                out.add(o);
            }
        }
        return out;
    }

    /** One object by key (a null namespace means cluster-scoped). */
    public Optional<StoredObject> get(ResourceKey key) {
        String ns = key.namespace() == null ? "" : key.namespace();
        return list(key.kind()).stream().filter(o -> o.namespace().equals(ns) && o.name().equals(key.name())).findFirst();
    }
}
