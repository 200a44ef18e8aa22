package io.meshgate.api;

import io.helidon.webserver.http.HttpService;

import java.util.List;

/**
 * One family of routes of this API (resources, audit, tokens, ...) as a Helidon {@link HttpService},
 * registered with {@code routing.register(mountPath(), service)}. Besides registering its routes it
 * lists them, so the route table (and the check that the OpenAPI document describes it) comes from
 * the same declarations that serve the requests.
 */
interface ApiService extends HttpService {
    /** Where the service is mounted, e.g. {@code /api/v1/audit}; {@code /} for absolute paths. */
    String mountPath();

    /** Every route it serves, with paths relative to {@link #mountPath()}. */
    List<ApiRoute> routes();
}
