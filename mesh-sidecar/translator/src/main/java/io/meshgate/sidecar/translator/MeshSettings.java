package io.meshgate.sidecar.translator;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.config.TunnelMode;
import io.meshgate.egress.translator.EgressGatewaySettings;
import io.meshgate.resources.MeshConfigDefaults;
import io.meshgate.resources.Resource;

/**
 * The MeshConfig switches sidecars follow. A switch the MeshConfig leaves out (or no MeshConfig at
 * all) takes the default Meshgate stores at first start ({@link MeshConfigDefaults}: FSM's Helm
 * preset, where permissive mode and egress are on).
 *
 * @param permissive      {@code traffic.enablePermissiveTrafficPolicyMode}: any mesh workload may
 *                        reach any other, no SMI policy needed
 * @param egress          {@code traffic.enableEgress}: connections to destinations outside the mesh
 *                        are relayed as they are, else refused
 * @param ingressBackends {@code featureFlags.enableIngressBackendPolicy}
 * @param accessControls  {@code featureFlags.enableAccessControlPolicy}
 * @param egressPolicies  {@code featureFlags.enableEgressPolicy}: Egress policies open destinations
 *                        outside the mesh to the ServiceAccounts they name
 * @param egressGatewayMode {@code egressGateway.mode}: how sidecars talk to the egress gateway,
 *                        {@code http2tunnel} (HTTP CONNECT, the default) or {@code sock5} (SOCKS5); read by
 *                        {@link EgressGatewaySettings}, as the gateway reads it (an unknown mode: http2tunnel,
 *                        which the gateway reports on the EgressGateway)
 * @param egressGatewayPort {@code egressGateway.port} (1080): the gateway Service port tunnels use
 *                        when the Service has several; read by {@link EgressGatewaySettings} too
 * @param retryPolicies   {@code featureFlags.enableRetryPolicy} (FSM's default: off): Retry policies
 *                        add retries to their source's outbound routes to their Services
 */
public record MeshSettings(boolean permissive, boolean egress, boolean ingressBackends, boolean accessControls,
                           boolean egressPolicies, TunnelMode egressGatewayMode, int egressGatewayPort,
                           boolean retryPolicies) {
    /** The switches of {@code meshConfig}, or the defaults when it is null. */
    public static MeshSettings from(Resource meshConfig) {
        JsonNode defaults = MeshConfigDefaults.resource().spec();
        JsonNode spec = meshConfig == null ? defaults : meshConfig.spec();
        EgressGatewaySettings egressGateway = EgressGatewaySettings.from(meshConfig);
        return new MeshSettings(
                flag(spec, defaults, "traffic", "enablePermissiveTrafficPolicyMode"),
                flag(spec, defaults, "traffic", "enableEgress"),
                flag(spec, defaults, "featureFlags", "enableIngressBackendPolicy"),
                flag(spec, defaults, "featureFlags", "enableAccessControlPolicy"),
                flag(spec, defaults, "featureFlags", "enableEgressPolicy"),
                egressGateway.mode(),
                egressGateway.port(),
                flag(spec, defaults, "featureFlags", "enableRetryPolicy"));
    }

    private static boolean flag(JsonNode spec, JsonNode defaults, String section, String name) {
        JsonNode value = spec.path(section).path(name);
        return value.isBoolean() ? value.booleanValue() : defaults.path(section).path(name).asBoolean(false);
    }
}
