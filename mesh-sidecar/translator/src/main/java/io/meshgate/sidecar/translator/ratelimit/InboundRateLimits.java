package io.meshgate.sidecar.translator.ratelimit;

import io.meshgate.config.ConnectionRateLimit;
import io.meshgate.config.DestinationRule;
import io.meshgate.config.FilterConfig;
import io.meshgate.config.LocalRateLimit;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.VirtualHost;
import io.meshgate.resources.Resource;
import io.meshgate.sidecar.translator.InboundPort;
import io.meshgate.sidecar.translator.SidecarContext;
import io.meshgate.sidecar.translator.UpstreamTrafficSettingTargets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The hook on an inbound rule (the server side, as FSM and Envoy enforce local rate limits): the first
 * Service exposing the port (by name) that an UpstreamTrafficSetting names as its {@code host} gives
 * the rule
 * <ul>
 *   <li>{@code rateLimit.local.tcp}: a {@link ConnectionRateLimit} on the rule, whatever its protocol,
 *       with FSM's stat prefix {@code inbound_<ns>/<svc>_<port>_<tcp|http>};</li>
 *   <li>{@code rateLimit.local.http} (HTTP rules): one {@link LocalRateLimit} of scope
 *       {@code VIRTUAL_HOST} on every route of the rule, all naming one bucket, so the Service's
 *       requests share it;</li>
 *   <li>{@code httpRoutes[].rateLimit.local} (HTTP rules): FSM applies an entry to the inbound route
 *       whose path is the entry's {@code path}, compared as text: with no access policy (permissive
 *       mode) the only route is {@code .*}; with SMI, each HTTPRouteGroup match a TrafficTarget allows
 *       on the port is a route with its {@code pathRegex} (none: {@code .*}), methods and headers. The
 *       catch-all route takes the limit itself for {@code .*}; any other match becomes a route of its
 *       own in front of the catch-all, to the same cluster, with the limit. An entry whose path is no
 *       route's is not applied (the policy's condition says so).</li>
 * </ul>
 */
public final class InboundRateLimits {
    /** FSM's path of the permissive catch-all route. */
    static final String ANY_PATH = ".*";

    private InboundRateLimits() {}

    /** {@code rule} with the rate limits of the setting that applies to {@code port}, or {@code rule} itself. */
    public static DestinationRule apply(SidecarContext context, InboundPort port, DestinationRule rule) {
        for (Resource service : port.services()) {
            Optional<Resource> setting = UpstreamTrafficSettingTargets.applying(context.mesh(), service);
            if (setting.isEmpty()) {
                continue;
            }
            RateLimitSpec spec;
            try {
                spec = RateLimitSpec.of(setting.get());
            } catch (IllegalArgumentException e) {
                return rule; // reported on the policy (RateLimit False, Invalid)
            }
            if (spec.isEmpty()) {
                continue;
            }
            return limited(rule, statPrefix(service, port.port(), rule), spec);
        }
        return rule;
    }

    /** FSM's {@code inbound_<ns>/<svc>_<port>_<protocol>}. */
    static String statPrefix(Resource service, int port, DestinationRule rule) {
        String protocol = rule.protocol() == DestinationRule.AppProtocol.HTTP ? "http" : "tcp";
        return "inbound_" + service.namespace() + "/" + service.name() + "_" + port + "_" + protocol;
    }

    private static DestinationRule limited(DestinationRule rule, String prefix, RateLimitSpec spec) {
        DestinationRule out = rule;
        if (spec.tcp() != null) {
            out = out.withConnectionRateLimit(new ConnectionRateLimit(prefix, spec.tcp()));
        }
        if (rule.protocol() != DestinationRule.AppProtocol.HTTP || (spec.http() == null && spec.routes().isEmpty())) {
            return out;
        }
        InboundRoutes routes = InboundRoutes.of(rule.access());
        List<VirtualHost> hosts = new ArrayList<>();
        for (VirtualHost host : rule.virtualHosts()) {
            LocalRateLimit hostLimit = spec.http() == null ? null
                    : spec.http().filter(prefix, LocalRateLimit.Scope.VIRTUAL_HOST);
            List<Route> limited = new ArrayList<>();
            for (Route route : host.routes()) {
                if (route.match().equals(RouteMatch.ANY)) {
                    // routes of their own for the entries on SMI matches, in front of the catch-all
                    int n = 0;
                    for (RateLimitSpec.RouteLimit entry : spec.routes()) {
                        for (RouteMatch match : routes.matchesOf(entry.path())) {
                            String name = route.name() + "|rate-limit-" + n++;
                            LocalRateLimit routeLimit = entry.limit().filter(prefix + "/" + name,
                                    LocalRateLimit.Scope.ROUTE);
                            limited.add(withLimits(new Route(name, match, route.clusters(), route.filters(),
                                    route.timeout()), hostLimit, routeLimit));
                        }
                    }
                    LocalRateLimit anyLimit = null;
                    if (routes.hasCatchAll()) {
                        for (RateLimitSpec.RouteLimit entry : spec.routes()) {
                            if (entry.path().equals(ANY_PATH)) {
                                anyLimit = entry.limit().filter(prefix + "/" + route.name(), LocalRateLimit.Scope.ROUTE);
                                break; // the validator refuses a path listed twice
                            }
                        }
                    }
                    limited.add(withLimits(route, hostLimit, anyLimit));
                } else {
                    limited.add(withLimits(route, hostLimit, null));
                }
            }
            hosts.add(new VirtualHost(host.name(), host.domains(), limited));
        }
        return out.withVirtualHosts(hosts);
    }

    /** The Service's limit first (FSM's throttle-service runs before throttle-route), then the route's. */
    private static Route withLimits(Route route, LocalRateLimit hostLimit, LocalRateLimit routeLimit) {
        if (hostLimit == null && routeLimit == null) {
            return route;
        }
        List<FilterConfig> filters = new ArrayList<>();
        if (hostLimit != null) {
            filters.add(hostLimit);
        }
        if (routeLimit != null) {
            filters.add(routeLimit);
        }
        filters.addAll(route.filters());
        return route.withFilters(filters);
    }
}
