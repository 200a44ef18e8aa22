package io.meshgate.config;

import java.util.List;
import java.util.Locale;

/**
 * Routes for a set of host names. A domain is an exact name ({@code example.com}), a leading
 * wildcard ({@code *.example.com}, which matches exactly one more label, as Kubernetes Ingress
 * does) or {@code *} (any host: the default virtual host). Exact beats wildcard beats {@code *}.
 * Routes are tried in order; the first match wins.
 */
public record VirtualHost(String name, List<String> domains, List<Route> routes) {

    public VirtualHost {
        Checks.name(name, "virtualHost.name");
        domains = Checks.list(domains).stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("virtualHost " + name + " needs at least one domain (use \"*\" for any)");
        }
        for (String d : domains) {
            boolean valid = d.equals("*") || d.indexOf('*') < 0 || (d.startsWith("*.") && d.indexOf('*', 1) < 0);
            if (!valid) {
                throw new IllegalArgumentException("virtualHost " + name + ": invalid domain " + d
                        + " (allowed: exact name, *.suffix, or *)");
            }
        }
        routes = Checks.list(routes);
    }
}
