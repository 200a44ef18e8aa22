package io.meshgate.api.reconcile;

import io.meshgate.db.ChangeEvent;
import io.meshgate.db.EventLog;
import io.meshgate.db.EventType;
import io.meshgate.db.Page;
import io.meshgate.db.ResourceStore;
import io.meshgate.db.RevisionExpiredException;
import io.meshgate.db.StoredObject;
import io.meshgate.reconcile.ResourceSnapshot;
import io.meshgate.reconcile.SnapshotObject;
import io.meshgate.reconcile.SnapshotSource;
import io.meshgate.reconcile.StatusOnlyChange;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;
import io.meshgate.resources.ResourceParseException;

import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * The standalone mode's {@link SnapshotSource}: the store. The first read lists every kind at one
 * store revision; every later read fetches only the changes since the revision it last saw from the
 * store's event log (one event per revision, written in the same transaction as the change, so the
 * events up to the last one fetched are exactly the store at that revision) and applies them to the
 * typed objects it keeps: a changed object is parsed again, an unchanged one is neither read nor
 * parsed, a deleted one leaves. At 2,000 Ingresses a full listing read 6,000 bodies (~75 ms) on every
 * pass; one change now reads one event. When the log no longer holds the revision last seen (the
 * store trims it to its newest events) the source lists everything again.
 *
 * <p>Commits are the change signal. Snapshots carry the revision of the last change beyond statuses
 * ({@link ResourceSnapshot#contentRevision()}), so the pass after the reconciler's own status writes
 * can skip translating.
 */
public final class StoreSnapshotSource implements SnapshotSource {
    private static final System.Logger LOG = System.getLogger(StoreSnapshotSource.class.getName());
    /** Attempts to list all kinds at one revision before giving up under a constant write load. */
    private static final int MAX_ATTEMPTS = 20;

    private final ResourceStore store;
    private final EventLog events;
    private final Set<String> kinds;
    private final ResourceCodec codec = new ResourceCodec();
    private final Map<Runnable, LongConsumer> listeners = new ConcurrentHashMap<>();
    /** The typed objects at {@link #revision}, by kind, then by "namespace/name". */
    private final Map<String, Map<String, SnapshotObject>> objects = new HashMap<>();
    /** The store revision {@link #objects} reflect; -1 before the first read. */
    private long revision = -1;
    /** The revision of the last snapshot in which something other than a status changed. */
    private long contentRevision = -1;
    private long parses;
    private long fullReads;

    /**
     * @param events the store's event log, where later reads find what changed
     * @param kinds  every kind to put into snapshots
     */
    public StoreSnapshotSource(ResourceStore store, EventLog events, Collection<String> kinds) {
        this.store = store;
        this.events = events;
        this.kinds = Set.copyOf(kinds);
    }

    /**
     * The store at one revision: the changes since the previous read applied to what it returned,
     * or (first, or when the event log was trimmed past it) every kind listed.
     *
     * @throws IllegalStateException when writes never pause long enough for a full listing (after 20 attempts)
     */
    @Override
    public synchronized ResourceSnapshot read() {
        boolean contentChanged;
        if (revision < 0) {
            contentChanged = listEverything();
        } else {
            try {
                contentChanged = applyChanges();
            } catch (RevisionExpiredException e) {
                LOG.log(Level.DEBUG, () -> "event log trimmed past revision " + revision + "; listing every kind again");
                contentChanged = listEverything();
            }
        }
        if (contentChanged || contentRevision < 0) {
            contentRevision = revision;
        }
        Map<String, List<SnapshotObject>> byKind = new TreeMap<>();
        for (String kind : kinds) {
            byKind.put(kind, List.copyOf(objects.getOrDefault(kind, Map.of()).values()));
        }
        return new ResourceSnapshot(revision, contentRevision, byKind);
    }

    /**
     * One stored object, typed: the one this source holds when it holds that version, else parsed
     * (for the status sink, which re-reads an object after losing a race).
     */
    public synchronized Optional<SnapshotObject> toObject(StoredObject stored) {
        String version = Long.toString(stored.resourceVersion());
        SnapshotObject held = objects.getOrDefault(stored.kind(), Map.of()).get(id(stored.namespace(), stored.name()));
        if (held != null && version.equals(held.version())) {
            return Optional.of(held);
        }
        return parse(stored.kind(), stored.namespace(), stored.name(), stored.bodyJson())
                .map(resource -> new SnapshotObject(resource, version));
    }

    /** How many stored bodies this source has parsed (an unchanged object is parsed once). */
    public synchronized long parses() {
        return parses;
    }

    /** How many times this source listed every kind (the first read, and after the event log was trimmed). */
    public synchronized long fullReads() {
        return fullReads;
    }

    /**
     * Lists every kind at one revision and replaces what this source holds, keeping the parsed
     * objects whose version did not change. Each list is one consistent read; when a write lands
     * between two of them the pages carry different revisions and the whole listing is repeated.
     *
     * @return whether anything beyond statuses differs from what was held
     */
    private boolean listEverything() {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Map<String, List<StoredObject>> found = new HashMap<>();
            long listed = -1;
            boolean consistent = true;
            for (String kind : kinds) {
                Page<StoredObject> page = store.list(kind, null, Map.of(), Set.of(), 0, null);
                if (listed >= 0 && page.revision() != listed) {
                    consistent = false;
                    break;
                }
                listed = page.revision();
                found.put(kind, page.items());
            }
            if (consistent) {
                fullReads++;
                boolean changed = false;
                for (String kind : kinds) {
                    Map<String, SnapshotObject> before = objects.getOrDefault(kind, Map.of());
                    Map<String, SnapshotObject> after = new LinkedHashMap<>();
                    for (StoredObject o : found.get(kind)) {
                        String id = id(o.namespace(), o.name());
                        changed |= put(after, before.get(id), kind, o.namespace(), o.name(), o.resourceVersion(), o.bodyJson());
                    }
                    changed |= !after.keySet().containsAll(before.keySet());
                    objects.put(kind, after);
                }
                revision = listed < 0 ? store.currentRevision() : listed;
                return changed;
            }
        }
        throw new IllegalStateException("the store changed during every one of " + MAX_ATTEMPTS + " snapshot reads");
    }

    /**
     * Applies the events after {@link #revision}, in batches until the log has no more; only the
     * last event of each object is parsed.
     *
     * @return whether anything beyond statuses changed
     * @throws RevisionExpiredException when the log no longer holds the events after {@link #revision}
     */
    private boolean applyChanges() {
        Map<String, ChangeEvent> latest = new LinkedHashMap<>();
        long seen = revision;
        while (true) {
            List<ChangeEvent> batch = events.since(seen, EventLog.MAX_BATCH);
            for (ChangeEvent event : batch) {
                if (kinds.contains(event.kind())) {
                    latest.put(event.kind() + "/" + id(event.namespace(), event.name()), event);
                }
                seen = event.resourceVersion();
            }
            if (batch.size() < EventLog.MAX_BATCH) {
                break;
            }
        }
        boolean changed = false;
        for (ChangeEvent event : latest.values()) {
            Map<String, SnapshotObject> ofKind = objects.computeIfAbsent(event.kind(), k -> new LinkedHashMap<>());
            String id = id(event.namespace(), event.name());
            SnapshotObject before = ofKind.get(id);
            if (event.type() == EventType.DELETED) {
                changed |= ofKind.remove(id) != null;
            } else {
                changed |= put(ofKind, before, event.kind(), event.namespace(), event.name(), event.resourceVersion(),
                        event.bodyJson());
            }
        }
        revision = seen;
        return changed;
    }

    /**
     * Puts the object into {@code into}: {@code before} itself when its version is the same, else
     * the body parsed (left out when it does not parse).
     *
     * @return whether this differs from {@code before} beyond its status
     */
    private boolean put(Map<String, SnapshotObject> into, SnapshotObject before, String kind, String namespace,
                        String name, long resourceVersion, String bodyJson) {
        String id = id(namespace, name);
        String version = Long.toString(resourceVersion);
        if (before != null && version.equals(before.version())) {
            into.put(id, before);
            return false;
        }
        Optional<Resource> parsed = parse(kind, namespace, name, bodyJson);
        if (parsed.isEmpty()) {
            into.remove(id);
            return before != null;
        }
        into.put(id, new SnapshotObject(parsed.get(), version));
        return before == null || !StatusOnlyChange.between(before.resource(), parsed.get());
    }

    private Optional<Resource> parse(String kind, String namespace, String name, String bodyJson) {
        parses++;
        try {
            return Optional.of(codec.parseJson(bodyJson).getFirst());
        } catch (ResourceParseException e) {
            // stored bodies passed validation; one that no longer parses is left out, not fatal
            LOG.log(Level.WARNING, "leaving " + kind + " " + namespace + "/" + name + " out of the snapshot: "
                    + e.getMessage());
            return Optional.empty();
        }
    }

    private static String id(String namespace, String name) {
        return namespace + "/" + name;
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
