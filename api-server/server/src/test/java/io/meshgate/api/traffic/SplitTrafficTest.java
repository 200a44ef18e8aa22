package io.meshgate.api.traffic;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Rates and shares of a split's backends from proxies' counters, through the sampler with a clock the
 * test moves: every number is exact, nothing is timed.
 */
class SplitTrafficTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final List<String> BACKENDS = List.of("shop-v1", "shop-v2");

    private final TestClock clock = new TestClock(T0);
    private final TrafficSampler sampler = new TrafficSampler(clock);

    private SplitTraffic traffic(String... proxies) {
        Map<String, CounterHistory.Observed> observed = new LinkedHashMap<>();
        for (String p : proxies) {
            sampler.observe(p, WINDOW).ifPresent(o -> observed.put(p, o));
        }
        return SplitTraffic.of("shop", BACKENDS, observed);
    }

    private static String page(long v1, long v2) {
        return "cluster.shop/shop-v1|8080.upstream_rq_total: " + v1 + "\ncluster.shop/shop-v2|8080.upstream_rq_total: " + v2
                + "\ncluster.other/shop-v1|8080.upstream_rq_total: 999999\n";
    }

    @Test
    void ratesAreCounterGrowthPerSecondSummedOverProxiesAndSharesTheirPart() {
        sampler.record("client-a", page(100, 0));
        sampler.record("client-b", page(0, 0));
        clock.advance(WINDOW);
        sampler.record("client-a", page(200, 0)); // 10/s to v1
        sampler.record("client-b", page(0, 300)); // 30/s to v2

        SplitTraffic t = traffic("client-a", "client-b");

        assertThat(t.requestsPerSecond()).isCloseTo(40.0, within(1e-9));
        SplitTraffic.Backend v1 = t.backends().get(0);
        SplitTraffic.Backend v2 = t.backends().get(1);
        assertThat(v1.service()).isEqualTo("shop-v1");
        assertThat(v1.requestsPerSecond()).isCloseTo(10.0, within(1e-9));
        assertThat(v1.share()).isCloseTo(0.25, within(1e-9));
        assertThat(v1.totalRequests()).isEqualTo(200); // the other namespace's shop-v1 is not this backend
        assertThat(v1.proxies()).containsExactly("client-a");
        assertThat(v1.clusters()).containsExactly("shop/shop-v1|8080");
        assertThat(v2.requestsPerSecond()).isCloseTo(30.0, within(1e-9));
        assertThat(v2.share()).isCloseTo(0.75, within(1e-9));
        assertThat(v2.proxies()).containsExactly("client-b");
    }

    @Test
    void theWindowMovesSoAWeightChangeShowsOnceTheOldTrafficIsOutOfIt() {
        sampler.record("client", page(0, 0));
        for (int s = 1; s <= 10; s++) { // 10 s of 100/0
            clock.advance(Duration.ofSeconds(1));
            sampler.record("client", page(10L * s, 0));
        }
        assertThat(traffic("client").backends().get(0).share()).isEqualTo(1.0);

        for (int s = 1; s <= 10; s++) { // then 10 s of 50/50
            clock.advance(Duration.ofSeconds(1));
            sampler.record("client", page(100 + 5L * s, 5L * s));
        }
        SplitTraffic now = traffic("client");
        assertThat(now.backends()).extracting(SplitTraffic.Backend::share).containsExactly(0.5, 0.5);
        assertThat(now.backends()).extracting(SplitTraffic.Backend::requestsPerSecond).containsExactly(5.0, 5.0);
    }

    @Test
    void aRestartedProxyCountsFromZeroInsteadOfANegativeRate() {
        sampler.record("client", page(5000, 5000));
        clock.advance(WINDOW);
        sampler.record("client", page(20, 0)); // restarted: 20 requests to v1 since

        SplitTraffic t = traffic("client");
        assertThat(t.backends().get(0).requestsPerSecond()).isCloseTo(2.0, within(1e-9));
        assertThat(t.backends().get(1).requestsPerSecond()).isZero();
        assertThat(t.backends().get(0).share()).isEqualTo(1.0);
    }

    @Test
    void withoutTrafficEveryShareIsZeroAndOneReadingGivesTotalsOnly() {
        sampler.record("client", page(7, 3));
        SplitTraffic first = traffic("client");
        assertThat(first.requestsPerSecond()).isZero();
        assertThat(first.backends()).extracting(SplitTraffic.Backend::totalRequests).containsExactly(7L, 3L);
        assertThat(first.backends()).extracting(SplitTraffic.Backend::share).containsExactly(0.0, 0.0);
        assertThat(first.backends().get(0).proxies()).isEmpty();

        clock.advance(WINDOW);
        sampler.record("client", page(7, 3));
        assertThat(traffic("client").backends()).extracting(SplitTraffic.Backend::share).containsExactly(0.0, 0.0);
        assertThat(traffic("nobody").backends()).extracting(SplitTraffic.Backend::totalRequests).containsExactly(0L, 0L);
    }

    @Test
    void readingsCloserThanTheMinimumIntervalAreSharedAndForgottenProxiesDropped() {
        sampler.record("client", page(0, 0));
        assertThat(sampler.due("client")).isFalse();
        clock.advance(Duration.ofMillis(500));
        sampler.record("client", page(50, 0)); // a concurrent reader's: dropped
        assertThat(sampler.due("client")).isFalse();
        clock.advance(Duration.ofMillis(500));
        assertThat(sampler.due("client")).isTrue();
        sampler.record("client", page(10, 0));
        assertThat(traffic("client").backends().get(0).requestsPerSecond()).isCloseTo(10.0, within(1e-9));

        sampler.retainOnly(List.of("someone-else"));
        assertThat(sampler.observe("client", WINDOW)).isEmpty();
        assertThat(sampler.due("client")).isTrue();
    }
}
