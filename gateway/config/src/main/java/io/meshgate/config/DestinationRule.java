package io.meshgate.config;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One original destination a {@link MeshListener} serves, and how.
 *
 * @param addresses     the original destination IPs this rule takes (a Service's cluster IPs), or CIDRs
 *                      ({@code 203.0.113.0/24}: an Egress policy's {@code ipAddresses}); empty = any
 *                      address (inbound rules match on the port alone)
 * @param port          the original destination port, 1..65535
 * @param protocol      {@code HTTP}: requests are parsed and routed by {@code virtualHosts};
 *                      {@code TCP} and {@code TCP_SERVER_FIRST}: bytes are relayed to {@code cluster}
 *                      ({@code TCP_SERVER_FIRST} says the server speaks first, so nothing may wait for
 *                      client bytes before the upstream connection is up)
 * @param virtualHosts  HTTP only: the routes (a Service's hosts, or {@code *})
 * @param cluster       TCP only: where the bytes go
 * @param access        who may use this rule; null = anyone (FSM's permissive mode)
 * @param serverNames   TCP rules only, outbound: the rule also needs the TLS ClientHello's SNI to be one
 *                      of these (exact, case-insensitive): an Egress policy's {@code hosts} on an
 *                      {@code https} port. The kernel reads the ClientHello before it picks among the
 *                      rules that select the address and port; a connection whose first bytes are no
 *                      ClientHello, or carry no SNI, matches no such rule. Null (never empty): no SNI
 *                      condition, so configs written before the field existed read and print as before
 * @param connectionRateLimit a limit on the rate of new connections this rule accepts, of any protocol
 *                      (FSM's {@code rateLimit.local.tcp}, enforced where the connection is accepted);
 *                      null: none
 */
public record DestinationRule(
        String name,
        List<String> addresses,
        int port,
        AppProtocol protocol,
        List<VirtualHost> virtualHosts,
        String cluster,
        Access access,
        List<String> serverNames,
        ConnectionRateLimit connectionRateLimit) {

    public enum AppProtocol { HTTP, TCP, TCP_SERVER_FIRST }

    public DestinationRule {
        Checks.name(name, "destinationRule.name");
        addresses = Checks.list(addresses);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("destinationRule " + name + ": port must be 1..65535, got " + port);
        }
        Objects.requireNonNull(protocol, "destinationRule.protocol is required");
        virtualHosts = Checks.list(virtualHosts);
        serverNames = serverNames == null || serverNames.isEmpty() ? null
                : serverNames.stream().map(n -> n.toLowerCase(java.util.Locale.ROOT)).toList();
        if (serverNames != null && protocol == AppProtocol.HTTP) {
            throw new IllegalArgumentException("destinationRule " + name
                    + ": server names select TLS connections, an HTTP rule selects by its virtual hosts");
        }
        if (protocol == AppProtocol.HTTP) {
            if (virtualHosts.isEmpty() || cluster != null) {
                throw new IllegalArgumentException("destinationRule " + name
                        + ": an HTTP rule has virtual hosts and no cluster");
            }
        } else {
            if (cluster == null || !virtualHosts.isEmpty()) {
                throw new IllegalArgumentException("destinationRule " + name
                        + ": a TCP rule has a cluster and no virtual hosts");
            }
            if (access != null && access.grants().stream().anyMatch(g -> !g.matches().isEmpty())) {
                throw new IllegalArgumentException("destinationRule " + name
                        + ": HTTP matches in the access grants of a TCP rule");
            }
        }
    }

    /** A rule without a connection rate limit, as every rule was before they existed. */
    public DestinationRule(String name, List<String> addresses, int port, AppProtocol protocol,
                           List<VirtualHost> virtualHosts, String cluster, Access access, List<String> serverNames) {
        this(name, addresses, port, protocol, virtualHosts, cluster, access, serverNames, null);
    }

    /** This rule with {@code limit} on its new connections (null: none). */
    public DestinationRule withConnectionRateLimit(ConnectionRateLimit limit) {
        return new DestinationRule(name, addresses, port, protocol, virtualHosts, cluster, access, serverNames, limit);
    }

    /** This rule with other virtual hosts (HTTP rules). */
    public DestinationRule withVirtualHosts(List<VirtualHost> hosts) {
        return new DestinationRule(name, addresses, port, protocol, hosts, cluster, access, serverNames,
                connectionRateLimit);
    }

    /** A rule without server names, as every rule was before they existed. */
    public DestinationRule(String name, List<String> addresses, int port, AppProtocol protocol,
                           List<VirtualHost> virtualHosts, String cluster, Access access) {
        this(name, addresses, port, protocol, virtualHosts, cluster, access, null, null);
    }

    /** True when the rule selects by TLS server name as well (the kernel must read the ClientHello). */
    public boolean hasServerNames() {
        return serverNames != null;
    }

    /**
     * True when {@code ip} (textual, as the kernel prints it) and {@code dstPort} select this rule, for
     * rules whose addresses are IP literals (the kernel compiles CIDRs and compares addresses).
     */
    public boolean selects(String ip, int dstPort) {
        return dstPort == port && (addresses.isEmpty() || addresses.contains(ip));
    }

    /** The clusters this rule sends to. */
    public Set<String> clusterReferences() {
        Set<String> refs = new HashSet<>();
        if (cluster != null) {
            refs.add(cluster);
        }
        for (VirtualHost vh : virtualHosts) {
            for (Route r : vh.routes()) {
                for (WeightedCluster wc : r.clusters()) {
                    refs.add(wc.cluster());
                }
            }
        }
        return refs;
    }
}
