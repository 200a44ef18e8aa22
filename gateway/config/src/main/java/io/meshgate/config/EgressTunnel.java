package io.meshgate.config;

import java.util.Objects;

/**
 * How an original-destination {@link Cluster} reaches its destination through an egress gateway
 * instead of directly (FSM's {@code EgressGateway} policy): a connection to one of
 * {@code gatewayCluster}'s endpoints (with that cluster's TLS: the sidecar's mesh certificate, so the
 * gateway knows the caller), then a tunnel request for the destination, then the bytes.
 *
 * <p>The destination named in the tunnel request is {@code <host>:<port>}: the host is the HTTP
 * request's {@code Host} (without its port) for HTTP rules, the TLS SNI for rules that select by
 * server name, and the original destination IP otherwise; the port is always the original
 * destination's. The gateway resolves names itself and applies its own policies.
 *
 * @param gatewayCluster a cluster of the same config whose endpoints are the gateway's tunnel port
 * @param mode           the gateway's protocol
 */
public record EgressTunnel(String gatewayCluster, TunnelMode mode) {
    public EgressTunnel {
        Checks.name(gatewayCluster, "egressTunnel.gatewayCluster");
        Objects.requireNonNull(mode, "egressTunnel.mode is required");
    }
}
