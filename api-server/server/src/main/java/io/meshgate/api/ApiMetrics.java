package io.meshgate.api;

import io.meshgate.reconcile.ReconcileObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.List;

/**
 * Micrometer metrics of the API itself, served in Prometheus text format at {@code /metrics}
 * (viewer token): requests by route template, method and status; store write latency; reconcile
 * passes and published config versions. Routes are templates, never raw paths, so the number of
 * series stays bounded whatever clients send.
 */
public final class ApiMetrics implements ReconcileObserver {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer storeWrites = Timer.builder("meshgate_api_store_write")
            .description("Duration of resource write transactions").register(registry);
    private final Timer reconcile = Timer.builder("meshgate_reconcile")
            .description("Duration of reconcile passes").register(registry);
    private final Counter published = Counter.builder("meshgate_reconcile_published_versions")
            .description("Config versions published to proxies").register(registry);
    private final Counter reconcileFailures = Counter.builder("meshgate_reconcile_failures")
            .description("Reconcile passes that failed and were retried").register(registry);

    private final Counter refusedWritesSuppressed = Counter.builder("meshgate_api_refused_writes_suppressed")
            .description("Refused writes not audited one by one because their actor hit the per-minute limit")
            .register(registry);

    /** Counts one refused write past its actor's audit limit. */
    public void refusedWriteSuppressed() {
        refusedWritesSuppressed.increment();
    }

    /** Records one finished request. */
    public void request(String route, String method, int status, long nanos) {
        Timer.builder("meshgate_api_requests")
                .description("Admin API requests")
                .tags("route", route, "method", method, "status", Integer.toString(status))
                .register(registry)
                .record(Duration.ofNanos(nanos));
    }

    /** Records one store write transaction. */
    public void storeWrite(long nanos) {
        storeWrites.record(Duration.ofNanos(nanos));
    }

    @Override
    public void reconciled(Duration took, int publishedVersions) {
        reconcile.record(took);
        published.increment(publishedVersions);
    }

    @Override
    public void failed() {
        reconcileFailures.increment();
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    /** A bounded route label for a request path split into segments. */
    static String routeOf(List<String> s) {
        if (s.isEmpty()) {
            return "/";
        }
        if (s.size() == 1 && (s.get(0).equals("openapi") || s.get(0).equals("metrics") || s.get(0).equals("readyz"))) {
            return "/" + s.get(0);
        }
        if (s.size() < 3 || !s.get(0).equals("api") || !s.get(1).equals("v1")) {
            return "other";
        }
        List<String> rest = s.subList(2, s.size());
        String head = rest.get(0);
        return switch (head) {
            case "apply", "watch" -> rest.size() == 1 ? "/api/v1/" + head : "other";
            case "audit" -> rest.size() == 1 ? "/api/v1/audit"
                    : rest.size() == 2 && rest.get(1).equals("verify") ? "/api/v1/audit/verify"
                    : rest.size() == 2 ? "/api/v1/audit/{id}"
                    : rest.size() == 3 && rest.get(2).equals("revert") ? "/api/v1/audit/{id}/revert" : "other";
            case "tokens" -> rest.size() == 1 ? "/api/v1/tokens" : rest.size() == 2 ? "/api/v1/tokens/{name}" : "other";
            case "proxies" -> rest.size() == 1 ? "/api/v1/proxies"
                    : rest.size() == 2 ? "/api/v1/proxies/{name}"
                    : rest.size() == 3 && (rest.get(2).equals("config") || rest.get(2).equals("status"))
                    ? "/api/v1/proxies/{name}/" + rest.get(2) : "other";
            case "namespaces" -> rest.size() == 3 ? "/api/v1/namespaces/{ns}/{plural}"
                    : rest.size() == 4 ? "/api/v1/namespaces/{ns}/{plural}/{name}" : "other";
            default -> rest.size() == 1 ? "/api/v1/{plural}" : rest.size() == 2 ? "/api/v1/{plural}/{name}" : "other";
        };
    }
}
