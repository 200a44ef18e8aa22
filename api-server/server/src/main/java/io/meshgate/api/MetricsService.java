package io.meshgate.api;

import io.meshgate.db.Role;


/**
 * {@code GET /metrics} (viewer): the Prometheus text exposition of {@link ApiMetrics}. Every other
 * method gets the same answer: the API has always served it so, and clients may rely on it.
 */
final class MetricsService implements EndpointsService {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final ApiMetrics metrics;
    private final Endpoints endpoints;

    MetricsService(ApiMetrics metrics) {
        this.metrics = metrics;
        this.endpoints = Endpoints.builder()
                .path("/").get(this::scrape).otherMethods(this::scrape)
                .build();
    }

    @Override
    public String mountPath() {
        return "/metrics";
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    private void scrape(Exchange ex) {
        ex.caller.require(Role.VIEWER);
        ex.send(200, CONTENT_TYPE, metrics.scrape());
    }
}
