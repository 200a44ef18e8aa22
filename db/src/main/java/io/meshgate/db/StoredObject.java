package io.meshgate.db;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One stored resource as the store returns it. {@code bodyJson} is the whole object, with its
 * {@code metadata} (name, namespace, uid, resourceVersion, generation, creationTimestamp, labels)
 * stamped by the store so it agrees with the other fields.
 *
 * @param kind            resource kind, e.g. {@code Ingress}
 * @param namespace       namespace, {@code ""} for cluster-scoped kinds
 * @param name            object name
 * @param uid             stable identity, kept across updates, new after delete + create
 * @param resourceVersion global revision of the last write of this object
 * @param generation      starts at 1, increases when the spec changes
 * @param labels          metadata.labels (unmodifiable, sorted by key)
 * @param bodyJson        the object as compact JSON
 * @param createdAt       when the object was created (ms precision)
 * @param updatedAt       when the object was last written (ms precision)
 */
public record StoredObject(
        String kind,
        String namespace,
        String name,
        String uid,
        long resourceVersion,
        long generation,
        Map<String, String> labels,
        String bodyJson,
        Instant createdAt,
        Instant updatedAt) {

    public StoredObject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(bodyJson, "bodyJson");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /** True for objects without a namespace (Namespace, MeshConfig-like cluster kinds, ...). */
    public boolean clusterScoped() {
        return namespace.isEmpty();
    }
}
