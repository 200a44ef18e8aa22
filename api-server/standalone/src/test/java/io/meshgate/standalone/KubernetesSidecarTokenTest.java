package io.meshgate.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
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
 * Kubernetes mode: a sidecar authenticates with its pod's projected service-account token. fabric8's mock
 * API server answers {@code TokenReview} POSTs from expectations (CRUD cannot review a token) and keeps the
 * pods in CRUD mode ({@link KubernetesMixedDispatcher}); the control plane is the real {@link KubernetesStack}.
 */
class KubernetesSidecarTokenTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The projected token of a bookstore pod: a JWT as the kubelet writes it (the signature is the cluster's business). */
    private static final String BOOKSTORE_TOKEN = MockTokenReviews.jwt("bookstore", Instant.now().plusSeconds(3600));
    private static final String OTHER_SA_TOKEN = MockTokenReviews.jwt("bookbuyer", Instant.now().plusSeconds(3600));
    private static final String WRONG_AUDIENCE_TOKEN = MockTokenReviews.jwt("wrong-audience", Instant.now().plusSeconds(3600));
    private static final String REJECTED_TOKEN = MockTokenReviews.jwt("revoked", Instant.now().plusSeconds(3600));

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
        reviews.vouch(BOOKSTORE_TOKEN, "system:serviceaccount:bookstore:bookstore", "meshgate");
        reviews.vouch(OTHER_SA_TOKEN, "system:serviceaccount:bookstore:bookbuyer", "meshgate");
        // a token projected for another audience (the API server's own, say): the cluster does not vouch for it here
        reviews.vouch(WRONG_AUDIENCE_TOKEN, "system:serviceaccount:bookstore:bookstore", "https://kubernetes.default.svc");
        client.pods().inNamespace("bookstore").resource(pod("bookstore-v1-5d4c", "bookstore", "10.244.1.7")).create();
        client.pods().inNamespace("bookstore").resource(pod("bookbuyer-6f8d", "bookbuyer", "10.244.1.9")).create();
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

    private void start() {
        stack = KubernetesStack.start(new StandaloneOptions(dir, 0, 0, 0, "127.0.0.1", -1, TestServer.ADMIN_TOKEN),
                ModeOptions.split(new String[] {"--mode=kubernetes"}, Map.of()).options(), client);
    }

    @Test
    void aSidecarWithItsPodsServiceAccountTokenRegistersItsPodAndFollowsItsConfig() throws Exception {
        start();
        HttpResponse<String> registered = post("/api/v1/workloads", BOOKSTORE_TOKEN, workload("bookstore-v1-5d4c",
                "10.244.1.7"));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        JsonNode answer = JSON.readTree(registered.body());
        assertThat(answer.get("proxy").asText()).isEqualTo("sidecar.bookstore.bookstore-v1-5d4c");
        assertThat(answer.get("token").asText()).startsWith("mgp_");
        assertThat(answer.at("/pod/spec/serviceAccountName").asText()).isEqualTo("bookstore");
        // the review asked for Meshgate's audience
        assertThat(reviews.asked.get(BOOKSTORE_TOKEN)).containsExactly("meshgate");
        // the pod is the cluster's: registration did not write it (no labels added, no second pod)
        Pod pod = client.pods().inNamespace("bookstore").withName("bookstore-v1-5d4c").get();
        assertThat(pod.getMetadata().getLabels()).containsExactly(Map.entry("app", "bookstore"));
        assertThat(pod.getMetadata().getAnnotations()).as("no admin-port annotation written").isNullOrEmpty();

        // the proxy channel: the proxy token the registration returned gets the sidecar's config
        String proxyToken = answer.get("token").asText();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> config = get("/api/v1/proxies/sidecar.bookstore.bookstore-v1-5d4c/config", proxyToken);
            assertThat(config.statusCode()).as(config.body()).isEqualTo(200);
            assertThat(config.body()).contains("\"listeners\"");
        });
        // the service-account token itself is not a proxy token, and says where to go instead
        HttpResponse<String> direct = get("/api/v1/proxies/sidecar.bookstore.bookstore-v1-5d4c/config", BOOKSTORE_TOKEN);
        assertThat(direct.statusCode()).isEqualTo(401);
        assertThat(direct.body()).contains("POST /api/v1/workloads");

        // the registration is audited under the service account's name
        HttpResponse<String> audit = get("/api/v1/audit?kind=Proxy", TestServer.ADMIN_TOKEN);
        assertThat(audit.body()).contains("system:serviceaccount:bookstore:bookstore");

        // a sidecar may do nothing else with it
        HttpResponse<String> list = get("/api/v1/pods", BOOKSTORE_TOKEN);
        assertThat(list.statusCode()).isEqualTo(403);

        // N calls, one review: the positive answer is cached
        int before = reviews.count.get();
        for (int i = 0; i < 5; i++) {
            assertThat(post("/api/v1/workloads", BOOKSTORE_TOKEN, workload("bookstore-v1-5d4c", "10.244.1.7"))
                    .statusCode()).isEqualTo(200);
        }
        assertThat(reviews.count.get()).isEqualTo(before);

        // deregistration removes the proxy only; the pod stays the cluster's
        HttpResponse<String> removed = send("DELETE", "/api/v1/workloads/bookstore/bookstore-v1-5d4c", BOOKSTORE_TOKEN, null);
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(204);
        assertThat(client.pods().inNamespace("bookstore").withName("bookstore-v1-5d4c").get()).isNotNull();
        assertThat(get("/api/v1/proxies/sidecar.bookstore.bookstore-v1-5d4c/config", proxyToken).statusCode())
                .isEqualTo(401);
    }

    @Test
    void refusals() throws Exception {
        start();
        // a token the cluster does not authenticate
        HttpResponse<String> rejected = post("/api/v1/workloads", REJECTED_TOKEN, workload("bookstore-v1-5d4c", "10.244.1.7"));
        assertThat(rejected.statusCode()).isEqualTo(401);
        assertThat(rejected.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(rejected.body()).contains("did not authenticate", "token has been invalidated");
        // a token for another audience
        HttpResponse<String> audience = post("/api/v1/workloads", WRONG_AUDIENCE_TOKEN,
                workload("bookstore-v1-5d4c", "10.244.1.7"));
        assertThat(audience.statusCode()).isEqualTo(401);
        assertThat(audience.body()).contains("audience meshgate");
        // a pod of another service account: the bookbuyer's token may not register the bookstore pod
        HttpResponse<String> otherPod = post("/api/v1/workloads", OTHER_SA_TOKEN, workload("bookstore-v1-5d4c",
                "10.244.1.7"));
        assertThat(otherPod.statusCode()).as(otherPod.body()).isEqualTo(403);
        assertThat(otherPod.body()).contains("runs as service account bookstore",
                "system:serviceaccount:bookstore:bookbuyer");
        // nor claim a pod IP the pod does not have
        HttpResponse<String> wrongIp = post("/api/v1/workloads", BOOKSTORE_TOKEN, workload("bookstore-v1-5d4c",
                "10.244.9.9"));
        assertThat(wrongIp.statusCode()).isEqualTo(409);
        assertThat(wrongIp.body()).contains("pod-ip-mismatch", "10.244.1.7");
        // nor ask for an admin port the cluster's pod cannot carry
        HttpResponse<String> adminPort = post("/api/v1/workloads", BOOKSTORE_TOKEN,
                "{\"namespace\":\"bookstore\",\"name\":\"bookstore-v1-5d4c\",\"podIP\":\"10.244.1.7\",\"adminPort\":15999}");
        assertThat(adminPort.statusCode()).isEqualTo(422);
        assertThat(adminPort.body()).contains("\"field\":\"adminPort\"");
        // nor register a pod the cluster does not have (after a bounded wait for the informer)
        HttpResponse<String> missing = post("/api/v1/workloads", BOOKSTORE_TOKEN, workload("ghost", "10.244.1.8"));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("pod-not-found", "bookstore/ghost");
        assertThat(client.pods().inNamespace("bookstore").withName("ghost").get()).as("nothing written").isNull();

        // the cluster cannot review: 503, not 401 (the token may be good), and the next call asks again
        reviews.down.set(true);
        String fresh = MockTokenReviews.jwt("bookstore", Instant.now().plusSeconds(1800));
        reviews.vouch(fresh, "system:serviceaccount:bookstore:bookstore", "meshgate");
        HttpResponse<String> down = post("/api/v1/workloads", fresh, workload("bookstore-v1-5d4c", "10.244.1.7"));
        assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
        assertThat(down.body()).contains("token-review-unavailable");
        reviews.down.set(false);
        assertThat(post("/api/v1/workloads", fresh, workload("bookstore-v1-5d4c", "10.244.1.7")).statusCode())
                .isEqualTo(201);
    }

    private static Pod pod(String name, String serviceAccount, String ip) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("bookstore")
                .withLabels(Map.of("app", serviceAccount)).endMetadata()
                .withNewSpec().withServiceAccountName(serviceAccount).addNewContainer().withName("app")
                .withImage("bookstore").endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP(ip).endStatus().build();
    }

    private static String workload(String pod, String ip) {
        return "{\"namespace\":\"bookstore\",\"name\":\"" + pod + "\",\"podIP\":\"" + ip + "\"}";
    }

    /** A JWT's shape with the claims TokenReview reads: issuer, subject, audience and expiry. */

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        return send("POST", path, token, body);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send("GET", path, token, null);
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.apiPort() + path))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
