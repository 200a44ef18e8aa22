package io.meshgate.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshgate.kube.ControllerOptions.LeaderTiming;
import io.meshgate.reconcile.SnapshotSource;
import io.meshgate.reconcile.StatusSink;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The control plane's Kubernetes mode, "the cluster is the store": informers over every kind of the
 * resource model ({@link MeshInformers}) are the reconciler's snapshot source
 * ({@link MeshSnapshotSource}); statuses go to the objects' {@code /status} subresources
 * ({@link MeshStatusSink}), written by the leader of the Lease {@code leaseName} only; every change
 * the informers observe goes to {@code observer} (the audit history). The reconciler, the
 * translators and config distribution are the standalone mode's, plugged into these two seams.
 *
 * <p>{@link #start} lists every kind and waits for the first full list (bounded), then stands for
 * leader. Start the reconciler only after: a half-listed cluster must never be translated.
 */
public final class ClusterControlPlane implements AutoCloseable {
    /** The Lease the control plane's replicas share (apart from the ingress controller's). */
    public static final String DEFAULT_LEASE_NAME = "meshgate-control-plane-leader";
    private static final Duration STATUS_RETRY = Duration.ofSeconds(2);

    private final MeshInformers informers;
    private final MeshSnapshotSource source = new MeshSnapshotSource();
    private final MeshStatusSink statusSink;
    private final LeaderElection election;
    /** Told of leadership besides the status sink (the control plane's certificate controllers). */
    private final List<Consumer<Boolean>> leadershipListeners = new CopyOnWriteArrayList<>();

    /**
     * @param namespace where the Lease is kept (the control plane's namespace, {@code fsm-system})
     * @param identity  this replica's leader identity ({@link LeaderElection#defaultIdentity()})
     * @param observer  told of every add, update and delete of an object of the model
     */
    public ClusterControlPlane(KubernetesClient client, String namespace, String leaseName, String identity,
                               LeaderTiming timing, ObservedChange.Listener observer) {
        Objects.requireNonNull(client, "client");
        this.informers = new MeshInformers(client, WatchedKind.all(), source::changed, observer);
        source.readFrom(informers);
        this.statusSink = new MeshStatusSink(client, informers, Clock.systemUTC(), STATUS_RETRY);
        this.election = new LeaderElection(client, namespace, leaseName, identity, timing, this::leadership);
    }

    private void leadership(boolean leads) {
        statusSink.setLeader(leads);
        leadershipListeners.forEach(listener -> listener.accept(leads));
    }

    /**
     * Tells {@code listener} too when this replica starts ({@code true}) or stops leading. Call before
     * {@link #start}, which stands for leader.
     */
    public ClusterControlPlane onLeadership(Consumer<Boolean> listener) {
        leadershipListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Lists and watches every kind, waits up to {@code firstSync} for the first full list, then
     * stands for leader.
     *
     * @throws IllegalStateException when the cluster could not be listed in time
     */
    public ClusterControlPlane start(Duration firstSync) {
        informers.start();
        try {
            informers.synced().get(firstSync.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the cluster was not listed within " + firstSync.toSeconds()
                    + " s (is the API server reachable, may this service account list every kind?)", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("listing the cluster failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing the cluster", e);
        }
        election.start();
        return this;
    }

    /** What the reconciler reads. */
    public SnapshotSource source() {
        return source;
    }

    /** Where the reconciler's statuses go. */
    public StatusSink statusSink() {
        return statusSink;
    }

    /** The informers (the API's reads in Kubernetes mode come from their caches). */
    public MeshInformers informers() {
        return informers;
    }

    /** True while this replica writes statuses. */
    public boolean isLeader() {
        return election.isLeader();
    }

    /** Status writes done by this replica. */
    public long statusWrites() {
        return statusSink.writes();
    }

    /** Releases the Lease, stops writing and watching. */
    @Override
    public void close() {
        try {
            election.close();
        } finally {
            try {
                statusSink.close();
            } finally {
                informers.close();
            }
        }
    }
}
