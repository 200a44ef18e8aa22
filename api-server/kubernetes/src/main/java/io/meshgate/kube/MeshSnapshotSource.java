package io.meshgate.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.meshgate.reconcile.ResourceSnapshot;
import io.meshgate.reconcile.SnapshotObject;
import io.meshgate.reconcile.SnapshotSource;
import io.meshgate.resources.Resource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Kubernetes mode's {@link SnapshotSource} for the whole control plane: every kind of the
 * resource model from {@link MeshInformers}, converted to typed resources ({@link KubeResources},
 * once per uid and resourceVersion), with one Endpoints per Service folded from its EndpointSlices.
 * Every informer event is a change; the snapshot's revision counts them.
 *
 * <p>Unlike the ingress controller's source, nothing is filtered here: every MeshConfig, every
 * Ingress; the translators choose, as they do over the store.
 */
public final class MeshSnapshotSource implements SnapshotSource {
    private final AtomicLong changes = new AtomicLong();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final KubeResources converter = new KubeResources();
    private volatile MeshInformers informers;

    /** The informers this source reads (built with {@link #changed} as their change handler). */
    public void readFrom(MeshInformers value) {
        informers = value;
    }

    /** An informer event: counted, and every listener told. Safe from fabric8's threads. */
    public void changed() {
        changes.incrementAndGet();
        listeners.forEach(Runnable::run);
    }

    @Override
    public synchronized ResourceSnapshot read() {
        MeshInformers from = informers;
        if (from == null) {
            throw new IllegalStateException("the snapshot source has no informers yet");
        }
        // read the count first: an event during the read bumps it again and asks for another pass
        long revision = changes.get();
        try {
            Map<String, List<SnapshotObject>> byKind = new LinkedHashMap<>();
            from.kinds().forEach((kind, watched) -> byKind.put(kind, typed(watched, from.list(kind))));
            byKind.put("Endpoints", EndpointSlices.toEndpoints(from.endpointSlices()).stream()
                    .map(endpoints -> new SnapshotObject(endpoints, null)).toList());
            return new ResourceSnapshot(revision, byKind);
        } finally {
            converter.sweep();
        }
    }

    private List<SnapshotObject> typed(WatchedKind kind, List<GenericKubernetesResource> objects) {
        List<SnapshotObject> out = new ArrayList<>(objects.size());
        for (GenericKubernetesResource listed : objects) {
            GenericKubernetesResource object = withType(kind, listed);
            Optional<Resource> resource = converter.convert(object);
            resource.filter(r -> r.name() != null).ifPresent(r -> out.add(new SnapshotObject(r,
                    object.getMetadata() == null ? null : object.getMetadata().getResourceVersion())));
        }
        return out;
    }

    /** The object with apiVersion and kind set (list items may come without them); the cached one is not changed. */
    private static GenericKubernetesResource withType(WatchedKind kind, GenericKubernetesResource object) {
        if (object.getKind() != null && object.getApiVersion() != null) {
            return object;
        }
        GenericKubernetesResource typed = new GenericKubernetesResource();
        typed.setApiVersion(object.getApiVersion() != null ? object.getApiVersion() : kind.info().preferredApiVersion());
        typed.setKind(object.getKind() != null ? object.getKind() : kind.kind());
        typed.setMetadata(object.getMetadata());
        typed.setAdditionalProperties(object.getAdditionalProperties());
        return typed;
    }

    @Override
    public void addChangeListener(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void removeChangeListener(Runnable listener) {
        listeners.remove(listener);
    }

    /** How many objects were parsed so far (an unchanged object once). */
    public long parses() {
        return converter.parses();
    }
}
