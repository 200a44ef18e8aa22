package io.meshgate.kube;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.meshgate.kube.ControllerOptions.ServiceRef;
import io.meshgate.resources.ResourceKey;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes {@code status.loadBalancer} of our Ingresses (see {@link PublishedAddress}) through the
 * {@code /status} subresource, only while this pod is the leader and only where it differs, so N
 * replicas do not fight over it and an unchanged cluster sees no writes. Runs on its own thread:
 * a slow API server never delays serving a new config.
 *
 * <p>Writes carry the cached resourceVersion; a conflict (someone changed the Ingress meanwhile)
 * is simply retried once the informer has the newer object. Other failures are retried after
 * {@code retryDelay}. Status is never cleared: when the publish Service has no address, or an
 * Ingress leaves our class, what is there stays.
 */
public final class IngressStatusWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(IngressStatusWriter.class.getName());

    private final KubernetesClient client;
    private final ClusterInformers informers;
    private final ServiceRef publishService;
    private final Duration retryDelay;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong writes = new AtomicLong();
    private volatile boolean leader;
    private volatile Set<ResourceKey> ours = Set.of();
    private volatile boolean warnedNoAddress;

    public IngressStatusWriter(KubernetesClient client, ClusterInformers informers, ServiceRef publishService,
                               Duration retryDelay) {
        this.client = Objects.requireNonNull(client, "client");
        this.informers = Objects.requireNonNull(informers, "informers");
        this.publishService = Objects.requireNonNull(publishService, "publishService");
        this.retryDelay = Objects.requireNonNull(retryDelay, "retryDelay");
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "meshgate-ingress-status");
            t.setDaemon(true);
            return t;
        });
    }

    /** Leadership gained or lost; gaining it checks every Ingress at once. */
    public void setLeader(boolean value) {
        leader = value;
        if (value) {
            request(0);
        }
    }

    public boolean isLeader() {
        return leader;
    }

    /** The Ingresses of our class after a translation; checked if we lead. */
    public void ingressesChanged(Set<ResourceKey> keys) {
        ours = Set.copyOf(keys);
        request(0);
    }

    /** Status writes done by this writer (for tests and logs). */
    public long writes() {
        return writes.get();
    }

    private void request(long delayMillis) {
        if (leader && scheduled.compareAndSet(false, true)) {
            try {
                thread.schedule(this::sync, delayMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                scheduled.set(false);
            }
        }
    }

    private void sync() {
        scheduled.set(false);
        if (!leader) {
            return;
        }
        boolean retry = false;
        try {
            List<PublishedAddress.Address> desired = PublishedAddress.of(
                    informers.service(publishService.namespace(), publishService.name()).orElse(null));
            if (desired.isEmpty()) {
                if (!warnedNoAddress) {
                    LOG.log(Level.WARNING, "publish Service " + publishService
                            + " has no address yet (missing, headless or pending): Ingress status left as it is");
                    warnedNoAddress = true;
                }
                return;
            }
            warnedNoAddress = false;
            for (ResourceKey key : ours) {
                if (!leader) {
                    return;
                }
                Ingress ingress = informers.ingress(key.namespace(), key.name()).orElse(null);
                if (ingress != null && !desired.equals(PublishedAddress.current(ingress.getStatus()))) {
                    retry |= !write(ingress, desired);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Ingress status update failed; retrying", e);
            retry = true;
        }
        if (retry) {
            request(retryDelay.toMillis());
        }
    }

    /** Writes one status; false when it should be retried later. */
    private boolean write(Ingress ingress, List<PublishedAddress.Address> desired) {
        Ingress updated = new IngressBuilder(ingress)
                .editOrNewStatus().withNewLoadBalancer().withIngress(PublishedAddress.toStatus(desired))
                .endLoadBalancer().endStatus().build();
        String name = ingress.getMetadata().getNamespace() + "/" + ingress.getMetadata().getName();
        try {
            client.network().v1().ingresses().inNamespace(ingress.getMetadata().getNamespace())
                    .resource(updated).updateStatus();
            writes.incrementAndGet();
            LOG.log(Level.INFO, "Ingress " + name + " status.loadBalancer set to " + desired);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return true; // deleted meanwhile: nothing to do
            }
            if (e.getCode() == 409) {
                // the informer brings the newer object, and its event another round
                LOG.log(Level.DEBUG, "Ingress " + name + " changed while writing its status; will retry");
            } else {
                LOG.log(Level.WARNING, "cannot write the status of Ingress " + name + ": " + e.getMessage());
            }
            return false;
        }
    }

    @Override
    public void close() {
        leader = false;
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
