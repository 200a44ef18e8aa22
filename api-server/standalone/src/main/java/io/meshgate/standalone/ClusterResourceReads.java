package io.meshgate.standalone;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.meshgate.api.ResourceReads;
import io.meshgate.db.Page;
import io.meshgate.db.StoredObject;
import io.meshgate.kube.MeshInformers;
import io.meshgate.kube.WatchedKind;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The REST API's resource reads in Kubernetes mode: the informers' caches (what the reconciler
 * reads too), as the store's {@link StoredObject}s, so the API and the console show the cluster.
 * The resourceVersion is the cluster's (a number on every API server backed by etcd; 0 where it is
 * not). {@code metadata.managedFields} is left out, as {@code kubectl get} does. Endpoints are folded
 * from the cached EndpointSlices, as the reconciler reads them ({@link ClusterEndpoints}).
 */
final class ClusterResourceReads implements ResourceReads {
    private static final Comparator<StoredObject> ORDER = Comparator.comparing(StoredObject::namespace)
            .thenComparing(StoredObject::name);
    /** Not watched as such: folded from EndpointSlices. */
    private static final String ENDPOINTS = "Endpoints";

    private final MeshInformers informers;
    private final ClusterObjects objects = new ClusterObjects();

    ClusterResourceReads(MeshInformers informers) {
        this.informers = Objects.requireNonNull(informers, "informers");
    }

    @Override
    public Optional<StoredObject> get(String kind, String namespace, String name) {
        if (kind.equals(ENDPOINTS)) {
            return ClusterEndpoints.of(informers.endpointSlices()).stream()
                    .filter(o -> o.namespace().equals(namespace) && o.name().equals(name)).findFirst();
        }
        WatchedKind watched = informers.kinds().get(kind);
        if (watched == null) {
            return Optional.empty();
        }
        return informers.get(kind, namespace, name).map(object -> objects.stored(watched, object));
    }

    @Override
    public Page<StoredObject> list(String kind, String namespace, Map<String, String> labelEquals,
                                   Set<String> labelExists, int limit, String continueToken) {
        WatchedKind watched = informers.kinds().get(kind);
        if (watched == null && !kind.equals(ENDPOINTS)) {
            return new Page<>(List.of(), null, 0);
        }
        String after = continueToken == null || continueToken.isEmpty() ? null : decode(continueToken);
        List<StoredObject> cached = watched == null ? ClusterEndpoints.of(informers.endpointSlices())
                : informers.list(kind).stream().map(object -> objects.stored(watched, object)).toList();
        List<StoredObject> all = cached.stream()
                .filter(o -> namespace == null || o.namespace().equals(namespace))
                .filter(o -> labelEquals == null || labelEquals.entrySet().stream()
                        .allMatch(e -> e.getValue().equals(o.labels().get(e.getKey()))))
                .filter(o -> labelExists == null || o.labels().keySet().containsAll(labelExists))
                .sorted(ORDER)
                .toList();
        long revision = all.stream().mapToLong(StoredObject::resourceVersion).max().orElse(0);
        List<StoredObject> from = after == null ? all
                : all.stream().filter(o -> (o.namespace() + "/" + o.name()).compareTo(after) > 0).toList();
        if (limit <= 0 || from.size() <= limit) {
            return new Page<>(from, null, revision);
        }
        List<StoredObject> page = from.subList(0, limit);
        StoredObject last = page.getLast();
        return new Page<>(page, encode(last.namespace() + "/" + last.name()), revision);
    }

    private static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("continue token is not one this server gave out");
        }
    }
}
