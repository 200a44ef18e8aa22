package io.meshgate.kernel.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.Cluster;
import io.meshgate.config.Endpoint;
import io.meshgate.config.HttpListener;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.RetryPolicy;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.VirtualHost;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RetryStatsTest {

    @Test
    void theBudgetAllowsTwentyPercentOfActiveRequestsButAlwaysTheMinimum() {
        RetryStats.Loop loop = new RetryStats("c").loop();
        for (int i = 0; i < 20; i++) {
            loop.requestStarted();
        }
        // 20 % of 20 = 4 (above the minimum of 3)
        for (int i = 0; i < 4; i++) {
            assertThat(loop.admitRetry(false, 20, 3)).as("retry " + i).isTrue();
        }
        assertThat(loop.admitRetry(false, 20, 3)).isFalse();
        assertThat(loop.admitRetry(true, 20, 3)).as("a request that holds a slot keeps it").isTrue();
        loop.requestFinished(true);
        assertThat(loop.activeRetries()).isEqualTo(3);

        RetryStats.Loop few = new RetryStats("d").loop();
        few.requestStarted();
        assertThat(few.admitRetry(false, 20, 3)).as("the minimum concurrency applies with one request").isTrue();
    }

    @Test
    void countsAreSummedOverEventLoops() throws Exception {
        RetryStats stats = new RetryStats("c");
        stats.loop().count(RetryStats.Event.RETRY);
        CompletableFuture.runAsync(() -> {
            stats.loop().count(RetryStats.Event.RETRY);
            stats.loop().count(RetryStats.Event.SUCCESS);
        }).get();
        assertThat(stats.count(RetryStats.Event.RETRY)).isEqualTo(2);
        assertThat(stats.count(RetryStats.Event.SUCCESS)).isEqualTo(1);
    }

    @Test
    void adminPrintsTheSeedsLinesForARetryingClusterAtZeroAndThenTheCounts() {
        KernelMetrics metrics = new KernelMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        String cluster = "httpbin/httpbin|14001";
        Route route = Route.to("r", RouteMatch.ANY, cluster)
                .withFilters(List.of(RetryPolicy.of(List.of("5xx"), 5, null, null)));
        ProxyConfig config = new ProxyConfig("v1", List.of(HttpListener.plain("l", "127.0.0.1", 0,
                List.of(new VirtualHost("h", List.of("*"), List.of(route))))),
                List.of(Cluster.of(cluster, List.of(Endpoint.of("127.0.0.1", 1)))));

        assertThat(EnvoyStatsLines.render(metrics.registry(), config)).contains(
                "cluster.httpbin/httpbin|14001.upstream_rq_retry: 0",
                "cluster.httpbin/httpbin|14001.upstream_rq_retry_backoff_exponential: 0",
                "cluster.httpbin/httpbin|14001.upstream_rq_retry_backoff_ratelimited: 0",
                "cluster.httpbin/httpbin|14001.upstream_rq_retry_limit_exceeded: 0",
                "cluster.httpbin/httpbin|14001.upstream_rq_retry_overflow: 0",
                "cluster.httpbin/httpbin|14001.upstream_rq_retry_success: 0");

        RetryStats.Loop loop = metrics.retryStats(cluster).loop();
        for (int i = 0; i < 5; i++) {
            loop.count(RetryStats.Event.RETRY);
            loop.count(RetryStats.Event.BACKOFF_EXPONENTIAL);
        }
        loop.count(RetryStats.Event.LIMIT_EXCEEDED);
        assertThat(EnvoyStatsLines.render(metrics.registry(), config)).contains(
                "cluster.httpbin/httpbin|14001.upstream_rq_retry: 5",
                "cluster.httpbin/httpbin|14001.upstream_rq_retry_backoff_exponential: 5",
                "cluster.httpbin/httpbin|14001.upstream_rq_retry_limit_exceeded: 1",
                "cluster.httpbin/httpbin|14001.upstream_rq_retry_success: 0");
    }
}
