package io.meshgate.kernel.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.LocalRateLimit;
import io.meshgate.config.TokenBucketSettings;
import io.meshgate.kernel.ratelimit.LocalRateLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The rateLimit filter: shared buckets per name, the configured answer, counting, the run order. */
class LocalRateLimitFilterTest {
    private final AtomicLong nanos = new AtomicLong();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FilterRegistry filters = FilterRegistry.standard(new LocalRateLimits(registry, nanos::get));
    private final HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
    private final FilterContext ctx = new FilterContext("inbound/inbound|8080", "r", null, false);

    private static LocalRateLimit limit(String bucket, LocalRateLimit.Scope scope, int requests, int status,
                                        Map<String, String> headers) {
        return new LocalRateLimit(bucket, scope, new TokenBucketSettings(requests, Duration.ofMinutes(1), 0), status,
                headers);
    }

    private double limited(String scope) {
        return registry.find(LocalRateLimits.LIMITED).tag("scope", scope).counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    @Test
    void routesNamingOneBucketShareItAndTheRefusalIsTheConfiguredAnswer() {
        LocalRateLimit service = limit("svc", null, 3, 0, Map.of("x-limited", "yes"));
        HttpFilter routeA = filters.build(List.of(service)).getFirst();
        HttpFilter routeB = filters.build(List.of(service)).getFirst();
        assertThat(limited("throttle_service")).as("registered at 0").isZero();

        assertThat(routeA.onRequest(ctx, request).proceeds()).isTrue();
        assertThat(routeB.onRequest(ctx, request).proceeds()).isTrue();
        assertThat(routeA.onRequest(ctx, request).proceeds()).isTrue();
        FilterOutcome refused = routeB.onRequest(ctx, request);
        assertThat(refused.proceeds()).as("3 for both routes together").isFalse();
        assertThat(refused.status().code()).isEqualTo(429);
        assertThat(refused.headers()).containsEntry("x-limited", "yes");
        assertThat(refused.body()).isEqualTo("local_rate_limited");
        assertThat(refused.verbatim()).isTrue();
        assertThat(limited("throttle_service")).isEqualTo(1);
        assertThat(routeB.onRequest(ctx, request)).as("one outcome object: nothing allocated per refusal").isSameAs(refused);
    }

    @Test
    void theServiceLimitRunsBeforeTheRouteLimitAndARefusalThereTakesNoRouteToken() {
        LocalRateLimit service = limit("svc", LocalRateLimit.Scope.VIRTUAL_HOST, 1, 503, null);
        LocalRateLimit route = limit("svc/route", LocalRateLimit.Scope.ROUTE, 2, 0, null);
        List<HttpFilter> chain = filters.build(List.of(service, route));
        assertThat(run(chain)).isEqualTo(0);
        assertThat(run(chain)).as("the service's bucket is empty").isEqualTo(503);
        assertThat(limited("throttle_route")).isZero();
        nanos.addAndGet(Duration.ofMinutes(1).toNanos());
        assertThat(run(chain)).as("a new minute: a service token again").isEqualTo(0);
        assertThat(run(chain)).isEqualTo(503);
        assertThat(limited("throttle_service")).isEqualTo(2);
    }

    /** The status of the first refusal in {@code chain}, 0 when every filter lets the request on. */
    private int run(List<HttpFilter> chain) {
        for (HttpFilter filter : chain) {
            FilterOutcome outcome = filter.onRequest(ctx, request);
            if (!outcome.proceeds()) {
                return outcome.status().code();
            }
        }
        return 0;
    }
}
