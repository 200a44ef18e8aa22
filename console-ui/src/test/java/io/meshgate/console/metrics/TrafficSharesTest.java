package io.meshgate.console.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrafficSharesTest {
    private static final String SCRAPE = """
            # HELP meshgate_requests_total Finished HTTP requests by status sent to the client
            # TYPE meshgate_requests_total counter
            meshgate_requests_total{cluster="shop/web-v1:80",listener="ingress-http",route="r0",status="200",} 30.0
            meshgate_requests_total{cluster="shop/web-v1:80",listener="ingress-http",route="r0",status="503",} 10.0
            meshgate_requests_total{cluster="shop/web-v2:8080~hashing",listener="ingress-http",route="r1",status="200",} 60.0
            meshgate_requests_total{cluster="other/web-v2:80",listener="ingress-http",route="r2",status="200",} 99.0
            meshgate_requests_total{cluster="none",listener="ingress-http",route="none",status="404",} 5.0
            meshgate_requests_total{route="quoted \\"}\\" brace",cluster="shop/web-v1:80",status="200"} 1
            meshgate_api_requests_total{route="/api/v1",method="GET",status="200"} 12.0
            meshgate_requests_total{cluster="shop/broken:80"} NaN-ish
            """;

    @Test
    void sumsRequestsPerServiceOfTheNamespace() {
        assertThat(TrafficShares.requestsByService(SCRAPE, "shop"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("web-v1", 41L, "web-v2", 60L));
        assertThat(TrafficShares.requestsByService(SCRAPE, "other")).containsExactlyInAnyOrderEntriesOf(Map.of("web-v2", 99L));
        assertThat(TrafficShares.requestsByService("", "shop")).isEmpty();
        assertThat(TrafficShares.requestsByService(null, "shop")).isEmpty();
    }

    @Test
    void sharesOfTheSplitsBackends() {
        Map<String, Long> counts = Map.of("web-v1", 25L, "web-v2", 75L, "unrelated", 1000L);
        assertThat(TrafficShares.shares(counts, List.of("web-v1", "web-v2", "web-v3")))
                .hasValueSatisfying(s -> assertThat(s).containsExactlyInAnyOrderEntriesOf(
                        Map.of("web-v1", 0.25, "web-v2", 0.75, "web-v3", 0.0)));
    }

    @Test
    void noDataYetWhenNoBackendWasCalled() {
        assertThat(TrafficShares.shares(Map.of("unrelated", 3L), List.of("web-v1", "web-v2"))).isEmpty();
    }

    @Test
    void clusterNames() {
        assertThat(TrafficShares.serviceOf("shop/web:80~sticky~h2", "shop")).contains("web");
        assertThat(TrafficShares.serviceOf("shop/web:80", "other")).isEmpty();
        assertThat(TrafficShares.serviceOf("web~unresolved", "shop")).isEmpty();
        assertThat(TrafficShares.serviceOf("none", "shop")).isEmpty();
    }
}
