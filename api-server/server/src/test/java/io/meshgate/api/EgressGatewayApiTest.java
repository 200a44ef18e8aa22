package io.meshgate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.TunnelListener;
import io.meshgate.config.TunnelMode;
import io.meshgate.config.json.ProxyConfigJson;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An egress gateway registered as a proxy of kind {@code egress} follows the config the Egress and
 * EgressGateway policies make: one tunnel listener whose TLS is the gateway's own mesh certificate,
 * served to the gateway's token only, in the mode MeshConfig {@code spec.egressGateway.mode} names; the
 * proxies list shows its sync state.
 */
class EgressGatewayApiTest {
    private static final String NAME = "egress-gateway.fsm-system";
    private static final String POLICIES = """
            apiVersion: v1
            kind: Service
            metadata:
              name: fsm-egress-gateway
              namespace: fsm-system
            spec:
              ports: [{name: egress-nat-port, port: 1080, targetPort: 1080, protocol: TCP}]
            ---
            kind: EgressGateway
            apiVersion: policy.flomesh.io/v1alpha1
            metadata: {name: global-egress-gateway, namespace: curl}
            spec:
              global: [{service: fsm-egress-gateway, namespace: fsm-system}]
            ---
            kind: Egress
            apiVersion: policy.flomesh.io/v1alpha1
            metadata: {name: httpbin-80, namespace: curl}
            spec:
              sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
              hosts: [httpbin.org]
              ports: [{number: 80, protocol: http}]
            """;

    @TempDir
    Path dir;
    TestServer t;

    @BeforeEach
    void start() {
        t = new TestServer(dir);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void egressAndEgressGatewayPoliciesMakeTheGatewaysTunnelListener() {
        HttpResponse<String> patched = t.admin.patch("/api/v1/namespaces/fsm-system/meshconfigs/fsm-mesh-config",
                "application/merge-patch+json",
                "{\"spec\":{\"traffic\":{\"enableEgress\":false},\"egressGateway\":{\"mode\":\"sock5\"}}}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        HttpResponse<String> applied = t.admin.post("/api/v1/apply", "application/yaml", POLICIES);
        assertThat(applied.statusCode()).as(applied.body()).isLessThan(300);
        ApiClient gateway = register();

        HttpResponse<String> served = await().atMost(Duration.ofSeconds(30)).until(
                () -> gateway.get("/api/v1/proxies/" + NAME + "/config"),
                r -> r.statusCode() == 200 && r.body().contains("\"tunnel\""));
        ProxyConfig config = ProxyConfigJson.read(served.body());
        assertThat(config.listeners()).singleElement().isInstanceOfSatisfying(TunnelListener.class, listener -> {
            assertThat(listener.name()).isEqualTo("egress-gateway");
            assertThat(listener.address()).isEqualTo("0.0.0.0");
            assertThat(listener.port()).isEqualTo(1080);
            assertThat(listener.mode()).isEqualTo(TunnelMode.SOCKS5);
            assertThat(listener.passthrough()).isFalse();
            assertThat(listener.tls()).isNotNull();
            assertThat(listener.tls().privateKey().pem()).contains("PRIVATE KEY");
            assertThat(listener.rules()).singleElement().satisfies(rule -> {
                assertThat(rule.name()).isEqualTo("egress/curl/httpbin-80/curl.curl.cluster.local");
                assertThat(rule.principals()).containsExactly("curl.curl.cluster.local");
                assertThat(rule.hosts()).containsExactly("httpbin.org");
                assertThat(rule.ports()).containsExactly(80);
            });
        });
        // the key travels on the gateway's own channel only
        assertThat(t.admin.get("/api/v1/proxies/" + NAME + "/config").statusCode()).isEqualTo(403);

        String version = served.headers().firstValue("ETag").orElseThrow().replace("\"", "");
        assertThat(gateway.post("/api/v1/proxies/" + NAME + "/status", "application/json",
                "{\"version\":\"" + version + "\",\"applied\":true}").statusCode()).isEqualTo(204);
        JsonNode listed = ApiClient.json(t.viewer.get("/api/v1/proxies")).get("items").get(0);
        assertThat(listed.get("name").asText()).isEqualTo(NAME);
        assertThat(listed.get("kind").asText()).isEqualTo("egress");
        assertThat(listed.get("inSync").asBoolean()).isTrue();
        assertThat(listed.toString()).doesNotContain("PRIVATE KEY");

        JsonNode status = await().atMost(Duration.ofSeconds(30)).until(
                () -> ApiClient.json(t.viewer.get("/api/v1/namespaces/curl/egresses/httpbin-80")).path("status"),
                s -> s.path("conditions").size() > 0);
        assertThat(status.at("/conditions/0/type").asText()).isEqualTo("GatewayAdmits");
        assertThat(status.at("/conditions/0/status").asText()).isEqualTo("True");
    }

    @Test
    void withoutAnEgressGatewayPolicyTheGatewayIsInSyncOnTheEmptyConfig() {
        ApiClient gateway = register();
        HttpResponse<String> served = await().atMost(Duration.ofSeconds(30)).until(
                () -> gateway.get("/api/v1/proxies/" + NAME + "/config"), r -> r.statusCode() == 200);
        assertThat(ProxyConfigJson.read(served.body()).listeners()).isEmpty();
    }

    private ApiClient register() {
        HttpResponse<String> r = t.admin.post("/api/v1/proxies", "application/json",
                "{\"name\":\"" + NAME + "\",\"kind\":\"egress\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return t.anonymous.as(ApiClient.json(r).get("token").asText());
    }
}
