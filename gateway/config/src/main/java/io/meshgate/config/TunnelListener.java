package io.meshgate.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An egress gateway's listener (FSM's {@code fsm-egress-gateway} on port 1080): callers (sidecars whose
 * {@link EgressTunnel} points here) ask for a destination with HTTP {@code CONNECT host:port} or a SOCKS5
 * request, and the bytes are relayed once the first {@link TunnelRule} that allows it is found (or
 * {@code passthrough} allows any destination). A request no rule allows is answered {@code 403}
 * (CONNECT) or reply code {@code 0x02} "connection not allowed by ruleset" (SOCKS5) and relays nothing:
 * the gateway is never an open proxy.
 *
 * @param tls            the gateway's certificate and the mesh CA: callers must present a certificate that
 *                       chains to it, whose identity is their principal; null serves plaintext (callers
 *                       without a principal: only rules with no principals can admit them)
 * @param passthrough    any destination for any verified caller (FSM's {@code traffic.enableEgress}), the
 *                       rules still name who may go where when false
 * @param connectTimeout how long connecting to a destination may take (null: 5 s); a name is resolved
 *                       within the same deadline
 */
public record TunnelListener(String name, String address, int port, TunnelMode mode, MeshTls tls,
                             List<TunnelRule> rules, boolean passthrough, Duration connectTimeout)
        implements Listener {
    public TunnelListener {
        Checks.name(name, "listener.name");
        Checks.name(address, "listener.address");
        Checks.port(port, "listener.port");
        Objects.requireNonNull(mode, "listener.mode is required");
        rules = Checks.list(rules);
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        Set<String> names = new HashSet<>();
        for (TunnelRule rule : rules) {
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException("listener " + name + ": duplicate tunnel rule " + rule.name());
            }
        }
    }

    @Override
    public Set<String> clusterReferences() {
        return Set.of();
    }
}
