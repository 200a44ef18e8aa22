package io.meshgate.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.resources.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One SMI TrafficSplit ({@code split.smi-spec.io/v1alpha4}) as the ingress gateway reads it, from the plain
 * tree: an object that skipped validation (a Kubernetes informer's) is still read, a negative weight counting
 * as 0, never thrown. The same reading as the mesh sidecars' ({@code mesh-sidecar/translator}'s
 * {@code split.TrafficSplitPolicy}), so a split means the same north-south and east-west.
 *
 * @param root     {@code spec.service}: a Service of the split's namespace, by name or DNS name
 * @param backends {@code spec.backends[]} in order
 * @param scoped   true when {@code spec.matches} names HTTPRouteGroups (the split takes only their requests)
 */
record IngressSplit(Resource resource, String root, List<Backend> backends, boolean scoped) {
    /** The cluster-local DNS suffix of Service names (FSM's trust domain). */
    private static final String CLUSTER_DOMAIN = "cluster.local";

    /** Oldest first (creation time, then name), as the sidecars pick among splits that take every request. */
    static final Comparator<IngressSplit> OLDEST_FIRST = Comparator
            .comparing((IngressSplit s) -> Optional.ofNullable(s.resource().metadata().creationTimestamp())
                    .orElse(Instant.MAX))
            .thenComparing(IngressSplit::name);

    /**
     * One {@code spec.backends[]} entry.
     *
     * @param index  its position, for field paths
     * @param weight as written; a negative one counts as 0
     */
    record Backend(int index, String service, long weight) {
        /** The weight the gateway uses: never negative, at most {@link Integer#MAX_VALUE}. */
        int effectiveWeight() {
            return (int) Math.max(0, Math.min(Integer.MAX_VALUE, weight));
        }

        String field() {
            return "spec.backends[" + index + "]";
        }
    }

    static IngressSplit of(Resource split) {
        JsonNode spec = split.spec();
        List<Backend> backends = new ArrayList<>();
        int index = 0;
        for (JsonNode backend : spec.path("backends")) {
            backends.add(new Backend(index++, backend.path("service").asText(""), backend.path("weight").asLong(0)));
        }
        boolean scoped = false;
        for (JsonNode match : spec.path("matches")) {
            scoped |= match.path("kind").asText("HTTPRouteGroup").equals("HTTPRouteGroup");
        }
        return new IngressSplit(split, spec.path("service").asText(""), List.copyOf(backends), scoped);
    }

    String namespace() {
        return resource.namespace();
    }

    String name() {
        return resource.name();
    }

    /** {@code namespace/name}, for messages. */
    String qualifiedName() {
        return namespace() + "/" + name();
    }

    /** True when {@code spec.service} names Service {@code service} of this split's namespace. */
    boolean rootIs(String service) {
        String qualified = service + "." + namespace();
        return root.equals(service) || root.equals(qualified) || root.equals(qualified + ".svc")
                || root.equals(qualified + ".svc." + CLUSTER_DOMAIN);
    }
}
