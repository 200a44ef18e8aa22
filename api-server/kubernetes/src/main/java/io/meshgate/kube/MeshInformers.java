package io.meshgate.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The whole control plane's informers: one per kind of the resource model ({@link WatchedKind#all()}),
 * all namespaces, as generic resources at the group/version/plural of {@code KindRegistry}, plus
 * EndpointSlices (typed) in place of Endpoints.
 *
 * <p>A custom kind whose CRD is not installed is logged once and left empty; its informer keeps
 * retrying, so a CRD installed later is picked up without a restart. It holds up the first sync for
 * at most {@link #OPTIONAL_SYNC_WAIT}. Every event tells {@code onChange} (a rebuild request) and
 * the {@link ObservedChange.Listener} (the audit history); neither can stop an informer by throwing.
 */
public final class MeshInformers implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MeshInformers.class.getName());
    /** A CRD may be missing: the first sync does not wait long for it. */
    static final Duration OPTIONAL_SYNC_WAIT = Duration.ofSeconds(5);

    private final Map<String, WatchedKind> kinds = new LinkedHashMap<>();
    private final Map<String, WatchedKind> kindsView = java.util.Collections.unmodifiableMap(kinds);
    private final Map<String, SharedIndexInformer<GenericKubernetesResource>> byKind = new LinkedHashMap<>();
    private final SharedIndexInformer<EndpointSlice> endpointSlices;
    private final ChangeSignal signal;
    private final ObservedChange.Listener observer;
    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final Map<String, AtomicBoolean> missing = new HashMap<>();
    private volatile CompletableFuture<Void> synced;

    /**
     * @param onChange told after every event (cheap: it marks the reconciler dirty)
     * @param observer told of every add, update and delete, with the objects as JSON
     */
    public MeshInformers(KubernetesClient client, List<WatchedKind> watched, Runnable onChange,
                         ObservedChange.Listener observer) {
        this.signal = new ChangeSignal(Objects.requireNonNull(onChange, "onChange"));
        this.observer = Objects.requireNonNull(observer, "observer");
        for (WatchedKind kind : watched) {
            kinds.put(kind.kind(), kind);
            var all = client.genericKubernetesResources(kind.context()).inAnyNamespace();
            // never the mesh CA's Secret: its key must not reach the caches the REST API, the snapshot
            // and the audit history read (CaSecret; only the control plane's start reads it, directly)
            byKind.put(kind.kind(), kind.kind().equals("Secret")
                    ? all.withoutLabel(CaSecret.LABEL, CaSecret.LABEL_VALUE).runnableInformer(0)
                    : all.runnableInformer(0));
            missing.put(kind.kind(), new AtomicBoolean());
        }
        endpointSlices = client.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0);
    }

    /** Starts listing and watching every kind. */
    public MeshInformers start() {
        List<CompletableFuture<Void>> first = new ArrayList<>();
        byKind.forEach((name, informer) -> {
            WatchedKind kind = kinds.get(name);
            informer.addEventHandler(new Observer(kind));
            informer.exceptionHandler((started, error) -> {
                if (kind.custom() && error instanceof KubernetesClientException e && e.getCode() == 404) {
                    if (missing.get(name).compareAndSet(false, true)) {
                        LOG.log(Level.INFO, "the " + name + " CRD (" + kind.info().plural() + "."
                                + kind.context().getGroup() + ") is not installed: going on without " + name
                                + " objects (picked up if it is installed later)");
                    }
                } else {
                    LOG.log(Level.WARNING, "watch of " + name + " failed, retrying: " + error.getMessage());
                }
                return true;
            });
            CompletableFuture<Void> start = informer.start().toCompletableFuture();
            if (kind.custom()) {
                start = start.exceptionally(e -> null)
                        .completeOnTimeout(null, OPTIONAL_SYNC_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            first.add(start);
        });
        // EndpointSlices only ask for a rebuild: the audit history records objects of the model, not slices
        endpointSlices.addEventHandler(signal);
        endpointSlices.exceptionHandler((started, error) -> {
            LOG.log(Level.WARNING, "watch of EndpointSlice failed, retrying: " + error.getMessage());
            return true;
        });
        first.add(endpointSlices.start().toCompletableFuture());
        synced = CompletableFuture.allOf(first.toArray(CompletableFuture[]::new));
        return this;
    }

    /** Completes when every cache has its first full list (a missing CRD's after a few seconds at most). */
    public CompletableFuture<Void> synced() {
        if (synced == null) {
            throw new IllegalStateException("informers not started");
        }
        return synced;
    }

    /** True when the CRD of {@code kind} was found missing (logged once). */
    public boolean missing(String kind) {
        AtomicBoolean flag = missing.get(kind);
        return flag != null && flag.get();
    }

    /** The kinds watched, by name (read on every pass: no copy). */
    public Map<String, WatchedKind> kinds() {
        return kindsView;
    }

    /** Every cached object of {@code kind} (empty for a kind not watched). */
    public List<GenericKubernetesResource> list(String kind) {
        SharedIndexInformer<GenericKubernetesResource> informer = byKind.get(kind);
        return informer == null ? List.of() : informer.getStore().list();
    }

    /** Every cached EndpointSlice. */
    public List<EndpointSlice> endpointSlices() {
        return endpointSlices.getStore().list();
    }

    /** One cached object; {@code namespace} null or "" for cluster-scoped kinds. */
    public Optional<GenericKubernetesResource> get(String kind, String namespace, String name) {
        SharedIndexInformer<GenericKubernetesResource> informer = byKind.get(kind);
        if (informer == null) {
            return Optional.empty();
        }
        String key = namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
        return Optional.ofNullable(informer.getStore().getByKey(key));
    }

    /** True while every informer has a watch open. */
    public boolean watching() {
        return endpointSlices.isWatching() && byKind.entrySet().stream()
                .allMatch(e -> e.getValue().isWatching() || missing(e.getKey()));
    }

    @Override
    public void close() {
        List<SharedIndexInformer<?>> all = new ArrayList<>(byKind.values());
        all.add(endpointSlices);
        for (SharedIndexInformer<?> informer : all) {
            try {
                informer.stop();
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "stopping an informer failed", e);
            }
        }
    }



    /** Objects of one kind: a rebuild request, then the change for the audit history. */
    private final class Observer implements ResourceEventHandler<GenericKubernetesResource> {
        private final WatchedKind kind;

        Observer(WatchedKind kind) {
            this.kind = kind;
        }

        @Override
        public void onAdd(GenericKubernetesResource obj) {
            signal.run();
            observe(null, obj);
        }

        @Override
        public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
            signal.run();
            // a resync hands the same object again: nothing changed
            if (!Objects.equals(version(oldObj), version(newObj))) {
                observe(oldObj, newObj);
            }
        }

        @Override
        public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
            signal.run();
            observe(obj, null);
        }

        private void observe(GenericKubernetesResource before, GenericKubernetesResource after) {
            try {
                GenericKubernetesResource any = after != null ? after : before;
                boolean statusOnly = before != null && after != null && sameBeyondStatus(before, after);
                observer.observed(new ObservedChange(kind.kind(), any.getMetadata().getNamespace(),
                        any.getMetadata().getName(), json(before), json(after),
                        after == null ? ObservedChange.UNKNOWN_ACTOR : FieldManagers.lastManager(after),
                        version(any), statusOnly));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "recording a change of " + kind.kind() + " failed", e);
            }
        }

        private String json(GenericKubernetesResource object) {
            if (object == null) {
                return null;
            }
            // informers list items without apiVersion/kind on some servers: the kind is known here
            GenericKubernetesResource copy = serialization.clone(object);
            if (copy.getApiVersion() == null) {
                copy.setApiVersion(kind.info().preferredApiVersion());
            }
            if (copy.getKind() == null) {
                copy.setKind(kind.kind());
            }
            return serialization.asJson(copy);
        }
    }

    private static String version(GenericKubernetesResource object) {
        return object == null || object.getMetadata() == null ? null : object.getMetadata().getResourceVersion();
    }

    /** Same spec, labels, annotations and everything else but status (a status subresource write). */
    static boolean sameBeyondStatus(GenericKubernetesResource before, GenericKubernetesResource after) {
        Map<String, Object> a = new HashMap<>(before.getAdditionalProperties());
        Map<String, Object> b = new HashMap<>(after.getAdditionalProperties());
        a.remove("status");
        b.remove("status");
        if (!a.equals(b)) {
            return false;
        }
        var ma = before.getMetadata();
        var mb = after.getMetadata();
        return Objects.equals(ma.getLabels(), mb.getLabels()) && Objects.equals(ma.getAnnotations(), mb.getAnnotations())
                && Objects.equals(ma.getGeneration(), mb.getGeneration());
    }
}
