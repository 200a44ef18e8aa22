package io.meshgate.api;

import io.meshgate.ca.CertificateAuthority;
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
 * <p>The REST API's resource reads come from the cluster too ({@code reads}), and its resource writes
 * (apply, PUT, PATCH, DELETE, status, revert) go to the cluster ({@code writer}) after the same
 * validation as in standalone mode; their audit rows are those of the changes observed, naming the
 * API's caller ({@code actors}, shared with the {@link ObservedChangeAudit} that records them).
 *
 * @param source     what the reconciler reads (started and listed by the caller before the server starts)
 * @param statusSink where the reconciler's statuses go
 * @param reads      where the REST API's resource reads come from (the informers' caches)
 * @param writer     where the REST API's resource writes go (the API server)
 * @param actors     who asked for the API's writes, until they are observed
 * @param controllerSignals the informers' changes and this replica's leadership, for the control
 *                   plane's own controllers (certificates), which read {@code reads}, write through
 *                   {@code writer} and run on the leader only; null: a replica that never leads, so
 *                   those controllers never write
 * @param ca         the mesh CA every replica shares (kept in a cluster Secret), or null for the one in
 *                   the data directory (one per pod: only right for a single replica)
 * @param serviceAccountTokens the cluster's TokenReview, with which pods' service-account tokens authenticate
 *                   sidecars; null = sidecars need Meshgate sidecar tokens as in standalone mode
 * @param watchEvents what {@code /api/v1/watch} follows: the changes the informers observe (null: the store's
 *                    event log, which nothing writes in this mode)
 * @param egressGateway the egress gateway's service account and proxy name, with which it exchanges its
 *                    service-account token for its proxy token ({@link EgressGatewayRegistration}); null =
 *                    the egress gateway needs a proxy token made by an admin
 */
public record ClusterBinding(SnapshotSource source, StatusSink statusSink, ResourceReads reads, ClusterWriter writer,
                             ExpectedActors actors, ControllerSignals controllerSignals, CertificateAuthority ca,
                             ServiceAccountTokens serviceAccountTokens, ObservedWatchEvents watchEvents,
                             EgressGatewayServiceAccount egressGateway) {
    public ClusterBinding {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(statusSink, "statusSink");
        Objects.requireNonNull(reads, "reads");
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(actors, "actors");
        controllerSignals = controllerSignals == null ? new ControllerSignals() : controllerSignals;
    }

    /**
     * A binding whose controllers never write (no one tells it of leadership), whose server keeps its own
     * CA in the data directory, and whose sidecars authenticate with Meshgate sidecar tokens only (no
     * TokenReview).
     */
    public ClusterBinding(SnapshotSource source, StatusSink statusSink, ResourceReads reads, ClusterWriter writer,
                          ExpectedActors actors) {
        this(source, statusSink, reads, writer, actors, null, null, null, null, null);
    }

    /** A binding whose watch follows the store's event log (tests that do not watch). */
    public ClusterBinding(SnapshotSource source, StatusSink statusSink, ResourceReads reads, ClusterWriter writer,
                          ExpectedActors actors, ControllerSignals controllerSignals, CertificateAuthority ca,
                          ServiceAccountTokens serviceAccountTokens) {
        this(source, statusSink, reads, writer, actors, controllerSignals, ca, serviceAccountTokens, null);
    }

    /** A binding without an egress gateway service account. */
    public ClusterBinding(SnapshotSource source, StatusSink statusSink, ResourceReads reads, ClusterWriter writer,
                          ExpectedActors actors, ControllerSignals controllerSignals, CertificateAuthority ca,
                          ServiceAccountTokens serviceAccountTokens, ObservedWatchEvents watchEvents) {
        this(source, statusSink, reads, writer, actors, controllerSignals, ca, serviceAccountTokens, watchEvents, null);
    }
}
