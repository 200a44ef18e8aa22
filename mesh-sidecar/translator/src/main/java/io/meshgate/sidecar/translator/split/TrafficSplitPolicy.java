package io.meshgate.sidecar.translator.split;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.resources.Resource;
import io.meshgate.sidecar.translator.MeshIdentities;
import java.util.ArrayList;
import java.util.List;

/**
 * One TrafficSplit as written: its root Service, its backends with their weights, and the
 * HTTPRouteGroups it is scoped to. Read from the plain tree, so an object that skipped validation
 * (negative weights, a missing field) is still read and its problems reported, never thrown.
 *
 * @param root   {@code spec.service}: a Service of the split's namespace, by name or by DNS name
 *               ({@code name.ns}, {@code name.ns.svc}, {@code name.ns.svc.cluster.local})
 * @param groups {@code spec.matches[].name}: HTTPRouteGroups of the split's namespace; empty = every request
 */
record TrafficSplitPolicy(Resource resource, String root, List<Backend> backends, List<String> groups) {

    /**
     * One {@code spec.backends[]} entry.
     *
     * @param index  its position, for field paths
     * @param weight as written; a negative one (only an unvalidated object has it) counts as 0
     */
    record Backend(int index, String service, long weight) {
        /** The weight the proxy uses: never negative, at most {@link Integer#MAX_VALUE}. */
        int effectiveWeight() {
            return (int) Math.max(0, Math.min(Integer.MAX_VALUE, weight));
        }

        String field() {
            return "spec.backends[" + index + "]";
        }
    }

    static TrafficSplitPolicy of(Resource split) {
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
        return new TrafficSplitPolicy(split, spec.path("service").asText(""), List.copyOf(backends), List.copyOf(groups));
    }

    String namespace() {
        return resource.namespace();
    }

    String name() {
        return resource.name();
    }

    /** True when the split takes only the requests of its HTTPRouteGroups. */
    boolean scoped() {
        return !groups.isEmpty();
    }

    /** True when {@code spec.service} names this Service (same namespace, by name or DNS name). */
    boolean rootIs(Resource service) {
        if (!service.namespace().equals(namespace())) {
            return false;
        }
        String qualified = service.name() + "." + service.namespace();
        return root.equals(service.name()) || root.equals(qualified) || root.equals(qualified + ".svc")
                || root.equals(qualified + ".svc." + MeshIdentities.TRUST_DOMAIN);
    }
}
