package io.meshgate.api;

import io.meshgate.reconcile.SnapshotSource;
import io.meshgate.reconcile.StatusSink;
import java.util.Objects;

/**
 * The Kubernetes mode of the control plane, "the cluster is the store": the reconciler reads the
 * cluster ({@code source}, informers over every kind) and writes statuses to its objects
 * ({@code statusSink}, leader only), instead of the store. The server then starts none of the
 * store's controllers that make objects Kubernetes makes itself on a cluster (Endpoints from Pods,
 * Service cluster IPs, the default MeshConfig and the embedded gateways' Services). Tokens, proxy
 * registrations and the audit history stay in the database.
 *
 * <p>The REST API's resource reads come from the cluster too ({@code reads}); its resource writes
 * (apply, PUT, PATCH, DELETE, status, revert) are refused with a 409 saying so, since writing them
 * to the cluster is not built yet: a write to the store would make a second source of truth that
 * nothing reads. Validation (apply with {@code dryRun}) answers as in standalone mode.
 *
 * @param source     what the reconciler reads (started and listed by the caller before the server starts)
 * @param statusSink where the reconciler's statuses go
 * @param reads      where the REST API's resource reads come from (the informers' caches)
 */
public record ClusterBinding(SnapshotSource source, StatusSink statusSink, ResourceReads reads) {
    /** The 409's detail for a resource write in Kubernetes mode. */
    public static final String WRITE_REFUSAL = "in Kubernetes mode the cluster is the store: write resources with"
            + " kubectl or helm (the REST API and the console do not write to the cluster yet; dryRun validates)";

    public ClusterBinding {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(statusSink, "statusSink");
        Objects.requireNonNull(reads, "reads");
    }
}
