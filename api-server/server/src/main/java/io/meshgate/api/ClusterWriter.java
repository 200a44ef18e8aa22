package io.meshgate.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.db.StoredObject;
import io.meshgate.resources.KindInfo;
import java.util.Optional;

/**
 * The cluster's side of the REST API's resource writes in Kubernetes mode: plain create, update,
 * status update and delete of one object at a resourceVersion, against the API server (not a
 * cache). Validation, If-Match, keeping the status and what a write reports are the API's
 * ({@link ClusterResourceWrites}); an implementation only talks to the cluster and turns its
 * answers into the API's errors: 409 {@link ApiException#conflict} when the object exists already
 * or changed since {@code resourceVersion}, 404 {@link ApiException#notFound} when it is gone.
 */
public interface ClusterWriter {

    /** The object as the API server holds it now, or empty; {@code namespace} "" for cluster-scoped kinds. */
    Optional<StoredObject> current(String kind, String namespace, String name);

    /** Creates {@code body} (a whole object of kind {@code info}). */
    StoredObject create(KindInfo info, ObjectNode body);

    /** Replaces the object with {@code body}, only if it is still at {@code resourceVersion}. */
    StoredObject update(KindInfo info, ObjectNode body, long resourceVersion);

    /** Replaces the object's status with {@code body}'s, only if it is still at {@code resourceVersion}. */
    StoredObject updateStatus(KindInfo info, ObjectNode body, long resourceVersion);

    /** Deletes the object, only if it is still at {@code resourceVersion}. */
    void delete(KindInfo info, String namespace, String name, long resourceVersion);
}
