package io.meshgate.kernel.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.ProxyConfig;
import io.meshgate.kernel.ratelimit.LocalRateLimits;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** The seed demos' stat lines of the local rate limits, at 0 once a limit applies, then true counts. */
class LocalRateLimitStatsTest {

    @Test
    void tcpLinesPerRuleAndOneHttpLineSummingEveryBucket() {
        KernelMetrics metrics = new KernelMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        LocalRateLimits limits = new LocalRateLimits(metrics.registry());
        assertThat(EnvoyStatsLines.render(metrics.registry(), ProxyConfig.empty()))
                .noneMatch(line -> line.contains("rate_limit"));

        var tcp = limits.tcpCounter("inbound_demo/fortio_8078_tcp");
        var service = limits.httpCounter("inbound_demo/fortio_8080_http", "throttle_service");
        var route = limits.httpCounter("inbound_demo/fortio_8080_http/inbound|8080", "throttle_route");
        assertThat(EnvoyStatsLines.render(metrics.registry(), ProxyConfig.empty())).contains(
                "local_rate_limit.inbound_demo/fortio_8078_tcp.rate_limited: 0",
                "http_local_rate_limiter.http_local_rate_limit.rate_limited: 0");

        tcp.increment(7);
        service.increment(7);
        route.increment(7);
        assertThat(EnvoyStatsLines.render(metrics.registry(), ProxyConfig.empty()))
                .contains("local_rate_limit.inbound_demo/fortio_8078_tcp.rate_limited: 7",
                        "http_local_rate_limiter.http_local_rate_limit.rate_limited: 14")
                .filteredOn(line -> line.contains("http_local_rate_limit")).hasSize(1);
        assertThat(metrics.statsLines()).contains(
                "meshgate_ratelimit_limited_total{kind=http,name=inbound_demo/fortio_8080_http,scope=throttle_service}: 7");
    }
}
