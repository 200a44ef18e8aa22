package io.meshgate.standalone;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.meshgate.db.StoredObject;
import io.meshgate.kube.WatchedKind;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * A cluster's object as the REST API serves objects ({@link StoredObject}): its resourceVersion the
 * cluster's (a number on every API server backed by etcd; 0 where it is not), without
 * {@code metadata.managedFields} (as {@code kubectl get} shows it).
 */
final class ClusterObjects {
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    StoredObject stored(WatchedKind kind, GenericKubernetesResource object) {
        GenericKubernetesResource copy = serialization.clone(object);
        if (copy.getApiVersion() == null) {
            copy.setApiVersion(kind.info().preferredApiVersion());
        }
        copy.setKind(kind.kind());
        ObjectMeta meta = copy.getMetadata();
        meta.setManagedFields(null);
        Instant created = instant(meta.getCreationTimestamp());
        return new StoredObject(kind.kind(), meta.getNamespace() == null ? "" : meta.getNamespace(), meta.getName(),
                meta.getUid() == null ? "" : meta.getUid(), number(meta.getResourceVersion()),
                meta.getGeneration() == null ? 1 : meta.getGeneration(), meta.getLabels(),
                serialization.asJson(copy), created, created);
    }

    private static long number(String resourceVersion) {
        try {
            return resourceVersion == null ? 0 : Long.parseLong(resourceVersion);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant instant(String timestamp) {
        try {
            return timestamp == null ? Instant.EPOCH : OffsetDateTime.parse(timestamp).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
