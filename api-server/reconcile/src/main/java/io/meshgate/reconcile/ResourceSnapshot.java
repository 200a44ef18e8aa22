package io.meshgate.reconcile;

import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every object a source holds at one version, typed and immutable. Translators read it; nothing they
 * do can reach the store or the cluster. Objects of a kind are ordered by namespace then name, so
 * translations never depend on the order a source listed them in.
 */
public final class ResourceSnapshot {
    private static final Comparator<SnapshotObject> ORDER = Comparator
            .comparing((SnapshotObject o) -> Objects.requireNonNullElse(o.key().namespace(), ""))
            .thenComparing(o -> o.key().name());

    private final long revision;
    private final long contentRevision;
    private final Map<String, List<SnapshotObject>> byKind;
    private final Map<ResourceKey, SnapshotObject> byKey = new HashMap<>();

    /**
     * @param revision the source's version of the whole snapshot (store revision, or a change count):
     *                 what published config versions are labelled with
     */
    public ResourceSnapshot(long revision, Map<String, List<SnapshotObject>> byKind) {
        this(revision, -1, byKind);
    }

    /**
     * @param contentRevision the revision at which something other than a status last changed (see
     *                        {@link #contentRevision()}); -1 when the source does not know
     */
    public ResourceSnapshot(long revision, long contentRevision, Map<String, List<SnapshotObject>> byKind) {
        this.revision = revision;
        this.contentRevision = contentRevision;
        Map<String, List<SnapshotObject>> copy = new TreeMap<>();
        byKind.forEach((kind, objects) -> {
            List<SnapshotObject> sorted = objects.stream().sorted(ORDER).toList();
            copy.put(kind, sorted);
            sorted.forEach(o -> byKey.put(normalized(o.key()), o));
        });
        this.byKind = Map.copyOf(copy);
    }

    /** A snapshot of resources that have no version (tests, previews). */
    public static ResourceSnapshot of(long revision, List<Resource> resources) {
        Map<String, List<SnapshotObject>> byKind = new TreeMap<>();
        resources.forEach(r -> byKind.computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(new SnapshotObject(r, null)));
        return new ResourceSnapshot(revision, byKind);
    }

    /** The source's version of this snapshot. */
    public long revision() {
        return revision;
    }

    /**
     * The revision at which an object was last added, removed or changed beyond its status, or -1
     * when the source does not track it. Two snapshots with the same non-negative content revision
     * hold the same translator inputs (they differ in statuses at most), so their translations are
     * the same.
     */
    public long contentRevision() {
        return contentRevision;
    }

    /** Resources of {@code kind}, ordered by namespace then name (empty when none). */
    public List<Resource> list(String kind) {
        return objects(kind).stream().map(SnapshotObject::resource).toList();
    }

    /** Resources of {@code kind} in {@code namespace}. */
    public List<Resource> list(String kind, String namespace) {
        String wanted = blankToNull(namespace);
        return list(kind).stream().filter(r -> Objects.equals(blankToNull(r.namespace()), wanted)).toList();
    }

    /** Objects of {@code kind} with their versions. */
    public List<SnapshotObject> objects(String kind) {
        return byKind.getOrDefault(kind, List.of());
    }

    /** One resource by key (a null or empty namespace means cluster-scoped). */
    public Optional<Resource> get(ResourceKey key) {
        return object(key).map(SnapshotObject::resource);
    }

    /** One object by key, with its version. */
    public Optional<SnapshotObject> object(ResourceKey key) {
        return Optional.ofNullable(byKey.get(normalized(key)));
    }

    private static String blankToNull(String namespace) {
        return namespace == null || namespace.isEmpty() ? null : namespace;
    }

    private static ResourceKey normalized(ResourceKey key) {
        return key.namespace() != null && key.namespace().isEmpty()
                ? new ResourceKey(key.kind(), null, key.name()) : key;
    }
}
