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
 * @param source     what the reconciler reads (started and listed by the caller before the server starts)
 * @param statusSink where the reconciler's statuses go
 */
public record ClusterBinding(SnapshotSource source, StatusSink statusSink) {
    public ClusterBinding {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(statusSink, "statusSink");
    }
}
