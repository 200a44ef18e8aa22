package io.meshgate.egress.translator;

import io.meshgate.config.MeshTls;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.TunnelListener;
import io.meshgate.resources.Condition;
import io.meshgate.resources.ResourceKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Translates the mesh's egress policies into the egress gateway's config. A pure function: equal inputs
 * give an equal config; nothing is read but the arguments (no I/O, no clock, no randomness).
 *
 * <p>While an EgressGateway policy is in force ({@link EgressGatewayPolicies}), the config holds one
 * {@link TunnelListener} {@value EgressGatewayIdentity#LISTENER} on {@code 0.0.0.0} (or the address the
 * control plane names, for a gateway that runs beside it) at the gateway
 * Service's port, in its mode, with the gateway's mesh certificate as TLS: callers (sidecars) are known
 * by their verified certificates. Its rules come from the Egress policies ({@link EgressRules}, when
 * {@code featureFlags.enableEgressPolicy} is on) and {@code passthrough} is MeshConfig's
 * {@code traffic.enableEgress}. With no EgressGateway policy no sidecar sends traffic to the gateway, so
 * its config is empty and nothing is reported.
 */
public final class EgressGatewayTranslator {
    /** The version label of a built config (the control plane replaces it with a content version). */
    public static final String VERSION = "egress-gateway";
    /** The address the gateway listens on: sidecars reach it from other hosts. */
    public static final String BIND = "0.0.0.0";

    private EgressGatewayTranslator() {}

    /** The config of a gateway listening on {@value #BIND}. */
    public static EgressGatewayTranslation translate(EgressGatewayInputs inputs, GatewayCertificate certificate) {
        return translate(inputs, certificate, BIND);
    }

    /**
     * The config of a gateway listening on {@code listenAddress}: the standalone stack's embedded gateway
     * listens on the stack's bind address only, as its ingress gateway does (127.0.0.1 by default: a
     * laptop's {@code make run} opens no tunnel port to its network).
     */
    public static EgressGatewayTranslation translate(EgressGatewayInputs inputs, GatewayCertificate certificate,
                                                     String listenAddress) {
        Objects.requireNonNull(certificate, "certificate");
        if (listenAddress == null || listenAddress.isBlank()) {
            throw new IllegalArgumentException("the egress gateway's listen address must not be blank");
        }
        Optional<GatewayPlan> plan = EgressGatewayPolicies.plan(inputs);
        if (plan.isEmpty()) {
            return new EgressGatewayTranslation(ProxyConfig.empty(), Map.of());
        }
        EgressSwitches switches = EgressSwitches.from(inputs.meshConfig());
        EgressRules rules = EgressRules.of(inputs.egresses(), switches);
        MeshTls tls = new MeshTls(certificate.certificateChainPem(), certificate.privateKey(), certificate.caPem());
        TunnelListener listener = new TunnelListener(EgressGatewayIdentity.LISTENER, listenAddress, plan.get().port(),
                plan.get().mode(), tls, rules.rules(), switches.passthrough(), null);
        Map<ResourceKey, List<Condition>> statuses = new LinkedHashMap<>(plan.get().conditions());
        statuses.putAll(rules.conditions());
        return new EgressGatewayTranslation(new ProxyConfig(VERSION, List.of(listener), List.of()), statuses);
    }
}
