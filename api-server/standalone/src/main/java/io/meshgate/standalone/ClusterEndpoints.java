package io.meshgate.standalone;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.meshgate.db.StoredObject;
import io.meshgate.kube.EndpointSlices;
import io.meshgate.resources.Resource;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Endpoints as the REST API serves them in Kubernetes mode: folded from the cached EndpointSlices
 * ({@link EndpointSlices}), exactly what the reconciler translates, rather than the cluster's own
 * Endpoints (which the control plane does not watch, and which Kubernetes deprecates and caps at 1000
 * addresses). Read-only by nature: the cluster's endpoint slice controller makes them.
 *
 * <p>An Endpoints' resourceVersion is the newest of its Service's slices' (so it moves whenever one of
 * them changes); it has no uid, and its timestamps are the epoch (none of its slices is "the" object).
 */
final class ClusterEndpoints {
    private ClusterEndpoints() {}

    static List<StoredObject> of(Collection<EndpointSlice> slices) {
        Map<String, Long> newest = new HashMap<>();
        for (EndpointSlice slice : slices) {
            var meta = slice.getMetadata();
            String service = meta == null || meta.getLabels() == null ? null
                    : meta.getLabels().get(EndpointSlices.SERVICE_NAME_LABEL);
            if (service != null) {
                newest.merge(meta.getNamespace() + "/" + service, number(meta.getResourceVersion()), Math::max);
            }
        }
        return EndpointSlices.toEndpoints(slices).stream().map(endpoints -> {
            String namespace = endpoints.metadata().namespace();
            String name = endpoints.metadata().name();
            long version = newest.getOrDefault(namespace + "/" + name, 0L);
            ObjectNode body = endpoints.toJson();
            if (body.get("metadata") instanceof ObjectNode metadata) {
                metadata.put("resourceVersion", String.valueOf(version));
            }
            return new StoredObject("Endpoints", namespace, name, "", version, 1, Map.of(), body.toString(),
                    Instant.EPOCH, Instant.EPOCH);
        }).toList();
    }

    private static long number(String resourceVersion) {
        try {
            return resourceVersion == null ? 0 : Long.parseLong(resourceVersion);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
