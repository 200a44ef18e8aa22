package io.meshgate.console.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.resources.MeshConfigDefaults;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The traffic policy the sidecars enforce, as the sidecar translator reads it: MeshConfig's
 * {@code traffic.enablePermissiveTrafficPolicyMode} (the MeshConfig {@code fsm-system/fsm-mesh-config},
 * else the first by namespace/name, else Meshgate's first-start defaults) and the SMI TrafficTargets.
 * A TrafficTarget's destination is a ServiceAccount of its own namespace; a source without a
 * namespace is in the TrafficTarget's namespace. Only sources of kind ServiceAccount count.
 */
public final class TrafficPolicies {
    private final boolean permissive;
    private final String meshConfigName;
    private final List<JsonNode> trafficTargets;

    private TrafficPolicies(boolean permissive, String meshConfigName, List<JsonNode> trafficTargets) {
        this.permissive = permissive;
        this.meshConfigName = meshConfigName;
        this.trafficTargets = trafficTargets;
    }

    /**
     * @param meshConfigs    every MeshConfig the API lists
     * @param trafficTargets every TrafficTarget the API lists
     */
    public static TrafficPolicies of(List<JsonNode> meshConfigs, List<JsonNode> trafficTargets) {
        List<JsonNode> sorted = meshConfigs.stream().sorted(Comparator.comparing(TrafficPolicies::key)).toList();
        Optional<JsonNode> chosen = sorted.stream()
                .filter(m -> key(m).equals(MeshConfigDefaults.NAMESPACE + "/" + MeshConfigDefaults.NAME))
                .findFirst()
                .or(() -> sorted.stream().findFirst());
        JsonNode defaults = MeshConfigDefaults.resource().spec();
        JsonNode flag = chosen.map(m -> m.path("spec").path("traffic").path("enablePermissiveTrafficPolicyMode"))
                .filter(JsonNode::isBoolean)
                .orElse(defaults.path("traffic").path("enablePermissiveTrafficPolicyMode"));
        List<JsonNode> targets = trafficTargets.stream().sorted(Comparator.comparing(TrafficPolicies::key)).toList();
        return new TrafficPolicies(flag.asBoolean(false), chosen.map(TrafficPolicies::key).orElse(null), targets);
    }

    /** True when any mesh workload may reach any other, no SMI policy needed. */
    public boolean permissive() {
        return permissive;
    }

    /** {@code ns/name} of the MeshConfig the mode comes from, or null when none exists (defaults apply). */
    public String meshConfigName() {
        return meshConfigName;
    }

    /** TrafficTargets naming {@code serviceAccount} of {@code namespace} as destination, with at least one source. */
    public List<PolicyLine> inbound(String namespace, String serviceAccount) {
        List<PolicyLine> out = new ArrayList<>();
        for (JsonNode target : trafficTargets) {
            String targetNs = target.path("metadata").path("namespace").asText();
            JsonNode destination = target.path("spec").path("destination");
            List<String> sources = sources(target);
            if (targetNs.equals(namespace) && destination.path("name").asText().equals(serviceAccount)
                    && !sources.isEmpty()) {
                out.add(new PolicyLine(key(target), sources, rules(target)));
            }
        }
        return out;
    }

    /** TrafficTargets naming {@code serviceAccount} of {@code namespace} among their sources; peers = destinations. */
    public List<PolicyLine> outbound(String namespace, String serviceAccount) {
        String self = MeshIdentity.of(namespace, serviceAccount);
        List<PolicyLine> out = new ArrayList<>();
        for (JsonNode target : trafficTargets) {
            if (sources(target).contains(self)) {
                String targetNs = target.path("metadata").path("namespace").asText();
                String destination = target.path("spec").path("destination").path("name").asText();
                out.add(new PolicyLine(key(target), List.of(MeshIdentity.of(targetNs, destination)), rules(target)));
            }
        }
        return out;
    }

    /** The identities of a TrafficTarget's ServiceAccount sources. */
    private static List<String> sources(JsonNode target) {
        String targetNs = target.path("metadata").path("namespace").asText();
        List<String> out = new ArrayList<>();
        for (JsonNode source : target.path("spec").path("sources")) {
            if ("ServiceAccount".equals(source.path("kind").asText())) {
                String ns = source.path("namespace").asText("");
                out.add(MeshIdentity.of(ns.isEmpty() ? targetNs : ns, source.path("name").asText()));
            }
        }
        return out;
    }

    /** {@code HTTPRouteGroup name [match, ...]} or {@code TCPRoute name} per rule. */
    private static List<String> rules(JsonNode target) {
        List<String> out = new ArrayList<>();
        for (JsonNode rule : target.path("spec").path("rules")) {
            List<String> matches = new ArrayList<>();
            rule.path("matches").forEach(m -> matches.add(m.asText()));
            out.add(rule.path("kind").asText() + " " + rule.path("name").asText()
                    + (matches.isEmpty() ? "" : " [" + String.join(", ", matches) + "]"));
        }
        return out;
    }

    private static String key(JsonNode object) {
        return object.path("metadata").path("namespace").asText() + "/" + object.path("metadata").path("name").asText();
    }

    /**
     * One TrafficTarget as it concerns a workload.
     *
     * @param trafficTarget {@code ns/name}
     * @param peers         the identities on the other side: sources for inbound, the destination for outbound
     * @param rules         the routes it admits, e.g. {@code HTTPRouteGroup bookstore-service-routes [buy-a-book]}
     */
    public record PolicyLine(String trafficTarget, List<String> peers, List<String> rules) {
        public PolicyLine {
            peers = List.copyOf(peers);
            rules = List.copyOf(rules);
        }

        /** {@code ns/name: a.ns.cluster.local, b.ns.cluster.local (TCPRoute tcp)}. */
        public String text() {
            return trafficTarget + ": " + String.join(", ", peers)
                    + (rules.isEmpty() ? " (no rules: admits nothing)" : " (" + String.join("; ", rules) + ")");
        }
    }
}
