package io.meshgate.standalone;

import io.meshgate.egress.runtime.EgressGatewayOptions;
import io.meshgate.egress.translator.EgressGatewayIdentity;

/**
 * Whether and where the standalone stack runs the mesh's egress gateway beside the control plane
 * ({@link EmbeddedEgressProxy}). Off by default: a stack without EgressGateway policies has no use for it.
 *
 * @param enabled   --embedded-egress-gateway / MESHGATE_EMBEDDED_EGRESS_GATEWAY=true
 * @param port      --egress-gateway-port / MESHGATE_EGRESS_GATEWAY_PORT ({@value EgressGatewayIdentity#DEFAULT_PORT},
 *                  FSM's): the tunnel port on the bind address, published as Service
 *                  {@code fsm-system/fsm-egress-gateway}'s port {@value EgressGatewayIdentity#PORT_NAME}
 * @param adminPort --egress-gateway-admin-port / MESHGATE_EGRESS_GATEWAY_ADMIN_PORT
 *                  ({@value EgressGatewayOptions#DEFAULT_ADMIN_PORT}, FSM's) on 127.0.0.1; 0 = any free port,
 *                  -1 = none
 */
public record EmbeddedEgressSettings(boolean enabled, int port, int adminPort) {
    /** The default: no embedded egress gateway. */
    public static final EmbeddedEgressSettings OFF = new EmbeddedEgressSettings(false,
            EgressGatewayIdentity.DEFAULT_PORT, EgressGatewayOptions.DEFAULT_ADMIN_PORT);

    public EmbeddedEgressSettings {
        if (port < 1 || port > 65535) {
            // a Service port names where sidecars connect: "any free port" has no number to publish
            throw new IllegalArgumentException("--egress-gateway-port must be a port number 1-65535, got " + port);
        }
        if (adminPort < -1 || adminPort > 65535) {
            throw new IllegalArgumentException("--egress-gateway-admin-port must be a port number 0-65535 or -1 (none), got "
                    + adminPort);
        }
    }

    /** The gateway on, at the given ports. */
    public static EmbeddedEgressSettings on(int port, int adminPort) {
        return new EmbeddedEgressSettings(true, port, adminPort);
    }
}
