package io.meshgate.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.meshgate.api.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubernetes mode: the egress gateway exchanges its pod's projected service-account token for its proxy
 * token at {@code POST /api/v1/proxies/{name}/registration}, instead of a token Secret made by hand.
 * fabric8's mock API server answers {@code TokenReview} POSTs from expectations (as in
 * {@link KubernetesSidecarTokenTest}); the control plane is the real {@link KubernetesStack}.
 */
class KubernetesEgressGatewayTokenTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROXY = "egress-gateway.fsm-system";
    private static final String REGISTRATION = "/api/v1/proxies/" + PROXY + "/registration";
    private static final String EGRESS_TOKEN = MockTokenReviews.jwt("egress", Instant.now().plusSeconds(3600));
    /** Another service account of the same namespace: it may not act as the gateway. */
    private static final String OTHER_SA_TOKEN = MockTokenReviews.jwt("other", Instant.now().plusSeconds(3600));
    /** A workload's service account elsewhere. */
    private static final String BOOKSTORE_TOKEN = MockTokenReviews.jwt("bookstore", Instant.now().plusSeconds(3600));

    @TempDir
    Path dir;
    private KubernetesMockServer server;
    private KubernetesClient client;
    private KubernetesStack stack;
    private final MockTokenReviews reviews = new MockTokenReviews();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void cluster() {
        server = reviews.serve();
        client = server.createClient();
        reviews.vouch(EGRESS_TOKEN, "system:serviceaccount:fsm-system:meshgate-egress-gateway", "meshgate");
        reviews.vouch(OTHER_SA_TOKEN, "system:serviceaccount:fsm-system:default", "meshgate");
        reviews.vouch(BOOKSTORE_TOKEN, "system:serviceaccount:bookstore:bookstore", "meshgate");
    }

    @AfterEach
    void close() {
        if (stack != null) {
            stack.close();
        } else {
            client.close();
        }
        server.destroy();
    }

    private void start(Map<String, String> env) {
        stack = KubernetesStack.start(new StandaloneOptions(dir, 0, 0, 0, "127.0.0.1", -1, TestServer.ADMIN_TOKEN),
                ModeOptions.split(new String[] {"--mode=kubernetes"}, env).options(), client);
    }

    private void start() {
        start(Map.of("MESHGATE_EGRESS_GATEWAY_SERVICE_ACCOUNT", "fsm-system/meshgate-egress-gateway"));
    }

    @Test
    void theGatewaysServiceAccountGetsItsProxyTokenWhichReadsItsConfig() throws Exception {
        start();
        HttpResponse<String> registered = send("POST", REGISTRATION, EGRESS_TOKEN);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        JsonNode answer = JSON.readTree(registered.body());
        assertThat(answer.get("proxy").asText()).isEqualTo(PROXY);
        assertThat(answer.get("kind").asText()).isEqualTo("egress");
        String proxyToken = answer.get("token").asText();
        assertThat(proxyToken).startsWith("mgp_");
        assertThat(reviews.asked.get(EGRESS_TOKEN)).containsExactly("meshgate");

        // the proxy token follows the egress proxy's config
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> config = send("GET", "/api/v1/proxies/" + PROXY + "/config", proxyToken);
            assertThat(config.statusCode()).as(config.body()).isEqualTo(200);
            assertThat(config.body()).contains("\"listeners\"");
        });
        JsonNode proxy = JSON.readTree(send("GET", "/api/v1/proxies/" + PROXY, TestServer.ADMIN_TOKEN).body());
        assertThat(proxy.path("kind").asText()).isEqualTo("egress");

        // a restarted gateway asks again: the token is rotated (200) and the old one stops working
        HttpResponse<String> rotated = send("POST", REGISTRATION, EGRESS_TOKEN);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        String newToken = JSON.readTree(rotated.body()).get("token").asText();
        assertThat(newToken).startsWith("mgp_").isNotEqualTo(proxyToken);
        assertThat(send("GET", "/api/v1/proxies/" + PROXY + "/config", proxyToken).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/v1/proxies/" + PROXY + "/config", newToken).statusCode()).isEqualTo(200);

        // audited under the service account's name
        HttpResponse<String> audit = send("GET", "/api/v1/audit?kind=Proxy", TestServer.ADMIN_TOKEN);
        assertThat(audit.body()).contains("system:serviceaccount:fsm-system:meshgate-egress-gateway", PROXY);

        // least privilege: nothing else, not even another proxy name or a workload registration
        HttpResponse<String> otherName = send("POST", "/api/v1/proxies/egress-gateway.other/registration", EGRESS_TOKEN);
        assertThat(otherName.statusCode()).isEqualTo(403);
        assertThat(otherName.body()).contains("may register proxy '" + PROXY + "' only");
        assertThat(send("POST", "/api/v1/workloads", EGRESS_TOKEN).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/v1/pods", EGRESS_TOKEN).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/v1/proxies", EGRESS_TOKEN).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/api/v1/proxies/" + PROXY, EGRESS_TOKEN).statusCode()).isEqualTo(403);
    }

    @Test
    void anyOtherCallerIsRefused() throws Exception {
        start();
        HttpResponse<String> other = send("POST", REGISTRATION, OTHER_SA_TOKEN);
        assertThat(other.statusCode()).as(other.body()).isEqualTo(403);
        assertThat(other.body()).contains("fsm-system/meshgate-egress-gateway",
                "system:serviceaccount:fsm-system:default");
        assertThat(send("POST", REGISTRATION, BOOKSTORE_TOKEN).statusCode()).isEqualTo(403);
        // not even an admin token: admins register proxies at POST /api/v1/proxies
        HttpResponse<String> admin = send("POST", REGISTRATION, TestServer.ADMIN_TOKEN);
        assertThat(admin.statusCode()).isEqualTo(403);
        // and a token the cluster does not vouch for is a 401
        assertThat(send("POST", REGISTRATION, MockTokenReviews.jwt("revoked", Instant.now().plusSeconds(60)))
                .statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/v1/proxies/" + PROXY, TestServer.ADMIN_TOKEN).statusCode())
                .as("nothing registered").isEqualTo(404);
    }

    @Test
    void withoutAConfiguredServiceAccountThePathIsNotThere() throws Exception {
        start(Map.of());
        HttpResponse<String> none = send("POST", REGISTRATION, TestServer.ADMIN_TOKEN);
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.body()).contains("MESHGATE_EGRESS_GATEWAY_SERVICE_ACCOUNT");
        // the gateway's service account is then an ordinary workload identity: not this path
        assertThat(send("POST", REGISTRATION, EGRESS_TOKEN).statusCode()).isEqualTo(403);
    }

    @Test
    void standaloneModeRefusesTheFlagAndHasNoSuchRegistration() throws Exception {
        assertThatThrownBy(() -> ModeOptions.split(new String[] {"--egress-gateway-service-account", "fsm-system/gw"},
                Map.of())).hasMessageContaining("only read in Kubernetes mode");
        assertThatThrownBy(() -> ModeOptions.split(new String[] {"--mode=kubernetes",
                "--egress-gateway-service-account", "gw"}, Map.of())).hasMessageContaining("NAMESPACE/NAME");
        ModeOptions named = ModeOptions.split(new String[] {"--mode=kubernetes", "--egress-gateway-service-account",
                "fsm-system/gw", "--egress-gateway-proxy-name", "egress.mine"}, Map.of()).options();
        assertThat(named.egressGateway().proxyName()).isEqualTo("egress.mine");
        assertThat(named.egressGateway().serviceAccount().serviceAccount()).isEqualTo("gw");

        try (Standalone standalone = Standalone.start(new StandaloneOptions(dir, 0, 0, 0, "127.0.0.1", -1,
                TestServer.ADMIN_TOKEN))) {
            URI base = URI.create("http://127.0.0.1:" + standalone.apiPort());
            HttpResponse<String> admin = send(base, "POST", REGISTRATION, TestServer.ADMIN_TOKEN);
            assertThat(admin.statusCode()).isEqualTo(404);
            // standalone sends no TokenReview: a service-account token is an unknown token
            assertThat(send(base, "POST", REGISTRATION, EGRESS_TOKEN).statusCode()).isEqualTo(401);
        }
        assertThat(reviews.count.get()).isZero();
    }

    private HttpResponse<String> send(String method, String path, String token) throws Exception {
        return send(URI.create("http://127.0.0.1:" + stack.apiPort()), method, path, token);
    }

    private HttpResponse<String> send(URI base, String method, String path, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{}")
                        : HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
