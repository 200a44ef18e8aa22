package io.meshgate.kernel.mesh;

import io.meshgate.config.DestinationRule;
import io.meshgate.config.HttpListener;
import io.meshgate.config.MeshListener;
import io.meshgate.kernel.filter.FilterRegistry;
import io.meshgate.kernel.http.HttpListenerRuntime;
import io.meshgate.kernel.routing.Router;
import io.meshgate.kernel.tls.PassthroughTable;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link DestinationRule} ready to serve. Its addresses are parsed once, so an original destination
 * is compared as an address, not as text ({@code fd00::1} and {@code fd00:0:0:0:0:0:0:1} are the same
 * Service); that is {@link DestinationRule#selects} for every IPv4 address. Entries with a prefix
 * length ({@code 203.0.113.0/24}: an Egress policy's {@code ipAddresses}) are ranges. A rule with
 * server names also needs the connection's TLS SNI to be one of them ({@link #acceptsServerName}).
 * An HTTP rule is compiled
 * into an HTTP listener of its own ({@link #http()}, named {@code <listener>/<rule>}), so its requests
 * get everything an HTTP listener has: limits, timeouts, metrics, upstream pools, mTLS clusters.
 */
final class CompiledRule {
    private final DestinationRule config;
    private final Set<InetAddress> addresses;
    private final List<CidrRange> ranges;
    /** Lower case; null when the rule has no SNI condition. */
    private final Set<String> serverNames;
    private final AccessPolicy access;
    private final HttpListenerRuntime http;
    /** Null when the rule has no connection rate limit. */
    private final ConnectionRateLimiter connectionLimit;

    private CompiledRule(DestinationRule config, Set<InetAddress> addresses, List<CidrRange> ranges,
                         AccessPolicy access, HttpListenerRuntime http, ConnectionRateLimiter connectionLimit) {
        this.connectionLimit = connectionLimit;
        this.config = config;
        this.addresses = addresses;
        this.ranges = ranges;
        this.serverNames = config.serverNames() == null ? null : Set.copyOf(config.serverNames());
        this.access = access;
        this.http = http;
    }

    /**
     * @throws IllegalArgumentException naming the rule, for an address that is not an IP literal, a
     *                                  malformed source range, or routes that do not compile
     */
    static CompiledRule compile(MeshListener listener, DestinationRule rule, FilterRegistry filters) {
        String where = "destination rule " + rule.name();
        try {
            Set<InetAddress> addresses = new HashSet<>();
            List<CidrRange> ranges = new ArrayList<>();
            for (String address : rule.addresses()) {
                if (address.indexOf('/') >= 0) {
                    ranges.add(CidrRange.parse(address, "address"));
                } else {
                    addresses.add(literal(address));
                }
            }
            AccessPolicy access = AccessPolicy.compile(rule.access(), where);
            HttpListenerRuntime http = null;
            if (rule.protocol() == DestinationRule.AppProtocol.HTTP) {
                HttpListener synthesized = new HttpListener(httpListenerName(listener, rule), listener.address(),
                        listener.port(), rule.virtualHosts(), null, List.of(), null, listener.settings());
                http = new HttpListenerRuntime(synthesized, Router.compile(rule.virtualHosts(), filters), null,
                        PassthroughTable.empty(),
                        access == null ? null : new RuleRequestAccess(listener.name(), rule.name(), access));
            }
            ConnectionRateLimiter limit = ConnectionRateLimiter.of(rule.connectionRateLimit(), filters.rateLimits());
            return new CompiledRule(rule, Set.copyOf(addresses), List.copyOf(ranges), access, http, limit);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /** The name an HTTP rule's requests are served and counted under. */
    static String httpListenerName(MeshListener listener, DestinationRule rule) {
        return listener.name() + "/" + rule.name();
    }

    private static InetAddress literal(String address) {
        // literal parsing only: a name here must never cause a DNS lookup
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            throw new IllegalArgumentException("address '" + address + "' is not an IP address");
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address '" + address + "' is not an IP address", e);
        }
    }

    /** True when a connection originally sent to {@code address}:{@code port} is this rule's. */
    boolean selects(InetAddress address, int port) {
        if (port != config.port()) {
            return false;
        }
        if (addresses.isEmpty() && ranges.isEmpty()) {
            return true;
        }
        if (addresses.contains(address)) {
            return true;
        }
        for (CidrRange range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Takes a token of the rule's connection rate limit for a new connection: false (and counted) when
     * the limit refuses it; always true without a limit.
     */
    boolean admitConnection() {
        return connectionLimit == null || connectionLimit.admit();
    }

    /** True when the rule selects by TLS server name too: the ClientHello must be read first. */
    boolean hasServerNames() {
        return serverNames != null;
    }

    /**
     * True when a connection whose ClientHello named {@code sni} (lower case, no trailing dot; null:
     * no ClientHello or no SNI in it) may use this rule: always for a rule without server names.
     */
    boolean acceptsServerName(String sni) {
        return serverNames == null || (sni != null && serverNames.contains(sni));
    }

    String name() {
        return config.name();
    }

    DestinationRule config() {
        return config;
    }

    boolean isHttp() {
        return http != null;
    }

    /** True for {@code TCP_SERVER_FIRST}: the client may send nothing until the server spoke. */
    boolean serverFirst() {
        return config.protocol() == DestinationRule.AppProtocol.TCP_SERVER_FIRST;
    }

    /** Null when anyone may use the rule. */
    AccessPolicy access() {
        return access;
    }

    /** The rule's HTTP listener; null for TCP rules. */
    HttpListenerRuntime http() {
        return http;
    }

    /** The cluster of a TCP rule; null for HTTP rules. */
    String cluster() {
        return config.cluster();
    }
}
