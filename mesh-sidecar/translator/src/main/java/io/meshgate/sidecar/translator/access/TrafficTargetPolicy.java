package io.meshgate.sidecar.translator.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.resources.Resource;
import io.meshgate.sidecar.translator.MeshIdentities;
import io.meshgate.sidecar.translator.MeshModel;
import java.util.ArrayList;
import java.util.List;

/**
 * An SMI {@code access.smi-spec.io/v1alpha3} TrafficTarget as the translator reads it: the destination
 * ServiceAccount (in the TrafficTarget's own namespace, as FSM requires), the source ServiceAccounts
 * (a source without a namespace is in the TrafficTarget's) and the rules naming HTTPRouteGroups or
 * TCPRoutes of the TrafficTarget's namespace.
 */
public record TrafficTargetPolicy(Resource resource, String destination, List<Source> sources, List<Rule> rules) {

    /** A source ServiceAccount. */
    public record Source(String namespace, String name) {
        public String principal() {
            return MeshIdentities.principal(namespace, name);
        }

        @Override
        public String toString() {
            return namespace + "/" + name;
        }
    }

    /**
     * One rule.
     *
     * @param kind    {@code HTTPRouteGroup} or {@code TCPRoute}
     * @param matches HTTPRouteGroup match names; empty = every match of the group
     */
    public record Rule(String kind, String name, List<String> matches) {}

    public TrafficTargetPolicy {
        sources = List.copyOf(sources);
        rules = List.copyOf(rules);
    }

    /** Every TrafficTarget of the mesh, in namespace/name order. */
    public static List<TrafficTargetPolicy> of(MeshModel mesh) {
        return mesh.inputs().trafficTargets().stream().map(TrafficTargetPolicy::read).toList();
    }

    static TrafficTargetPolicy read(Resource target) {
        JsonNode spec = target.spec();
        List<Source> sources = new ArrayList<>();
        for (JsonNode source : spec.path("sources")) {
            if ("ServiceAccount".equals(source.path("kind").asText())) {
                sources.add(new Source(source.path("namespace").asText(target.namespace()), source.path("name").asText()));
            }
        }
        List<Rule> rules = new ArrayList<>();
        for (JsonNode rule : spec.path("rules")) {
            List<String> matches = new ArrayList<>();
            rule.path("matches").forEach(m -> matches.add(m.asText()));
            rules.add(new Rule(rule.path("kind").asText(), rule.path("name").asText(), matches));
        }
        return new TrafficTargetPolicy(target, spec.path("destination").path("name").asText(), sources, rules);
    }

    public String namespace() {
        return resource.namespace();
    }

    /** The destination's principal, {@code <destination>.<namespace>.cluster.local}. */
    public String destinationPrincipal() {
        return MeshIdentities.principal(namespace(), destination);
    }

    /** True when {@code serviceAccount} of {@code namespace} is one of the sources. */
    public boolean admits(String namespace, String serviceAccount) {
        return sources.contains(new Source(namespace, serviceAccount));
    }

    /** The grant's name in access logs: {@code TrafficTarget/<ns>/<name>}. */
    public String grantName() {
        return "TrafficTarget/" + namespace() + "/" + resource.name();
    }
}
