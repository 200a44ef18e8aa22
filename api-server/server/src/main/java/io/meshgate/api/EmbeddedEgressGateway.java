package io.meshgate.api;

import io.meshgate.resources.schema.IpAddresses;

import java.util.List;
import java.util.Objects;

/**
 * The egress gateway that runs beside the control plane (the standalone stack's {@code
 * --embedded-egress-gateway}), as the mesh sees it: the control plane keeps Service {@code
 * fsm-system/fsm-egress-gateway} and its Endpoints for it ({@link EmbeddedEgressGatewayService}), as FSM's
 * chart has that Service in front of its egress gateway pods, so the EgressGateway policy naming it sends
 * sidecars' tunnels there; and every egress proxy's tunnel listener binds {@link #listenAddress}.
 *
 * @param listenAddress     the address the gateway's tunnel listener binds (the stack's bind address)
 * @param endpointAddresses the IP addresses sidecars reach it at: the Endpoints' addresses (empty: none is
 *                          known, the Endpoints list none and no sidecar can tunnel to it)
 * @param meshConfigPort    the tunnel port the operator asked for ({@code --egress-gateway-port}): written into
 *                          MeshConfig {@code spec.egressGateway.port} at start when that differs, as FSM's install
 *                          renders its {@code fsm.egressGateway.port} value into the MeshConfig; null = the
 *                          MeshConfig's port stands. Either way the gateway listens on the MeshConfig's port and
 *                          the Service and Endpoints name that port ({@link EmbeddedEgressGatewayService})
 */
public record EmbeddedEgressGateway(String listenAddress, List<String> endpointAddresses, Integer meshConfigPort) {
    public EmbeddedEgressGateway {
        Objects.requireNonNull(listenAddress, "listenAddress");
        if (listenAddress.isBlank()) {
            throw new IllegalArgumentException("the embedded egress gateway's listen address must not be blank");
        }
        endpointAddresses = List.copyOf(endpointAddresses);
        for (String address : endpointAddresses) {
            if (!IpAddresses.isIp(address)) {
                throw new IllegalArgumentException("the embedded egress gateway's endpoint address must be an IP"
                        + " address, got '" + address + "'");
            }
        }
        if (meshConfigPort != null && (meshConfigPort < 1 || meshConfigPort > 65535)) {
            throw new IllegalArgumentException("the embedded egress gateway's port must be 1..65535, got "
                    + meshConfigPort);
        }
    }

    /**
     * The gateway of a stack bound to {@code bind}: it listens there, and sidecars reach it at that address
     * when it is a specific IP; bound to a wildcard (or a name) at the public address when that is an IP.
     *
     * @param meshConfigPort the port to set in the MeshConfig at start, null to keep the MeshConfig's
     */
    public static EmbeddedEgressGateway boundTo(String bind, String publicAddress, Integer meshConfigPort) {
        return new EmbeddedEgressGateway(EmbeddedGateway.unbracketed(bind.strip()),
                EmbeddedGateway.addressesOf(bind.strip(), publicAddress), meshConfigPort);
    }
}
