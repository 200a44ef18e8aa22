package io.meshgate.config;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * One way out through an egress gateway ({@link TunnelListener}). A tunnel request is allowed by this
 * rule when all hold:
 * <ul>
 *   <li>the caller's principal (its verified mesh certificate's identity,
 *       {@code <serviceaccount>.<namespace>.cluster.local}) is in {@code principals}; {@code *} admits
 *       any verified caller; an empty set admits any caller, even without a certificate (only for a
 *       listener without TLS);</li>
 *   <li>the requested port is in {@code ports} (empty: any port);</li>
 *   <li>the requested host is one of {@code hosts} (exact, case-insensitive), or the requested address
 *       (an IP literal, or the address a requested name resolved to) lies in one of {@code addresses}
 *       (CIDRs); both empty: any destination.</li>
 * </ul>
 *
 * @param name shown in access-log lines and denial counters (e.g. {@code egress/curl/httpbin-80})
 */
public record TunnelRule(String name, Set<String> principals, List<String> hosts, List<String> addresses,
                         List<Integer> ports) {
    public TunnelRule {
        Checks.name(name, "tunnelRule.name");
        principals = principals == null ? Set.of()
                : java.util.Collections.unmodifiableSet(new TreeSet<>(
                        principals.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList()));
        hosts = hosts == null ? List.of() : hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        addresses = Checks.list(addresses);
        ports = Checks.list(ports);
        for (Integer port : ports) {
            if (port == null || port < 1 || port > 65535) {
                throw new IllegalArgumentException("tunnelRule " + name + ": ports must be 1..65535, got " + port);
            }
        }
    }
}
