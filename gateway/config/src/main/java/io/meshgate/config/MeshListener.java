package io.meshgate.config;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A sidecar's transparent listener. iptables in the workload's network namespace redirects
 * connections here ({@code REDIRECT}); the kernel reads each connection's original destination
 * ({@code SO_ORIGINAL_DST}) and serves it by the first {@link DestinationRule} that matches it.
 *
 * <p>{@link Direction#OUTBOUND} (FSM's 15001) takes what the application sends: a Service's cluster
 * IP and port, routed to that Service's endpoints (mTLS towards other sidecars is the clusters'
 * {@link UpstreamTls}). {@link Direction#INBOUND} (FSM's 15003) takes what reaches the workload:
 * a connection whose first byte opens a TLS handshake is terminated with {@code tls} (the client
 * certificate is asked for and, when sent, must chain to the mesh CA: its identity is the peer's
 * principal); any other connection is plaintext and has no principal. Each rule's {@link Access}
 * then decides who may use it.
 *
 * @param destinations tried in order; the first match serves the connection
 * @param unmatched    what happens to a connection no rule matches
 * @param tls          inbound only: the workload's certificate and the mesh CA; null outbound
 * @param settings     HTTP limits for rules of protocol HTTP (null: defaults)
 * @param unmatchedCluster with {@code PASSTHROUGH}: an original-destination cluster the unmatched connections
 *                     go through (one with an {@link EgressTunnel}: FSM's egress gateway passthrough); null
 *                     relays them to their original destination directly
 */
public record MeshListener(
        String name,
        String address,
        int port,
        Direction direction,
        List<DestinationRule> destinations,
        UnmatchedDestination unmatched,
        MeshTls tls,
        HttpSettings settings,
        String unmatchedCluster) implements Listener {

    public enum Direction { OUTBOUND, INBOUND }

    /**
     * {@code PASSTHROUGH}: relay the bytes to the original destination (FSM's {@code enableEgress});
     * {@code REFUSE}: close without an answer, so a client sees an empty reply as with FSM.
     */
    public enum UnmatchedDestination { PASSTHROUGH, REFUSE }

    public MeshListener {
        Checks.name(name, "listener.name");
        Checks.name(address, "listener.address");
        Checks.port(port, "listener.port");
        Objects.requireNonNull(direction, "listener.direction is required");
        destinations = Checks.list(destinations);
        unmatched = Objects.requireNonNullElse(unmatched, UnmatchedDestination.REFUSE);
        settings = settings == null ? HttpSettings.DEFAULTS : settings;
        if (direction == Direction.OUTBOUND && tls != null) {
            throw new IllegalArgumentException("listener " + name + ": an outbound listener terminates no TLS");
        }
        if (unmatchedCluster != null && unmatched != UnmatchedDestination.PASSTHROUGH) {
            throw new IllegalArgumentException("listener " + name
                    + ": an unmatched cluster needs unmatched PASSTHROUGH, it has " + unmatched);
        }
        Set<String> names = new HashSet<>();
        for (DestinationRule rule : destinations) {
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException("listener " + name + ": duplicate destination rule " + rule.name());
            }
        }
    }

    /** A listener whose unmatched connections, if passed through, go directly to their original destination. */
    public MeshListener(String name, String address, int port, Direction direction, List<DestinationRule> destinations,
                        UnmatchedDestination unmatched, MeshTls tls, HttpSettings settings) {
        this(name, address, port, direction, destinations, unmatched, tls, settings, null);
    }

    @Override
    public Set<String> clusterReferences() {
        Set<String> refs = new HashSet<>();
        if (unmatchedCluster != null) {
            refs.add(unmatchedCluster);
        }
        for (DestinationRule rule : destinations) {
            refs.addAll(rule.clusterReferences());
        }
        return refs;
    }
}
