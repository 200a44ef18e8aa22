package io.meshgate.kernel.routing;

import io.meshgate.config.Route;
import io.meshgate.config.VirtualHost;
import io.meshgate.kernel.filter.FilterRegistry;
import io.meshgate.kernel.filter.HttpFilter;
import io.meshgate.kernel.path.PathNormalizer;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/**
 * The compiled route table of one HTTP listener: picks the virtual host by request host
 * ({@link HostSelector}: exact, then {@code *.suffix}, then {@code *}), then the first route of that
 * host, in config order, whose path, method and headers all match. Immutable: a config change
 * compiles a new router and the proxy swaps it in; requests in flight keep the one they started with.
 */
public final class Router {
    private final HostSelector<RouteMatchResult[]> hosts;

    private Router(HostSelector<RouteMatchResult[]> hosts) {
        this.hosts = hosts;
    }

    /**
     * Compiles virtual hosts: regexes, canonical match paths, filters, weights.
     *
     * @throws IllegalArgumentException naming the virtual host and route, for a bad regex, a match
     *                                  path that can never match, bad filter settings or a domain
     *                                  claimed by two virtual hosts
     */
    public static Router compile(List<VirtualHost> virtualHosts, FilterRegistry filters) {
        HostSelector<RouteMatchResult[]> hosts = new HostSelector<>();
        for (VirtualHost virtualHost : virtualHosts) {
            List<Route> routes = virtualHost.routes();
            RouteMatchResult[] results = new RouteMatchResult[routes.size()];
            for (int i = 0; i < results.length; i++) {
                Route route = routes.get(i);
                String where = "virtualHost " + virtualHost.name() + " route " + route.name();
                List<HttpFilter> built;
                try {
                    built = filters.build(route.filters());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
                }
                results[i] = new RouteMatchResult(virtualHost, new CompiledRoute(route, where, built));
            }
            for (String domain : virtualHost.domains()) {
                hosts.add(domain, results, virtualHost.name());
            }
        }
        return new Router(hosts);
    }

    /**
     * Finds the route of a request. Runs once per request on an event loop: no locks, and no
     * allocation beyond what a regex or wildcard-host lookup needs.
     *
     * @param host    request host without port, lowercase, trailing dot stripped (by the caller)
     * @param path    canonical path from {@link PathNormalizer} (no query)
     * @param method  upper-case method name
     * @param headers request headers (case-insensitive lookups)
     * @return the match, or null when no virtual host or route fits (the proxy answers 404)
     */
    public RouteMatchResult match(String host, String path, String method, HttpHeaders headers) {
        RouteMatchResult[] routes = hosts.select(host);
        if (routes == null) {
            return null;
        }
        for (RouteMatchResult candidate : routes) {
            if (candidate.route().matches(path, method, headers)) {
                return candidate;
            }
        }
        return null;
    }
}
