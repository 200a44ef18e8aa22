package io.meshgate.egress.translator;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.config.TunnelMode;
import io.meshgate.resources.Condition;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the EgressGateway policy in force. FSM allows one global policy in the whole mesh; Meshgate
 * stores several (a cluster may hold them) and uses the oldest (creationTimestamp, then namespace/name),
 * reporting the others {@code Conflicted}. Of its {@code spec.global} Services, the gateway is
 * {@code fsm-system/fsm-egress-gateway} when listed (the gateway Meshgate runs), else the first one.
 *
 * <p>The gateway serves in the mode and on the port of MeshConfig {@code spec.egressGateway}
 * ({@link EgressGatewaySettings}), the same the sidecars tunnel with; the gateway Service only says where
 * sidecars find the gateway's endpoints. A missing Service gives {@code ResolvedRefs=False ServiceNotFound};
 * a mode or port the MeshConfig gives that cannot be used (read without validation) keeps FSM's default and
 * gives {@code ResolvedRefs=False UnknownMode} or {@code InvalidPort}, naming the MeshConfig's field.
 */
public final class EgressGatewayPolicies {
    private static final Comparator<Resource> OLDEST_FIRST = Comparator
            .comparing((Resource r) -> Optional.ofNullable(r.metadata().creationTimestamp()).orElse(Instant.MAX))
            .thenComparing(r -> r.namespace() == null ? "" : r.namespace())
            .thenComparing(Resource::name);

    private EgressGatewayPolicies() {}

    /** The plan of the policy in force; empty when there is no EgressGateway policy (no gateway is used). */
    public static Optional<GatewayPlan> plan(EgressGatewayInputs inputs) {
        List<Resource> policies = new ArrayList<>(inputs.egressGateways());
        policies.removeIf(p -> !p.spec().path("global").isArray() || p.spec().path("global").isEmpty());
        if (policies.isEmpty()) {
            return Optional.empty();
        }
        policies.sort(OLDEST_FIRST);
        Resource inForce = policies.getFirst();
        JsonNode target = target(inForce.spec().path("global"));
        String namespace = target.path("namespace").asText(inForce.namespace());
        String name = target.path("service").asText();

        Map<ResourceKey, List<Condition>> conditions = new LinkedHashMap<>();
        EgressGatewaySettings settings = EgressGatewaySettings.from(inputs.meshConfig());
        TunnelMode mode = settings.mode();
        int port = settings.port();
        List<String> problems = settings.problems();
        Condition resolved;
        if (inputs.service(namespace, name).isEmpty()) {
            resolved = Condition.isFalse(Condition.RESOLVED_REFS, "ServiceNotFound", "gateway Service " + namespace + "/"
                    + name + " does not exist: sidecars have no address to reach the gateway at"
                    + (problems.isEmpty() ? "" : "; " + String.join("; ", problems)));
        } else if (!problems.isEmpty()) {
            resolved = Condition.isFalse(Condition.RESOLVED_REFS,
                    settings.unknownMode() != null ? "UnknownMode" : "InvalidPort", String.join("; ", problems));
        } else {
            resolved = Condition.isTrue(Condition.RESOLVED_REFS, "ServiceFound", "gateway Service " + namespace + "/"
                    + name + " exists");
        }
        conditions.put(inForce.key(), List.of(
                Condition.isTrue(Condition.ACCEPTED, "InForce", "egress traffic of the mesh leaves through gateway Service "
                        + namespace + "/" + name + " (" + GatewayMode.nameOf(mode) + " on port " + port
                        + ", MeshConfig spec.egressGateway)"),
                resolved));
        for (Resource outranked : policies.subList(1, policies.size())) {
            String message = "only one EgressGateway policy is used in the mesh: " + inForce.namespace() + "/"
                    + inForce.name() + " is older and in force";
            conditions.put(outranked.key(), List.of(
                    Condition.isFalse(Condition.ACCEPTED, "OutrankedPolicy", message),
                    Condition.isTrue(Condition.CONFLICTED, "OutrankedPolicy", message)));
        }
        return Optional.of(new GatewayPlan(inForce, namespace, name, mode, port, conditions));
    }

    private static JsonNode target(JsonNode global) {
        for (JsonNode entry : global) {
            if (EgressGatewayIdentity.NAMESPACE.equals(entry.path("namespace").asText())
                    && EgressGatewayIdentity.SERVICE.equals(entry.path("service").asText())) {
                return entry;
            }
        }
        return global.get(0);
    }
}
