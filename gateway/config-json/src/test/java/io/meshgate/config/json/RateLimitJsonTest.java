package io.meshgate.config.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.Cluster;
import io.meshgate.config.ConnectionRateLimit;
import io.meshgate.config.DestinationRule;
import io.meshgate.config.Endpoint;
import io.meshgate.config.LocalRateLimit;
import io.meshgate.config.MeshListener;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.TokenBucketSettings;
import io.meshgate.config.VirtualHost;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rate-limit records on the wire: a rule's connection limit and the {@code rateLimit} filter. */
class RateLimitJsonTest {

    private static ProxyConfig inbound(DestinationRule... rules) {
        return new ProxyConfig("1", List.of(new MeshListener("inbound", "0.0.0.0", 15003,
                MeshListener.Direction.INBOUND, List.of(rules), null, null, null)),
                List.of(Cluster.of("inbound|8078", List.of(Endpoint.of("127.0.0.1", 8078))),
                        Cluster.of("inbound|8080", List.of(Endpoint.of("127.0.0.1", 8080)))));
    }

    @Test
    void aConnectionLimitAndAnHttpLimitRoundTrip() {
        DestinationRule tcp = new DestinationRule("inbound|8078", List.of(), 8078, DestinationRule.AppProtocol.TCP,
                List.of(), "inbound|8078", null).withConnectionRateLimit(new ConnectionRateLimit(
                "inbound_demo/fortio_8078_tcp", new TokenBucketSettings(1, Duration.ofMinutes(1), 10)));
        LocalRateLimit limit = new LocalRateLimit("inbound_demo/fortio_8080_http", LocalRateLimit.Scope.ROUTE,
                new TokenBucketSettings(3, Duration.ofMinutes(1), 0), 0, Map.of("x-limited", "yes"));
        DestinationRule http = new DestinationRule("inbound|8080", List.of(), 8080, DestinationRule.AppProtocol.HTTP,
                List.of(new VirtualHost("v", List.of("*"), List.of(
                        Route.to("r", RouteMatch.ANY, "inbound|8080").withFilters(List.of(limit))))), null, null);
        ProxyConfig config = inbound(tcp, http);

        String json = ProxyConfigJson.write(config, false);

        assertThat(json).contains("\"type\" : \"rateLimit\"", "\"statPrefix\" : \"inbound_demo/fortio_8078_tcp\"",
                "\"fillInterval\" : \"PT1M\"", "\"responseStatusCode\" : 429");
        assertThat(json).as("a rule without a limit writes none").containsOnlyOnce("connectionRateLimit");
        assertThat(ProxyConfigJson.read(json)).isEqualTo(config);
    }

    @Test
    void badSettingsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> new TokenBucketSettings(0, Duration.ofMinutes(1), 0))
                .hasMessageContaining("tokenBucket.tokensPerFill must be at least 1");
        assertThatThrownBy(() -> new TokenBucketSettings(1, Duration.ZERO, 0))
                .hasMessageContaining("tokenBucket.fillInterval");
        assertThatThrownBy(() -> new TokenBucketSettings(1, Duration.ofSeconds(1), -1))
                .hasMessageContaining("tokenBucket.burst must not be negative");
        TokenBucketSettings ok = new TokenBucketSettings(1, Duration.ofSeconds(1), 0);
        assertThatThrownBy(() -> new LocalRateLimit("b", null, ok, 302, null))
                .hasMessageContaining("rateLimit.responseStatusCode must be 400..599");
        assertThatThrownBy(() -> new LocalRateLimit("b", null, ok, 0, Map.of("bad header", "x")))
                .hasMessageContaining("invalid header name");
        assertThatThrownBy(() -> new ConnectionRateLimit("two words", ok)).hasMessageContaining("one word");
        assertThat(new TokenBucketSettings(3, Duration.ofMinutes(1), 0).maxTokens()).isEqualTo(3);
        assertThat(new TokenBucketSettings(3, Duration.ofMinutes(1), 10).maxTokens()).isEqualTo(10);
        assertThat(new TokenBucketSettings(3, Duration.ofMinutes(1), 2).maxTokens()).isEqualTo(3);
    }
}
