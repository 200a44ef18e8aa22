package io.meshgate.standalone;

import io.meshgate.client.CaTrust;
import io.meshgate.api.ApiClient;
import io.meshgate.api.TestServer;
import io.meshgate.api.ResourceApiTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

/** The standalone kernel is the registered proxy "ingress-gateway", in sync, across restarts. */
class StandaloneProxyTest {
    @TempDir
    Path dir;

    private JsonNode gateway(Standalone stack) {
        java.net.http.HttpClient.Builder http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1);
        if (stack.apiTrustFile() != null) {
            http.sslContext(CaTrust.sslContext(stack.apiTrustFile()));
        }
        ApiClient admin = new ApiClient(stack.apiUrl().toString(), TestServer.ADMIN_TOKEN, http.build());
        JsonNode items = ApiClient.json(admin.get("/api/v1/proxies")).get("items");
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    @Test
    void theEmbeddedKernelFollowsItsConfigLikeARemoteProxy() {
        StandaloneOptions options = new StandaloneOptions(dir, 0, 0, 0, "127.0.0.1", -1, TestServer.ADMIN_TOKEN);
        for (int start = 0; start < 2; start++) { // the second start reuses the saved token
            try (Standalone stack = Standalone.start(options)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> gateway(stack).get("inSync").asBoolean());
                JsonNode g = gateway(stack);
                assertThat(g.get("name").asText()).isEqualTo("ingress-gateway");
                assertThat(g.get("kind").asText()).isEqualTo("ingress");
                // the ingress translator's config (no Ingress yet: listeners, no routes), by content hash
                assertThat(g.get("appliedVersion").asText()).isEqualTo(g.get("desiredVersion").asText())
                        .isNotEqualTo("empty");
            }
        }
    }

    @Test
    void theEmbeddedKernelsAdminPagesAreServedThroughTheApi() {
        StandaloneOptions options = new StandaloneOptions(dir, 0, 0, 0, "127.0.0.1", 0, TestServer.ADMIN_TOKEN);
        try (Standalone stack = Standalone.start(options)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> gateway(stack).get("inSync").asBoolean());
            ApiClient admin = new ApiClient(stack.apiUrl().toString(), TestServer.ADMIN_TOKEN,
                    java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build());

            java.net.http.HttpResponse<String> listeners = admin.get("/api/v1/proxies/ingress-gateway/admin/listeners");
            java.net.http.HttpResponse<String> stats = admin.get("/api/v1/proxies/ingress-gateway/admin/stats");

            assertThat(listeners.statusCode()).as(listeners.body()).isEqualTo(200);
            assertThat(listeners.body()).matches("(?s).*::127\\.0\\.0\\.1:\\d+\n.*");
            assertThat(stats.body()).contains("server.live: 1", "listener.");
        }
    }

    @Test
    void withTheApiOnHttpsTheEmbeddedKernelFollowsItsConfigThroughTheMeshCa() {
        StandaloneOptions options = new StandaloneOptions(dir, 0, 0, 0, "127.0.0.1", -1, TestServer.ADMIN_TOKEN)
                .withApiTls(io.meshgate.api.ApiTlsOptions.auto().withMode(io.meshgate.api.ApiTlsMode.ON));
        try (Standalone stack = Standalone.start(options)) {
            assertThat(stack.apiUrl().getScheme()).isEqualTo("https");
            assertThat(stack.apiTrustFile()).isEqualTo(dir.resolve("ca").resolve("ca.crt"));
            await().atMost(Duration.ofSeconds(30)).until(() -> gateway(stack).get("inSync").asBoolean());
        }
    }
}
