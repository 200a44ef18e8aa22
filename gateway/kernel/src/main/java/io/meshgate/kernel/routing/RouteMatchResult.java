package io.meshgate.kernel.routing;

import io.meshgate.config.VirtualHost;

/**
 * The virtual host and route a request took. Built once per route at compile time, so a match
 * allocates nothing.
 */
public record RouteMatchResult(VirtualHost virtualHost, CompiledRoute route) {
}
