package io.meshgate.api.reconcile;

import io.meshgate.db.Page;
import io.meshgate.db.ResourceStore;
import io.meshgate.db.StoredObject;
import io.meshgate.reconcile.ParseCache;
import io.meshgate.reconcile.ResourceSnapshot;
import io.meshgate.reconcile.SnapshotObject;
import io.meshgate.reconcile.SnapshotSource;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;
import io.meshgate.resources.ResourceParseException;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * The standalone mode's {@link SnapshotSource}: the store. Every kind is listed at one store
 * revision, and each stored body is parsed into a typed resource once per version of the object
 * (the object's resourceVersion is the store revision of its last write), so a pass after a write
 * to one object parses that object only. Commits are the change signal. Snapshots carry the
 * revision of the last change beyond statuses ({@link ResourceSnapshot#contentRevision()}), so the
 * pass after the reconciler's own status writes can skip translating.
 */
public final class StoreSnapshotSource implements SnapshotSource {
    private static final System.Logger LOG = System.getLogger(StoreSnapshotSource.class.getName());
    /** Attempts to read all kinds at one revision before giving up under a constant write load. */
    private static final int MAX_ATTEMPTS = 20;

    private final ResourceStore store;
    private final List<String> kinds;
    private final ResourceCodec codec = new ResourceCodec();
    private final ParseCache parsed = new ParseCache();
    private final Map<Runnable, LongConsumer> listeners = new ConcurrentHashMap<>();
    /** The revision of the last snapshot in which something other than a status changed. */
    private long contentRevision = -1;

    /** @param kinds every kind to put into snapshots */
    public StoreSnapshotSource(ResourceStore store, Collection<String> kinds) {
        this.store = store;
        this.kinds = List.copyOf(kinds);
    }

    /**
     * Lists every kind. Each list is one consistent read; when a write lands between two of them
     * the pages carry different revisions and the whole read is repeated, so the result is exactly
     * the store at one revision.
     *
     * @throws IllegalStateException when writes never pause long enough (after 20 attempts)
     */
    @Override
    public synchronized ResourceSnapshot read() {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Map<String, List<StoredObject>> found = new TreeMap<>();
            long revision = -1;
            boolean consistent = true;
            for (String kind : kinds) {
                Page<StoredObject> page = store.list(kind, null, Map.of(), Set.of(), 0, null);
                if (revision >= 0 && page.revision() != revision) {
                    consistent = false;
                    break;
                }
                revision = page.revision();
                found.put(kind, page.items());
            }
            if (consistent) {
                return typed(revision < 0 ? store.currentRevision() : revision, found);
            }
        }
        throw new IllegalStateException("the store changed during every one of " + MAX_ATTEMPTS + " snapshot reads");
    }

    /** One stored object, typed (parsed again only if its version is new to this source). */
    public synchronized Optional<SnapshotObject> toObject(StoredObject stored) {
        String version = Long.toString(stored.resourceVersion());
        return parsed.get(stored.kind() + "/" + stored.namespace() + "/" + stored.name(), version, () -> parse(stored))
                .map(resource -> new SnapshotObject(resource, version));
    }

    /** How many stored bodies this source has parsed (an unchanged object is parsed once). */
    public synchronized long parses() {
        return parsed.parses();
    }

    private ResourceSnapshot typed(long revision, Map<String, List<StoredObject>> found) {
        Map<String, List<SnapshotObject>> byKind = new TreeMap<>();
        found.forEach((kind, objects) -> {
            List<SnapshotObject> typed = new ArrayList<>(objects.size());
            objects.forEach(o -> toObject(o).ifPresent(typed::add));
            byKind.put(kind, typed);
        });
        if (parsed.sweep() || contentRevision < 0) {
            contentRevision = revision;
        }
        return new ResourceSnapshot(revision, contentRevision, byKind);
    }

    private Optional<Resource> parse(StoredObject stored) {
        try {
            return Optional.of(codec.parseJson(stored.bodyJson()).getFirst());
        } catch (ResourceParseException e) {
            // stored bodies passed validation; one that no longer parses is left out, not fatal
            LOG.log(Level.WARNING, "leaving " + stored.kind() + " " + stored.namespace() + "/" + stored.name()
                    + " out of the snapshot: " + e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void addChangeListener(Runnable listener) {
        LongConsumer onCommit = revision -> listener.run();
        if (listeners.putIfAbsent(listener, onCommit) == null) {
            store.addCommitListener(onCommit);
        }
    }

    @Override
    public void removeChangeListener(Runnable listener) {
        LongConsumer onCommit = listeners.remove(listener);
        if (onCommit != null) {
            store.removeCommitListener(onCommit);
        }
    }
}
