package io.meshgate.kernel.observe;

import io.meshgate.kernel.ratelimit.LocalRateLimits;
import io.micrometer.core.instrument.Meter;

/**
 * The {@code /stats} names of the local rate limits' refusal counters, those FSM's demos {@code grep}:
 * a TCP rule's {@code local_rate_limit.<statPrefix>.rate_limited} (Envoy's network filter, e.g.
 * {@code local_rate_limit.inbound_demo/fortio_8078_tcp.rate_limited}), and for HTTP one line summing
 * every bucket, {@code http_local_rate_limiter.http_local_rate_limit.rate_limited} (Envoy's HTTP filter
 * with FSM's stat prefix). The per-bucket HTTP counts are in the Prometheus-named lines
 * ({@code meshgate_ratelimit_limited_total{kind=http,name=...,scope=throttle_service|throttle_route}}).
 */
final class LocalRateLimitStats {
    static final String HTTP_TOTAL = "http_local_rate_limiter.http_local_rate_limit.rate_limited";

    private LocalRateLimitStats() {}

    static String envoyName(Meter.Id id) {
        if (LocalRateLimits.TCP.equals(id.getTag("kind"))) {
            String name = id.getTag("name");
            return "local_rate_limit." + (name == null ? KernelMetrics.NONE : name.replace('\n', ' ')) + ".rate_limited";
        }
        return HTTP_TOTAL;
    }
}
