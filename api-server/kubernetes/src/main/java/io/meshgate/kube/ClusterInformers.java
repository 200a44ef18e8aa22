package io.meshgate.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.meshgate.resources.KindInfo;
import io.meshgate.resources.KindRegistry;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The informers the controller reads: Ingresses, IngressClasses, Services, EndpointSlices and
 * Secrets of every namespace, the MeshConfigs of the controller's namespace, the IngressBackends
 * and SMI TrafficSplits of every namespace (custom kinds, as generic resources with the group,
 * version and plural of {@link KindRegistry}).
 *
 * <p>Every event only calls {@code onChange} (guarded, so a failing callback can never stop an
 * informer). Informers retry after any error, including a failed first list: fabric8 then
 * re-lists and re-watches with backoff, which is what carries the controller across API-server
 * restarts, while the caches keep the last state seen.
 *
 * <p>FSM's and SMI's CRDs may be missing (Meshgate without FSM): their informers do not hold up the first sync
 * for more than a few seconds, a missing CRD is logged once, and they keep retrying in the
 * background, so a CRD installed later is picked up.
 */
public final class ClusterInformers implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ClusterInformers.class.getName());
    /** FSM's CRDs may be missing: the first sync does not wait long for them. */
    private static final Duration OPTIONAL_SYNC_WAIT = Duration.ofSeconds(5);

    private final SharedIndexInformer<Ingress> ingresses;
    private final SharedIndexInformer<IngressClass> ingressClasses;
    private final SharedIndexInformer<Service> services;
    private final SharedIndexInformer<EndpointSlice> endpointSlices;
    private final SharedIndexInformer<Secret> secrets;
    private final SharedIndexInformer<GenericKubernetesResource> meshConfigs;
    private final SharedIndexInformer<GenericKubernetesResource> ingressBackends;
    private final SharedIndexInformer<GenericKubernetesResource> trafficSplits;
    private final Set<SharedIndexInformer<?>> optional;
    private final Map<SharedIndexInformer<?>, String> names = new HashMap<>();
    private final List<SharedIndexInformer<?>> all = new ArrayList<>();
    private final ChangeSignal handler;
    private volatile CompletableFuture<Void> synced;

    private ClusterInformers(KubernetesClient client, String namespace, Runnable onChange) {
        ingresses = client.network().v1().ingresses().inAnyNamespace().runnableInformer(0);
        ingressClasses = client.network().v1().ingressClasses().runnableInformer(0);
        services = client.services().inAnyNamespace().runnableInformer(0);
        endpointSlices = client.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0);
        secrets = client.secrets().inAnyNamespace().runnableInformer(0);
        meshConfigs = client.genericKubernetesResources(meshConfigContext()).inNamespace(namespace).runnableInformer(0);
        ingressBackends = client.genericKubernetesResources(ingressBackendContext()).inAnyNamespace().runnableInformer(0);
        trafficSplits = client.genericKubernetesResources(crdContext("TrafficSplit")).inAnyNamespace().runnableInformer(0);
        all.addAll(List.of(ingresses, ingressClasses, services, endpointSlices, secrets, meshConfigs, ingressBackends,
                trafficSplits));
        optional = Set.of(meshConfigs, ingressBackends, trafficSplits);
        names.put(meshConfigs, "MeshConfig");
        names.put(ingressBackends, "IngressBackend");
        names.put(trafficSplits, "TrafficSplit");
        handler = new ChangeSignal(onChange);
    }

    /** Creates the informers; nothing is listed or watched before {@link #start()}. */
    public static ClusterInformers create(KubernetesClient client, String namespace, Runnable onChange) {
        return new ClusterInformers(client, namespace, onChange);
    }

    /** Starts listing and watching; {@code onChange} then runs on fabric8's threads for every event. */
    public ClusterInformers start() {
        List<CompletableFuture<Void>> required = new ArrayList<>();
        for (SharedIndexInformer<?> informer : all) {
            informer.addEventHandler(handler);
            String name = names.getOrDefault(informer, informer.getApiTypeClass().getSimpleName());
            AtomicBoolean toldMissing = new AtomicBoolean();
            informer.exceptionHandler((started, error) -> {
                if (optional.contains(informer) && error instanceof KubernetesClientException e && e.getCode() == 404) {
                    if (toldMissing.compareAndSet(false, true)) {
                        LOG.log(Level.INFO, "the " + name + " CRD is not installed: going on without it"
                                + " (it is picked up if installed later)");
                    }
                } else {
                    LOG.log(Level.WARNING, "watch of " + name + " failed, retrying: " + error.getMessage());
                }
                return true;
            });
            CompletableFuture<Void> start = informer.start().toCompletableFuture();
            if (optional.contains(informer)) {
                start = start.exceptionally(e -> null)
                        .completeOnTimeout(null, OPTIONAL_SYNC_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            required.add(start);
        }
        synced = CompletableFuture.allOf(required.toArray(CompletableFuture[]::new));
        return this;
    }

    /** The MeshConfig kind as the seed manifests and {@link KindRegistry} name it. */
    static ResourceDefinitionContext meshConfigContext() {
        return crdContext("MeshConfig");
    }

    /** FSM's IngressBackend kind ({@code policy.flomesh.io/v1alpha1}, {@code ingressbackends}). */
    static ResourceDefinitionContext ingressBackendContext() {
        return crdContext("IngressBackend");
    }

    static ResourceDefinitionContext crdContext(String kind) {
        KindInfo info = KindRegistry.standard().byKind(kind).orElseThrow();
        String version = info.preferredApiVersion().substring(info.preferredApiVersion().indexOf('/') + 1);
        return new ResourceDefinitionContext.Builder().withGroup(info.group()).withVersion(version)
                .withPlural(info.plural()).withKind(info.kind()).withNamespaced(info.namespaced()).build();
    }

    /** Completes when every cache has its first full list (the custom kinds' at most a few seconds late). */
    public CompletableFuture<Void> synced() {
        if (synced == null) {
            throw new IllegalStateException("informers not started");
        }
        return synced;
    }

    /** True while every informer has a watch open (false during an API-server outage). */
    public boolean watching() {
        return all.stream().allMatch(SharedIndexInformer::isWatching);
    }

    /** The caches' content right now. */
    public ClusterSnapshot snapshot() {
        return new ClusterSnapshot(ingresses.getStore().list(), ingressClasses.getStore().list(),
                services.getStore().list(), endpointSlices.getStore().list(), secrets.getStore().list(),
                meshConfigs.getStore().list(), ingressBackends.getStore().list(), trafficSplits.getStore().list());
    }

    /** An Ingress from the cache. */
    public Optional<Ingress> ingress(String namespace, String name) {
        return Optional.ofNullable(ingresses.getStore().getByKey(namespace + "/" + name));
    }

    /** A Service from the cache. */
    public Optional<Service> service(String namespace, String name) {
        return Optional.ofNullable(services.getStore().getByKey(namespace + "/" + name));
    }

    /** An IngressBackend from the cache. */
    public Optional<GenericKubernetesResource> ingressBackend(String namespace, String name) {
        return Optional.ofNullable(ingressBackends.getStore().getByKey(namespace + "/" + name));
    }

    @Override
    public void close() {
        for (SharedIndexInformer<?> informer : all) {
            try {
                informer.stop();
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "stopping an informer failed", e);
            }
        }
    }
}
