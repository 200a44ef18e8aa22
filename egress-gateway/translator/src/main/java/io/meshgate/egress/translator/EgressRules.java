package io.meshgate.egress.translator;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.config.TunnelRule;
import io.meshgate.resources.Condition;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns Egress policies into the gateway's tunnel rules: per policy and ServiceAccount source, one rule
 * for its ports of protocol {@code http}, {@code https} and {@code grpc} (the sidecar names the
 * destination by the request's host or the TLS SNI, so {@code hosts} and {@code ipAddresses} both admit),
 * and one for its {@code tcp} and {@code tcp-server-first} ports (the sidecar names the destination by its
 * address, and FSM ignores {@code hosts} for those, so only {@code ipAddresses} admit; none: any address).
 *
 * <p>What the gateway cannot enforce is the sidecar's job and reported here: HTTPRouteGroup matches (the
 * gateway sees a tunnel, not requests) are not a problem; a policy without a ServiceAccount source admits
 * nobody ({@code NoServiceAccountSource}); a wildcard host ({@code *.example.com}) is left out, as tunnel
 * rules match hosts exactly ({@code WildcardHostNotEnforced}).
 */
final class EgressRules {
    /** The condition type of an Egress policy, as far as the egress gateway is concerned. */
    static final String GATEWAY_ADMITS = "GatewayAdmits";

    private static final Set<String> BY_HOST = Set.of("http", "https", "grpc");
    private static final Set<String> BY_ADDRESS = Set.of("tcp", "tcp-server-first");

    private final List<TunnelRule> rules = new ArrayList<>();
    private final Map<ResourceKey, List<Condition>> conditions = new LinkedHashMap<>();

    /** @param egresses sorted by namespace and name; rules follow that order */
    static EgressRules of(List<Resource> egresses, EgressSwitches switches) {
        EgressRules out = new EgressRules();
        for (Resource egress : egresses) {
            if (!switches.policies()) {
                out.conditions.put(egress.key(), List.of(Condition.isFalse(GATEWAY_ADMITS, "PolicyDisabled",
                        "MeshConfig featureFlags.enableEgressPolicy is off: the egress gateway ignores Egress policies")));
                continue;
            }
            out.add(egress);
        }
        return out;
    }

    List<TunnelRule> rules() {
        return List.copyOf(rules);
    }

    Map<ResourceKey, List<Condition>> conditions() {
        return Map.copyOf(conditions);
    }

    private void add(Resource egress) {
        JsonNode spec = egress.spec();
        Set<String> principals = new LinkedHashSet<>();
        for (JsonNode source : spec.path("sources")) {
            if ("ServiceAccount".equals(source.path("kind").asText())) {
                String namespace = source.path("namespace").asText(egress.namespace());
                principals.add(EgressGatewayIdentity.principal(namespace, source.path("name").asText()));
            }
        }
        if (principals.isEmpty()) {
            conditions.put(egress.key(), List.of(Condition.isFalse(GATEWAY_ADMITS, "NoServiceAccountSource",
                    "the policy names no ServiceAccount source: the egress gateway knows callers by their ServiceAccount"
                            + " and admits nobody for it")));
            return;
        }
        List<String> hosts = new ArrayList<>();
        List<String> wildcards = new ArrayList<>();
        for (JsonNode host : spec.path("hosts")) {
            String h = host.asText().toLowerCase(Locale.ROOT);
            (h.startsWith("*") ? wildcards : hosts).add(h);
        }
        List<String> addresses = new ArrayList<>();
        spec.path("ipAddresses").forEach(a -> addresses.add(a.asText()));
        List<Integer> hostPorts = new ArrayList<>();
        List<Integer> addressPorts = new ArrayList<>();
        for (JsonNode port : spec.path("ports")) {
            String protocol = port.path("protocol").asText().toLowerCase(Locale.ROOT);
            int number = port.path("number").asInt();
            if (BY_HOST.contains(protocol)) {
                hostPorts.add(number);
            } else if (BY_ADDRESS.contains(protocol)) {
                addressPorts.add(number);
            }
        }
        String base = "egress/" + egress.namespace() + "/" + egress.name() + "/";
        for (String principal : principals) {
            String name = base + principal;
            // only wildcard hosts and no addresses: nothing this rule could admit exactly, so no rule
            if (!hostPorts.isEmpty() && !(hosts.isEmpty() && addresses.isEmpty() && !wildcards.isEmpty())) {
                rules.add(new TunnelRule(name, Set.of(principal), hosts, addresses, hostPorts));
            }
            if (!addressPorts.isEmpty()) {
                rules.add(new TunnelRule(name + "/tcp", Set.of(principal), List.of(), addresses, addressPorts));
            }
        }
        if (!wildcards.isEmpty() && !hostPorts.isEmpty()) {
            conditions.put(egress.key(), List.of(Condition.isFalse(GATEWAY_ADMITS, "WildcardHostNotEnforced",
                    "the egress gateway matches hosts exactly, so it does not admit " + String.join(", ", wildcards)
                            + (hosts.isEmpty() && addresses.isEmpty() ? "" : "; it admits the policy's other hosts and"
                            + " addresses"))));
            return;
        }
        conditions.put(egress.key(), List.of(Condition.isTrue(GATEWAY_ADMITS, "Admitted",
                "the egress gateway admits " + String.join(", ", principals) + " as the policy says")));
    }
}
