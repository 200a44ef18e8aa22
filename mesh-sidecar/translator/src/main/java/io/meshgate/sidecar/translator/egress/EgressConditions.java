package io.meshgate.sidecar.translator.egress;

import io.meshgate.config.TunnelMode;
import io.meshgate.resources.Condition;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import io.meshgate.sidecar.translator.MeshModel;
import io.meshgate.sidecar.translator.MeshSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The conditions of Egress policies and EgressGateways: {@code Accepted} (applied, or why not at all)
 * and {@code ResolvedRefs} (which Secret, HTTPRouteGroup or Service is missing or unusable, by field).
 * They depend on the mesh only, so every sidecar's translation reports the same.
 */
final class EgressConditions {
    /** On an EgressGateway: whether the sidecars send egress traffic through it. */
    static final String ROUTED = "Routed";
    /** On an EgressGateway: whether every gateway Service it names has ready endpoints. */
    static final String ENDPOINTS_READY = "EndpointsReady";

    private EgressConditions() {}

    static void report(MeshModel mesh, Map<ResourceKey, List<Condition>> statuses) {
        MeshSettings settings = mesh.settings();
        Optional<EgressGatewayRoute> gateway = EgressGatewayRoute.of(mesh);
        for (ResolvedEgress egress : ResolvedEgress.of(mesh)) {
            statuses.put(egress.policy().resource().key(),
                    List.of(accepted(egress, settings, gateway.filter(EgressGatewayRoute::inEffect)), resolved(egress)));
        }
        gateway.ifPresent(g -> reportGateways(mesh, g, statuses));
    }

    private static Condition accepted(ResolvedEgress egress, MeshSettings settings, Optional<EgressGatewayRoute> gateway) {
        EgressPolicy policy = egress.policy();
        if (!settings.egressPolicies()) {
            return Condition.isFalse(Condition.ACCEPTED, "PolicyDisabled",
                    "MeshConfig featureFlags.enableEgressPolicy is off: no sidecar applies Egress policies");
        }
        if (policy.sources().isEmpty()) {
            return Condition.isFalse(Condition.ACCEPTED, "NoSources", "spec.sources names no ServiceAccount: it opens nothing");
        }
        List<EgressPolicy.Source> usable = policy.sources().stream().filter(egress::usable).toList();
        if (usable.isEmpty()) {
            return Condition.isFalse(Condition.ACCEPTED, egress.problemReason(),
                    "no source can use it: " + String.join("; ", egress.problems()));
        }
        List<ResolvedEgress.KnownPort> ports = egress.ports().stream()
                .filter(p -> egress.routesResolved() || !p.protocol().routesRequests()).toList();
        if (ports.isEmpty()) {
            return Condition.isFalse(Condition.ACCEPTED, egress.problemReason() == null ? "NoPorts" : egress.problemReason(),
                    "no port can be applied: " + String.join("; ", egress.problems()));
        }
        StringBuilder message = new StringBuilder("applied by the sidecars of ServiceAccount ")
                .append(usable.stream().map(Object::toString).collect(Collectors.joining(", ")))
                .append(" on port ")
                .append(ports.stream().map(p -> p.number() + "/" + p.protocol()).collect(Collectors.joining(", ")));
        gateway.ifPresent(g -> message.append(", through the egress gateway (")
                .append(g.policy().namespace()).append("/").append(g.policy().name()).append(")"));
        if (!egress.notes().isEmpty()) {
            message.append("; not applied: ").append(String.join("; ", egress.notes()));
        }
        return Condition.isTrue(Condition.ACCEPTED, "Accepted", message.toString());
    }

    private static Condition resolved(ResolvedEgress egress) {
        if (egress.problems().isEmpty()) {
            return Condition.isTrue(Condition.RESOLVED_REFS, "ResolvedRefs",
                    "every Secret and HTTPRouteGroup it names is usable");
        }
        return Condition.isFalse(Condition.RESOLVED_REFS, egress.problemReason(), String.join("; ", egress.problems()));
    }

    /**
     * The sidecars' say on the EgressGateway policies, under condition types of their own ({@value #ROUTED},
     * {@value #ENDPOINTS_READY}): {@code Accepted}, {@code ResolvedRefs} and {@code Conflicted} are the egress
     * gateway's translator's, and the reconciler merges both by type, so neither overwrites the other.
     */
    private static void reportGateways(MeshModel mesh, EgressGatewayRoute honoured,
                                       Map<ResourceKey, List<Condition>> statuses) {
        Resource policy = honoured.policy();
        Condition routed = honoured.inEffect()
                ? Condition.isTrue(ROUTED, "Routed", "the sidecars send Egress policy traffic through it ("
                        + (mesh.settings().egressGatewayMode() == TunnelMode.SOCKS5 ? "SOCKS5"
                                : "HTTP CONNECT") + ", MeshConfig egressGateway.mode); traffic no Egress policy names"
                        + " goes through it too when traffic.enableEgress is on")
                : Condition.isFalse(ROUTED, "NoGateway", "no spec.global Service resolved: egress goes directly");
        Condition ready = honoured.problems().isEmpty()
                ? Condition.isTrue(ENDPOINTS_READY, "EndpointsReady", "every gateway Service has ready endpoints")
                : Condition.isFalse(ENDPOINTS_READY, "ServiceNotReady", String.join("; ", honoured.problems()));
        statuses.put(policy.key(), List.of(routed, ready));
        List<Resource> all = EgressGatewayRoute.honouredFirst(mesh);
        for (Resource other : all.subList(1, all.size())) {
            statuses.put(other.key(), List.of(Condition.isFalse(ROUTED, "Ignored",
                    "only one EgressGateway is honoured mesh-wide, as in FSM: " + policy.namespace() + "/"
                            + policy.name() + " is (the oldest)")));
        }
    }
}
