package io.meshgate.api;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Records every answered request in {@link ApiMetrics} by route template, method and status,
 * refusals included (also those of {@link AuthenticationFilter}, which runs after this filter).
 * It records when the response is sent, since the status of a refusal is only set by the error
 * handler after the chain has unwound. Readiness probes are not counted: they are a load
 * balancer's polling, not use of the API.
 */
final class RequestMetricsFilter implements Filter {
    private final ApiMetrics metrics;

    RequestMetricsFilter(ApiMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (!ReadinessService.answers(req)) {
            long started = System.nanoTime();
            String route = ApiMetrics.routeOf(PathSegments.of(req.path().path()));
            String method = req.prologue().method().text();
            res.whenSent(() -> metrics.request(route, method, res.status().code(), System.nanoTime() - started));
        }
        chain.proceed();
    }
}
