package io.meshgate.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshgate.config.ProxyConfig;
import io.meshgate.reconcile.ProxyIdentity;
import io.meshgate.reconcile.Reconciler;
import io.meshgate.reconcile.TranslatorRegistry;
import io.meshgate.reconcile.distribution.ConfigBoard;
import io.meshgate.reconcile.distribution.InProcessProxy;
import io.meshgate.reconcile.distribution.InProcessProxy.ConfigApplier;
import io.meshgate.reconcile.ingress.IngressProxyTranslator;
import io.meshgate.resources.Condition;
import io.meshgate.resources.ResourceKey;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One ingress controller pod, wired like the standalone control plane around the shared
 * {@link Reconciler}: the informer caches are its snapshot source ({@link InformerSnapshotSource}),
 * the ingress translator builds the config of the embedded proxy, which the kernel applies in
 * process ({@link InProcessProxy}), and statuses go to the cluster ({@link KubernetesStatusSink}),
 * written only while a {@link LeaderElection} says this pod leads. Close it to stop all of it (the
 * kernel is the caller's).
 */
public final class IngressController implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(IngressController.class.getName());
    /** The name the embedded proxy's config is published under. */
    static final String EMBEDDED_PROXY = "embedded-ingress";

    private final ControllerOptions options;
    private final ClusterInformers informers;
    private final ConfigBoard board = new ConfigBoard();
    private final InProcessProxy kernel;
    private final KubernetesStatusSink statuses;
    private final Reconciler reconciler;
    private final LeaderElection election;

    private IngressController(KubernetesClient client, ControllerOptions options, ConfigApplier applier,
                              String identity) {
        this.options = options;
        InformerSnapshotSource source = new InformerSnapshotSource();
        this.informers = ClusterInformers.create(client, options.namespace(), source::changed);
        source.readFrom(informers);
        this.kernel = new InProcessProxy(EMBEDDED_PROXY, board, applier);
        this.statuses = new KubernetesStatusSink(client, informers, options.publishService(), identity,
                options.leaderTiming().retryPeriod(), Clock.systemUTC());
        // the address Ingress statuses show is the publish Service's, which the status sink writes
        TranslatorRegistry translators = TranslatorRegistry.standard(
                new IngressProxyTranslator(new ClusterIngressSettings(options), null));
        this.reconciler = new Reconciler(source, () -> List.of(new ProxyIdentity(EMBEDDED_PROXY, "ingress")),
                translators, board, kernel, options.debounce(), statuses);
        this.election = new LeaderElection(client, options.namespace(), options.leaseName(), identity,
                options.leaderTiming(), statuses::setLeader);
    }

    /**
     * Starts the informers, waits up to {@code syncTimeout} for their first list, then starts the
     * reconciler (its first pass builds the first config) and standing for leader. Nothing is
     * built before the first full list, so a half-listed cluster is never served.
     *
     * @param applier  where configs go (the kernel's {@code apply}, which throws on a refused config)
     * @param identity this pod's leader-election identity ({@link LeaderElection#defaultIdentity()})
     * @throws IllegalStateException when the caches do not sync in time (the controller is closed)
     */
    public static IngressController start(KubernetesClient client, ControllerOptions options, ConfigApplier applier,
                                          String identity, Duration syncTimeout) {
        Objects.requireNonNull(client, "client");
        IngressController controller = new IngressController(client, options, applier, identity);
        try {
            controller.informers.start().synced().get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            controller.close();
            throw new IllegalStateException("the informers did not sync with the API server within " + syncTimeout, e);
        } catch (InterruptedException e) {
            controller.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the informers", e);
        }
        LOG.log(Level.INFO, "informers synced; serving Ingresses of class " + options.ingressClass());
        controller.reconciler.start();
        controller.election.start();
        return controller;
    }

    /** The shared reconcile loop (its passes, the revision it reached). */
    public Reconciler reconciler() {
        return reconciler;
    }

    /** The config last applied to the kernel, or null before the first. */
    public ProxyConfig applied() {
        return kernel.applied();
    }

    /** The conditions of the Ingresses of our class, as the last pass said them. */
    public Map<ResourceKey, List<Condition>> ingressConditions() {
        return statuses.ingressConditions();
    }

    /** True while every informer has a watch open on the API server (false while it is unreachable). */
    public boolean watching() {
        return informers.watching();
    }

    public boolean isLeader() {
        return election.isLeader();
    }

    public String identity() {
        return election.identity();
    }

    /** Status writes (Ingress and IngressBackend) done by this pod. */
    public long statusWrites() {
        return statuses.statusWrites();
    }

    /** Ingress condition Events created or bumped by this pod (only while it leads). */
    public long eventWrites() {
        return statuses.eventWrites();
    }

    public ControllerOptions options() {
        return options;
    }

    /** Stops election (releasing the Lease if held), status writes, the reconciler and the informers. */
    @Override
    public void close() {
        election.close();
        statuses.close();
        reconciler.close();
        board.close();
        informers.close();
    }
}
