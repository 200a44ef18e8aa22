package io.meshgate.resources;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One SMI TrafficSplit ({@code split.smi-spec.io/v1alpha4}) as written: its root Service, its backends with
 * their weights, and the HTTPRouteGroups it is scoped to. The one reading shared by the mesh sidecars and the
 * ingress gateway, so a split means the same east-west and north-south. Read from the plain tree: an object
 * that skipped validation (a Kubernetes informer's: negative weights, a missing field) is still read and its
 * problems reported by the translators, never thrown.
 *
 * @param root     {@code spec.service}: a Service of the split's namespace, by name or by DNS name
 *                 ({@code name.ns}, {@code name.ns.svc}, {@code name.ns.svc.cluster.local})
 * @param backends {@code spec.backends[]} in order
 * @param groups   {@code spec.matches[].name} of the HTTPRouteGroup matches; empty = every request
 */
public record TrafficSplitSpec(Resource resource, String root, List<Backend> backends, List<String> groups) {
    /** The cluster-local DNS suffix of Service names (FSM's trust domain). */
    private static final String CLUSTER_DOMAIN = "cluster.local";

    /**
     * One {@code spec.backends[]} entry.
     *
     * @param index  its position, for field paths
     * @param weight as written; a negative one (only an unvalidated object has it) counts as 0
     */
    public record Backend(int index, String service, long weight) {
        /** The weight a proxy uses: never negative, at most {@link Integer#MAX_VALUE}. */
        public int effectiveWeight() {
            return (int) Math.max(0, Math.min(Integer.MAX_VALUE, weight));
        }

        public String field() {
            return "spec.backends[" + index + "]";
        }
    }

    public static TrafficSplitSpec of(Resource split) {
        JsonNode spec = split.spec();
        List<Backend> backends = new ArrayList<>();
        int index = 0;
        for (JsonNode backend : spec.path("backends")) {
            backends.add(new Backend(index++, backend.path("service").asText(""), backend.path("weight").asLong(0)));
        }
        List<String> groups = new ArrayList<>();
        for (JsonNode match : spec.path("matches")) {
            if (match.path("kind").asText("HTTPRouteGroup").equals("HTTPRouteGroup")) {
                groups.add(match.path("name").asText(""));
            }
        }
        return new TrafficSplitSpec(split, spec.path("service").asText(""), List.copyOf(backends), List.copyOf(groups));
    }

    public String namespace() {
        return resource.namespace();
    }

    public String name() {
        return resource.name();
    }

    /** {@code namespace/name}, for messages. */
    public String qualifiedName() {
        return namespace() + "/" + name();
    }

    /** True when the split takes only the requests of its HTTPRouteGroups. */
    public boolean scoped() {
        return !groups.isEmpty();
    }

    /** True when {@code spec.service} names Service {@code namespace/service} (the split's namespace only). */
    public boolean rootIs(String namespace, String service) {
        if (!namespace.equals(namespace())) {
            return false;
        }
        String qualified = service + "." + namespace;
        return root.equals(service) || root.equals(qualified) || root.equals(qualified + ".svc")
                || root.equals(qualified + ".svc." + CLUSTER_DOMAIN);
    }
}
