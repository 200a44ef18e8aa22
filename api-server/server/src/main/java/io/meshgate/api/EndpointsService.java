package io.meshgate.api;

import io.helidon.webserver.http.HttpRules;

import java.util.List;

/**
 * An {@link ApiService} whose routes are declared once as {@link Endpoints}: the same declaration
 * registers the handlers (with the 405/404 fallbacks) and lists the routes for the route table.
 */
interface EndpointsService extends ApiService {
    /** Its paths and their methods. */
    Endpoints endpoints();

    @Override
    default List<ApiRoute> routes() {
        return endpoints().routes();
    }

    @Override
    default void routing(HttpRules rules) {
        endpoints().register(rules);
    }
}
