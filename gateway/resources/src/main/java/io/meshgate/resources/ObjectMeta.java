package io.meshgate.resources;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The metadata Meshgate keeps for every resource, shaped like Kubernetes' ObjectMeta. Immutable:
 * maps are copied (keeping their order, so YAML round-trips stay readable) and the {@code with...}
 * methods return copies. Fields a Kubernetes server sets ({@code uid}, {@code resourceVersion},
 * {@code generation}, {@code creationTimestamp}) are null until the api-server stores the object.
 * Other Kubernetes metadata (ownerReferences, finalizers, managedFields) is not modelled and is
 * dropped on parse.
 *
 * @param name              object name; null only in a not-yet-valid object
 * @param namespace         namespace, null for cluster-scoped kinds or before defaulting
 * @param labels            labels, never null
 * @param annotations       annotations, never null
 * @param uid               server-assigned unique id, or null
 * @param resourceVersion   server-assigned version for optimistic concurrency, or null
 * @param generation        server-assigned spec generation, or null
 * @param creationTimestamp server-assigned creation time, or null
 */
public record ObjectMeta(String name, String namespace, Map<String, String> labels, Map<String, String> annotations,
                         String uid, String resourceVersion, Long generation, Instant creationTimestamp) {

    public ObjectMeta {
        labels = copy(labels, "labels");
        annotations = copy(annotations, "annotations");
    }

    /** Metadata with only a name (cluster-scoped objects, or before the default namespace is applied). */
    public static ObjectMeta named(String name) {
        return new ObjectMeta(name, null, Map.of(), Map.of(), null, null, null, null);
    }

    /** Metadata with a namespace and a name. */
    public static ObjectMeta of(String namespace, String name) {
        return new ObjectMeta(name, namespace, Map.of(), Map.of(), null, null, null, null);
    }

    public ObjectMeta withName(String value) {
        return new ObjectMeta(value, namespace, labels, annotations, uid, resourceVersion, generation, creationTimestamp);
    }

    public ObjectMeta withNamespace(String value) {
        return new ObjectMeta(name, value, labels, annotations, uid, resourceVersion, generation, creationTimestamp);
    }

    public ObjectMeta withLabels(Map<String, String> value) {
        return new ObjectMeta(name, namespace, value, annotations, uid, resourceVersion, generation, creationTimestamp);
    }

    public ObjectMeta withAnnotations(Map<String, String> value) {
        return new ObjectMeta(name, namespace, labels, value, uid, resourceVersion, generation, creationTimestamp);
    }

    public ObjectMeta withUid(String value) {
        return new ObjectMeta(name, namespace, labels, annotations, value, resourceVersion, generation, creationTimestamp);
    }

    public ObjectMeta withResourceVersion(String value) {
        return new ObjectMeta(name, namespace, labels, annotations, uid, value, generation, creationTimestamp);
    }

    public ObjectMeta withGeneration(Long value) {
        return new ObjectMeta(name, namespace, labels, annotations, uid, resourceVersion, value, creationTimestamp);
    }

    public ObjectMeta withCreationTimestamp(Instant value) {
        return new ObjectMeta(name, namespace, labels, annotations, uid, resourceVersion, generation, value);
    }

    private static Map<String, String> copy(Map<String, String> map, String what) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(
                Objects.requireNonNull(key, () -> what + " key"),
                Objects.requireNonNull(value, () -> what + " value of " + key)));
        return Collections.unmodifiableMap(copy);
    }
}
