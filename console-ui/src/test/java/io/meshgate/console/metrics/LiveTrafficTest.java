package io.meshgate.console.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The canary screen's wording of the traffic endpoint's answer. */
class LiveTrafficTest {
    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void backendsWithTrafficShowRateAndShareOthersNoTraffic() throws Exception {
        LiveTraffic live = LiveTraffic.of(json("""
                {"window":"10s","backends":[
                  {"service":"shop-v1","requestsPerSecond":12.345,"share":0.4999},
                  {"service":"shop-v2","requestsPerSecond":12.5,"share":0.5001},
                  {"service":"shop-v3","requestsPerSecond":0,"share":0}],
                 "sources":[{"proxy":"ingress-gateway","state":"sampled"},{"proxy":"sidecar.a.b","state":"warming-up"},
                  {"proxy":"sidecar.web.gone","state":"unreachable","error":"connection refused"}]}
                """));

        assertThat(live.backend("shop-v1")).isEqualTo("12.3 req/s · 50% of traffic");
        assertThat(live.backend("shop-v2")).isEqualTo("12.5 req/s · 50% of traffic");
        assertThat(live.backend("shop-v3")).isEqualTo("no traffic");
        assertThat(live.backend("unlisted")).isEqualTo("no traffic");
        assertThat(live.note()).isEqualTo("last 10s, from 2 proxies (ingress-gateway, sidecar.a.b); unreachable: sidecar.web.gone");
        assertThat(LiveTraffic.rate(1234.4)).isEqualTo("1234");
    }

    @Test
    void beforeAnyProxyWasReadTwiceItIsMeasuring() throws Exception {
        LiveTraffic live = LiveTraffic.of(json("""
                {"window":"10s","backends":[{"service":"shop-v1","requestsPerSecond":0,"share":0}],
                 "sources":[{"proxy":"ingress-gateway","state":"warming-up"}]}
                """));
        assertThat(live.backend("shop-v1")).isEqualTo("measuring…");
        assertThat(LiveTraffic.of(json("{\"window\":\"10s\",\"backends\":[],\"sources\":[]}")).note())
                .isEqualTo("last 10s, no proxy to read");
    }
}
