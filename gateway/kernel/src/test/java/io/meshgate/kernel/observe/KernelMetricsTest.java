package io.meshgate.kernel.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KernelMetricsTest {
    private final MockClock clock = new MockClock();
    private final KernelMetrics metrics = new KernelMetrics(
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(), clock));

    @Test
    void requestCountersAndHistogramBucketsAppearInTheScrape() {
        metrics.requestCompleted("http", "r1", "c1", 200, TimeUnit.MILLISECONDS.toNanos(3), 10, 512);
        metrics.requestCompleted("http", "r1", "c1", 200, TimeUnit.MILLISECONDS.toNanos(40), 0, 100);
        metrics.requestCompleted("http", "r1", "c1", 503, TimeUnit.MILLISECONDS.toNanos(1), 0, 0);

        String scrape = metrics.registry().scrape();

        assertThat(scrape).contains(
                "meshgate_requests_total{cluster=\"c1\",listener=\"http\",route=\"r1\",status=\"200\"} 2.0",
                "meshgate_requests_total{cluster=\"c1\",listener=\"http\",route=\"r1\",status=\"503\"} 1.0",
                "meshgate_request_duration_seconds_count{cluster=\"c1\",listener=\"http\",route=\"r1\"} 3",
                "meshgate_request_bytes_total{cluster=\"c1\",listener=\"http\",route=\"r1\"} 10.0",
                "meshgate_response_bytes_total{cluster=\"c1\",listener=\"http\",route=\"r1\"} 612.0",
                "# TYPE meshgate_request_duration_seconds histogram");
        List<String> buckets = scrape.lines().filter(l -> l.startsWith("meshgate_request_duration_seconds_bucket")).toList();
        assertThat(buckets).hasSizeGreaterThan(10);
        assertThat(buckets).allSatisfy(b -> assertThat(b).doesNotContain("status="));
        assertThat(buckets).contains(
                "meshgate_request_duration_seconds_bucket{cluster=\"c1\",listener=\"http\",route=\"r1\",le=\"+Inf\"} 3");
        // the first bucket starts at the configured 1 ms minimum and holds the 1 ms request only
        assertThat(buckets.getFirst()).contains("le=\"0.001\"").endsWith(" 1");
    }

    @Test
    void localAnswersAndOddStatusesAreBounded() {
        metrics.requestCompleted("http", null, null, 404, 1_000, 0, 9);
        metrics.requestCompleted("http", "r1", "", 0, 1_000, 0, 0);
        metrics.requestCompleted("http", "r1", "", 999, 1_000, 0, 0);

        assertThat(metrics.statsLines()).contains(
                "meshgate_requests_total{cluster=none,listener=http,route=none,status=404}: 1",
                "meshgate_requests_total{cluster=none,listener=http,route=r1,status=0}: 2");
    }

    @Test
    void statsLinesAreSortedEnvoyLikeLines() {
        metrics.requestCompleted("http", "r1", "c1", 200, TimeUnit.MILLISECONDS.toNanos(250), 0, 0);
        for (int i = 0; i < 41; i++) {
            metrics.requestCompleted("http", "r1", "c1", 200, 1_000_000, 0, 0);
        }
        metrics.connectionOpened("http");

        List<String> lines = metrics.statsLines();

        assertThat(lines).contains(
                "meshgate_requests_total{cluster=c1,listener=http,route=r1,status=200}: 42",
                "meshgate_request_duration_seconds_count{cluster=c1,listener=http,route=r1}: 42",
                "meshgate_request_duration_seconds_sum{cluster=c1,listener=http,route=r1}: 0.291",
                "meshgate_downstream_connections_active{listener=http}: 1",
                "meshgate_downstream_connections_accepted_total{listener=http}: 1",
                "meshgate_config_applied_total: 0");
        assertThat(lines).isSorted();
        assertThat(lines).allMatch(l -> l.matches("[a-z_]+(\\{[^}]*})?: -?[0-9]+(\\.[0-9]+)?"), "name{tags}: value");
    }

    @Test
    void connectionGaugeFollowsOpenAndClose() {
        metrics.connectionOpened("http");
        metrics.connectionOpened("http");
        metrics.connectionOpened("tcp");
        metrics.connectionClosed("http");

        assertThat(metrics.statsLines()).contains(
                "meshgate_downstream_connections_active{listener=http}: 1",
                "meshgate_downstream_connections_accepted_total{listener=http}: 2",
                "meshgate_downstream_connections_active{listener=tcp}: 1");
    }

    @Test
    void poolGaugesReadTheirSuppliersAndAreReplacedOnReRegistration() {
        AtomicInteger idle = new AtomicInteger(3);
        metrics.registerPoolGauges("c1/loop-0", idle::get, () -> 2);
        idle.set(5);

        assertThat(metrics.statsLines()).contains(
                "meshgate_upstream_pool_idle{pool=c1/loop-0}: 5",
                "meshgate_upstream_pool_busy{pool=c1/loop-0}: 2");

        metrics.registerPoolGauges("c1/loop-0", () -> 7, () -> 8);
        assertThat(metrics.statsLines()).contains(
                "meshgate_upstream_pool_idle{pool=c1/loop-0}: 7",
                "meshgate_upstream_pool_busy{pool=c1/loop-0}: 8");

        metrics.unregisterPoolGauges("c1/loop-0");
        assertThat(metrics.statsLines()).noneMatch(l -> l.contains("pool="));
    }

    @Test
    void passthroughAddressRefusalsAreCountedByRange() {
        metrics.passthroughAddressRefused("LOOPBACK");
        metrics.passthroughAddressRefused("LOOPBACK");
        metrics.passthroughAddressRefused("LINK_LOCAL");

        assertThat(metrics.statsLines()).contains(
                "meshgate_passthrough_address_refused_total{range=loopback}: 2",
                "meshgate_passthrough_address_refused_total{range=link_local}: 1");
    }

    @Test
    void meshAccessDenialsAndUnservedConnectionsAreCountedByRuleAndReason() {
        metrics.accessDenied("inbound", "books|14001", "principal not granted");
        metrics.accessDenied("inbound", "books|14001", "principal not granted");
        metrics.accessDenied("inbound", "db|5432", "no grants");
        metrics.meshConnectionUnserved("outbound", "no destination rule");

        assertThat(metrics.statsLines()).contains(
                "meshgate_mesh_access_denied_total{listener=inbound,reason=principal_not_granted,rule=books|14001}: 2",
                "meshgate_mesh_access_denied_total{listener=inbound,reason=no_grants,rule=db|5432}: 1",
                "meshgate_mesh_connections_unserved_total{listener=outbound,reason=no_destination_rule}: 1");
    }

    @Test
    void rejectionsAndConnectFailuresAreCountedWithBoundedReasons() {
        metrics.requestRejected("http", "request body too large");
        metrics.requestRejected("http", "request body too large");
        metrics.requestRejected("http", "URI too long!");
        metrics.upstreamConnectFailed("c1");
        for (int i = 0; i < 100; i++) {
            metrics.requestRejected("http", "invalid path /x" + i);
        }

        List<String> lines = metrics.statsLines();
        assertThat(lines).contains(
                "meshgate_requests_rejected_total{listener=http,reason=request_body_too_large}: 2",
                "meshgate_requests_rejected_total{listener=http,reason=uri_too_long}: 1",
                "meshgate_upstream_connect_failures_total{cluster=c1}: 1");
        List<String> rejected = lines.stream().filter(l -> l.startsWith("meshgate_requests_rejected_total")).toList();
        assertThat(rejected).hasSizeLessThanOrEqualTo(KernelMetrics.MAX_REJECT_REASONS + 1);
        long total = rejected.stream().mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertThat(total).isEqualTo(103);
        assertThat(lines).contains("meshgate_requests_rejected_total{listener=http,reason=other}: "
                + (103 - 3 - (KernelMetrics.MAX_REJECT_REASONS - 2)));
    }

    @Test
    void reasonTagsAreShortAndSafe() {
        assertThat(KernelMetrics.reasonTag("  Header block too LARGE (431) ")).isEqualTo("header_block_too_large_431");
        assertThat(KernelMetrics.reasonTag("!!!")).isEqualTo("unknown");
        assertThat(KernelMetrics.reasonTag(null)).isEqualTo("unknown");
        assertThat(KernelMetrics.reasonTag("x".repeat(100))).hasSize(48);
    }

    @Test
    void configAppliedCountsAndRecordsTheWallClockTime() {
        assertThat(metrics.statsLines()).contains("meshgate_config_last_applied_timestamp_seconds: 0");
        clock.add(1_700_000_000, TimeUnit.SECONDS); // MockClock starts at 1 ms
        metrics.configApplied("v1");
        clock.add(5, TimeUnit.SECONDS);
        metrics.configApplied("v2");

        assertThat(metrics.lastConfigVersion()).isEqualTo("v2");
        assertThat(metrics.statsLines()).contains(
                "meshgate_config_applied_total: 2",
                "meshgate_config_last_applied_timestamp_seconds: 1700000005.001");
        assertThat(metrics.registry().scrape()).contains("meshgate_config_last_applied_timestamp_seconds 1.700000005001E9");
    }

    @Test
    void repeatedCallsReuseTheirMeters() {
        metrics.requestCompleted("http", "r1", "c1", 200, 1, 1, 1);
        metrics.connectionOpened("http");
        metrics.requestRejected("http", "bad");
        metrics.upstreamConnectFailed("c1");
        int meters = metrics.registry().getMeters().size();

        for (int i = 0; i < 100; i++) {
            metrics.requestCompleted("http", "r1", "c1", 200, 1, 1, 1);
            metrics.connectionOpened("http");
            metrics.requestRejected("http", "bad");
            metrics.upstreamConnectFailed("c1");
        }

        assertThat(metrics.registry().getMeters()).hasSize(meters);
    }

    @Test
    void concurrentUpdatesAreNotLost() throws Exception {
        int threads = 4;
        int perThread = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        // new routes appear while others are counted: exercises meter creation races
                        metrics.requestCompleted("http", "r" + (i % 7), "c1", 200 + (i % 3), 1_000, 1, 1);
                        metrics.connectionOpened("http");
                        metrics.connectionClosed("http");
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<String> lines = metrics.statsLines();
        long requests = lines.stream().filter(l -> l.startsWith("meshgate_requests_total"))
                .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertThat(requests).isEqualTo((long) threads * perThread);
        assertThat(lines).contains(
                "meshgate_downstream_connections_active{listener=http}: 0",
                "meshgate_downstream_connections_accepted_total{listener=http}: " + threads * perThread);
    }
}
