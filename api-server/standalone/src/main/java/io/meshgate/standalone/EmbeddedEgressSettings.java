package io.meshgate.standalone;

import io.meshgate.egress.runtime.EgressGatewayOptions;

/**
 * Whether and where the standalone stack runs the mesh's egress gateway beside the control plane
 * ({@link EmbeddedEgressProxy}). Off by default: a stack without EgressGateway policies has no use for it.
 *
 * @param enabled   --embedded-egress-gateway / MESHGATE_EMBEDDED_EGRESS_GATEWAY=true
 * @param port      --egress-gateway-port / MESHGATE_EGRESS_GATEWAY_PORT, null when not given: the tunnel port is
 *                  MeshConfig {@code spec.egressGateway.port} (default 1080), the one source the gateway and
 *                  the sidecars read; a port given here is written into the MeshConfig at start when it
 *                  differs (as FSM's install renders {@code fsm.egressGateway.port}), and Service {@code
 *                  fsm-system/fsm-egress-gateway} and its Endpoints always name the MeshConfig's port
 * @param adminPort --egress-gateway-admin-port / MESHGATE_EGRESS_GATEWAY_ADMIN_PORT
 *                  ({@value EgressGatewayOptions#DEFAULT_ADMIN_PORT}, FSM's) on 127.0.0.1; 0 = any free port,
 *                  -1 = none
 */
public record EmbeddedEgressSettings(boolean enabled, Integer port, int adminPort) {
    /** The default: no embedded egress gateway. */
    public static final EmbeddedEgressSettings OFF = new EmbeddedEgressSettings(false, null,
            EgressGatewayOptions.DEFAULT_ADMIN_PORT);

    public EmbeddedEgressSettings {
        if (port != null && (port < 1 || port > 65535)) {
            // a Service port names where sidecars connect: "any free port" has no number to publish
            throw new IllegalArgumentException("--egress-gateway-port must be a port number 1-65535, got " + port);
        }
        if (adminPort < -1 || adminPort > 65535) {
            throw new IllegalArgumentException("--egress-gateway-admin-port must be a port number 0-65535 or -1 (none), got "
                    + adminPort);
        }
    }

    /** The gateway on at the MeshConfig's port, with the given admin port. */
    public static EmbeddedEgressSettings on(int adminPort) {
        return new EmbeddedEgressSettings(true, null, adminPort);
    }

    /** The gateway on, setting the MeshConfig's port to {@code port} at start, with the given admin port. */
    public static EmbeddedEgressSettings on(int port, int adminPort) {
        return new EmbeddedEgressSettings(true, port, adminPort);
    }
}
