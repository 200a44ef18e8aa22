package io.meshgate.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.meshgate.api.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meshgate up --mode kubernetes} against fabric8's mock API server (CRUD mode): objects created
 * in the cluster get their statuses from the leader, and every change observed lands in the audit
 * history the REST API serves, with the field manager as actor.
 */
class KubernetesModeTest {
    private static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata: {name: httpbin, namespace: httpbin}
            spec:
              clusterIP: 10.96.198.23
              ports: [{name: http, port: 14001}]
              selector: {app: httpbin}
            """;
    private static final String INGRESS_BACKEND = """
            kind: IngressBackend
            apiVersion: policy.flomesh.io/v1alpha1
            metadata: {name: httpbin, namespace: httpbin}
            spec:
              backends: [{name: httpbin, port: {number: 14001, protocol: http}}]
              sources: [{kind: Service, namespace: fsm-system, name: fsm-ingress}]
            """;

    @TempDir
    Path dir;
    private MockCluster cluster;
    private KubernetesStack stack;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void cluster() {
        cluster = new MockCluster();
        create(SERVICE);
        create(INGRESS_BACKEND);
        create(TestManifests.RETRY);
    }

    @AfterEach
    void close() {
        cluster.close(); // stops the stack too
    }

    @Test
    void statusesLandOnTheObjectsAndObservedChangesInTheAuditHistory() throws Exception {
        stack = cluster.startStack(dir, "--lease-duration", "3s", "--renew-deadline", "2s", "--retry-period", "250ms");

        // the reporter's IngressBackend status, written by the leader to the object in the cluster
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            GenericKubernetesResource backend = get("IngressBackend", "httpbin", "httpbin");
            assertThat(backend.getAdditionalProperties()).containsKey("status");
            assertThat(backend.getAdditionalProperties().get("status").toString())
                    .contains("currentStatus=committed", "type=ResolvedRefs");
        });
        assertThat(stack.cluster().isLeader()).isTrue();

        // the objects the cluster held at start, recorded as observed
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(audit("kind=Retry"))
                .contains("\"verb\":\"create\"", "\"actor\":\"kubernetes\""));

        // a change made by kubectl: its field manager is the actor, the patch says what changed
        GenericKubernetesResource retry = get("Retry", "curl", "retry");
        retry.getMetadata().setManagedFields(List.of(new ManagedFieldsEntryBuilder().withManager("kubectl-edit")
                .withOperation("Update").withTime("2026-12-06T10:00:00Z").build()));
        @SuppressWarnings("unchecked")
        Map<String, Object> policy = (Map<String, Object>) ((Map<String, Object>) retry.getAdditionalProperties()
                .get("spec")).get("retryPolicy");
        policy.put("numRetries", 3);
        operation("Retry").inNamespace("curl").resource(retry).update();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(audit("kind=Retry&verb=update"))
                .contains("\"actor\":\"kubectl-edit\"", "/spec/retryPolicy/numRetries"));

        // the status write the leader made is in the history too, as a status write
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(audit("kind=IngressBackend&verb=status"))
                .contains("/status"));
        // one chain: the audit history still verifies
        assertThat(send("/api/v1/audit/verify")).contains("\"ok\":true");
    }

    @Test
    void theRestApiReadsAndWritesTheClusterAndItsWritesAreAuditedWithTheCaller() throws Exception {
        stack = cluster.startStack(dir);

        // reads: the seed objects created with "kubectl" are what the API serves, later changes too
        assertThat(send("/api/v1/namespaces/curl/retries/retry")).contains("\"numRetries\":5", "\"name\":\"retry\"");
        assertThat(send("/api/v1/retries")).contains("\"kind\":\"RetryList\"", "\"name\":\"retry\"");
        assertThat(send("/api/v1/namespaces/httpbin/services")).contains("10.96.198.23");
        create(TestManifests.RETRY.replace("name: retry,", "name: retry-2,"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(send("/api/v1/namespaces/curl/retries"))
                .contains("retry-2"));

        // validation as in standalone mode: a bad manifest is refused with its field path, the cluster untouched
        HttpResponse<String> bad = request("POST", "/api/v1/apply", "application/yaml",
                TestManifests.RETRY.replace("numRetries: 5", "numRetries: -1"));
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("spec.retryPolicy.numRetries");
        assertThat(get("Retry", "curl", "retry").getAdditionalProperties().get("spec").toString()).contains("numRetries=5");

        // apply creates in the cluster; the observed change names the API's caller
        HttpResponse<String> applied = request("POST", "/api/v1/apply", "application/yaml",
                TestManifests.RETRY.replace("name: retry,", "name: retry-3,"));
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        assertThat(applied.body()).contains("created");
        assertThat(get("Retry", "curl", "retry-3")).isNotNull();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(audit("kind=Retry&name=retry-3"))
                .contains("\"verb\":\"create\"", "\"actor\":\"admin\""));

        // a merge patch lands in the cluster, and in the audit history with its patch
        HttpResponse<String> patched = request("PATCH", "/api/v1/namespaces/curl/retries/retry",
                "application/merge-patch+json", "{\"spec\":{\"retryPolicy\":{\"numRetries\":7}}}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(get("Retry", "curl", "retry").getAdditionalProperties().get("spec").toString()).contains("numRetries=7");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(audit("kind=Retry&name=retry&verb=update"))
                .contains("\"actor\":\"admin\"", "/spec/retryPolicy/numRetries"));

        // a stale If-Match is refused, as over the store
        HttpResponse<String> stale = request("DELETE", "/api/v1/namespaces/curl/retries/retry", null, null, "\"1\"");
        assertThat(stale.statusCode()).isEqualTo(412);

        // revert writes the object before the patch back to the cluster
        long updateRow = Jsons.firstId(audit("kind=Retry&name=retry&verb=update"));
        HttpResponse<String> reverted = request("POST", "/api/v1/audit/" + updateRow + "/revert", "application/json", "");
        assertThat(reverted.statusCode()).as(reverted.body()).isEqualTo(200);
        assertThat(get("Retry", "curl", "retry").getAdditionalProperties().get("spec").toString()).contains("numRetries=5");

        // delete removes it from the cluster
        assertThat(request("DELETE", "/api/v1/namespaces/curl/retries/retry-3", null, null).statusCode()).isEqualTo(200);
        assertThat(get("Retry", "curl", "retry-3")).isNull();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(audit("kind=Retry&name=retry-3&verb=delete"))
                .contains("\"actor\":\"admin\""));
        assertThat(send("/api/v1/audit/verify")).contains("\"ok\":true");
    }

    @Test
    void theInjectorReadsTheNamespacesOfTheCluster() throws Exception {
        create("""
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: httpbin
                  labels: {flomesh.io/monitored-by: fsm}
                  annotations: {flomesh.io/sidecar-injection: enabled}
                """);
        stack = cluster.startStack(dir);
        String review = """
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u-1",
                 "kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},
                 "namespace":"httpbin","operation":"CREATE","userInfo":{"username":"kubernetes-admin"},"dryRun":false,
                 "object":{"apiVersion":"v1","kind":"Pod","metadata":{"generateName":"httpbin-5b8b94b9-",
                 "namespace":"httpbin","labels":{"app":"httpbin"}},"spec":{"serviceAccountName":"httpbin",
                 "containers":[{"name":"httpbin","image":"flomesh/httpbin:ken"}]}}}}""";
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.apiPort()
                        + "/webhooks/inject")).header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(review)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        // the namespace's label and annotation are the cluster's: the pod comes back patched with the sidecar
        assertThat(answer.body()).contains("\"allowed\":true", "\"patchType\":\"JSONPatch\"");
    }

    /** Reads the id of the newest row of an audit list answer. */
    private static final class Jsons {
        static long firstId(String auditList) throws Exception {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(auditList).path("items").get(0).path("id")
                    .asLong();
        }
    }

    private HttpResponse<String> request(String method, String path, String contentType, String body, String ifMatch)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.apiPort() + path))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("If-Match", ifMatch)
                .timeout(Duration.ofSeconds(10)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> request(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.apiPort() + path))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String audit(String query) throws Exception {
        return send("/api/v1/audit?" + query);
    }

    private String send(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + stack.apiPort() + path))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).timeout(Duration.ofSeconds(10)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    private void create(String yaml) {
        cluster.create(yaml);
    }

    private GenericKubernetesResource get(String kind, String namespace, String name) {
        return cluster.get(kind, namespace, name);
    }

    private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            operation(String kind) {
        return cluster.operation(kind);
    }
}
