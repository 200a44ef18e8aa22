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
 * <p>The gateway Service says how the gateway serves, as FSM's chart writes it: annotation
 * {@value EgressGatewayIdentity#MODE_ANNOTATION} ({@code http2tunnel} or {@code sock5}; missing:
 * {@code http2tunnel}) and its port named {@value EgressGatewayIdentity#PORT_NAME} (else its first port),
 * the numeric {@code targetPort} when it has one (what the gateway binds), else {@code port}. A missing
 * Service or an unknown mode leaves FSM's defaults (http2tunnel, 1080) and a {@code ResolvedRefs=False}
 * condition. Public so that the sidecar translator can read the same mode and port.
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
        TunnelMode mode = TunnelMode.CONNECT;
        int port = EgressGatewayIdentity.DEFAULT_PORT;
        Condition resolved;
        Optional<Resource> service = inputs.service(namespace, name);
        if (service.isEmpty()) {
            resolved = Condition.isFalse(Condition.RESOLVED_REFS, "ServiceNotFound", "gateway Service " + namespace + "/"
                    + name + " does not exist: the gateway serves " + GatewayMode.DEFAULT + " on "
                    + EgressGatewayIdentity.DEFAULT_PORT + " and sidecars have no address to reach it at");
        } else {
            String modeName = service.get().metadata().annotations().get(EgressGatewayIdentity.MODE_ANNOTATION);
            Optional<TunnelMode> parsed = modeName == null ? Optional.of(TunnelMode.CONNECT) : GatewayMode.parse(modeName);
            port = port(service.get());
            if (parsed.isEmpty()) {
                resolved = Condition.isFalse(Condition.RESOLVED_REFS, "UnknownMode", "gateway Service " + namespace + "/"
                        + name + " has " + EgressGatewayIdentity.MODE_ANNOTATION + ": " + modeName
                        + "; known modes are http2tunnel and sock5, so the gateway serves " + GatewayMode.DEFAULT);
            } else {
                mode = parsed.get();
                resolved = Condition.isTrue(Condition.RESOLVED_REFS, "ServiceFound", "gateway Service " + namespace + "/"
                        + name + " exists");
            }
        }
        conditions.put(inForce.key(), List.of(
                Condition.isTrue(Condition.ACCEPTED, "InForce", "egress traffic of the mesh leaves through gateway Service "
                        + namespace + "/" + name + " (" + GatewayMode.nameOf(mode) + " on port " + port + ")"),
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

    private static int port(Resource service) {
        JsonNode ports = service.spec().path("ports");
        JsonNode chosen = null;
        for (JsonNode p : ports) {
            if (EgressGatewayIdentity.PORT_NAME.equals(p.path("name").asText())) {
                chosen = p;
                break;
            }
        }
        if (chosen == null && ports.size() > 0) {
            chosen = ports.get(0);
        }
        if (chosen == null) {
            return EgressGatewayIdentity.DEFAULT_PORT;
        }
        JsonNode target = chosen.path("targetPort");
        if (target.canConvertToInt() && target.isIntegralNumber() && target.intValue() > 0 && target.intValue() < 65536) {
            return target.intValue();
        }
        int port = chosen.path("port").asInt(0);
        return port > 0 && port < 65536 ? port : EgressGatewayIdentity.DEFAULT_PORT;
    }
}
