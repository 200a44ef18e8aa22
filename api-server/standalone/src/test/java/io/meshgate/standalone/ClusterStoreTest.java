package io.meshgate.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.meshgate.api.TestServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "The cluster is the store" for the REST API's reads beyond get and list, against fabric8's mock API
 * server (CRUD mode): the watch follows the cluster's changes, apply's dry run compares with the cluster,
 * Endpoints come from the cluster's EndpointSlices.
 */
class ClusterStoreTest {
    /** How long a change in the cluster may take to reach an open watch. */
    private static final long WATCH_BOUND_SECONDS = 10;

    @TempDir
    Path dir;
    private MockCluster cluster;
    private KubernetesStack stack;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void cluster() {
        cluster = new MockCluster();
    }

    @AfterEach
    void close() {
        cluster.close(); // stops the stack too
    }

    private void startStack() {
        stack = cluster.startStack(dir);
    }

    @Test
    void aChangeInTheClusterReachesAnOpenWatchAndTheWatchResumesAfterItsIds() throws Exception {
        startStack();
        try (Watch watch = Watch.open(this, "?kind=retries&namespace=curl", null)) {
            create(TestManifests.RETRY);
            SseEvent added = watch.next();
            assertThat(added.name()).isEqualTo("ADDED");
            assertThat(added.data()).contains("\"type\":\"ADDED\"", "\"name\":\"retry\"", "\"numRetries\":5")
                    .doesNotContain("managedFields");

            GenericKubernetesResource retry = operation("Retry").inNamespace("curl").withName("retry").get();
            retryPolicy(retry).put("numRetries", 3);
            operation("Retry").inNamespace("curl").resource(retry).update();
            SseEvent modified = watch.next();
            assertThat(modified.name()).isEqualTo("MODIFIED");
            assertThat(modified.data()).contains("\"numRetries\":3");
            assertThat(Long.parseLong(modified.id())).isEqualTo(Long.parseLong(added.id()) + 1);

            operation("Retry").inNamespace("curl").withName("retry").delete();
            SseEvent deleted = watch.next();
            assertThat(deleted.name()).isEqualTo("DELETED");
            assertThat(deleted.data()).contains("\"name\":\"retry\"");

            // a watch resuming after the first event gets the two after it, as over the store
            try (Watch resumed = Watch.open(this, "?kind=Retry", added.id())) {
                assertThat(resumed.next().id()).isEqualTo(modified.id());
                assertThat(resumed.next().id()).isEqualTo(deleted.id());
            }
        }
        // an id this process never handed out (another replica's, a previous run's, a list's resourceVersion): relist
        HttpResponse<String> gone = http.send(request("/api/v1/watch").header("Last-Event-ID", "5").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(gone.statusCode()).isEqualTo(410);
        assertThat(gone.body()).contains("list the objects again and watch without Last-Event-ID");
    }

    @Test
    void applysDryRunComparesWithTheCluster() throws Exception {
        create(TestManifests.RETRY);
        startStack();
        String same = applyDryRun(TestManifests.RETRY);
        assertThat(same).contains("\"dryRun\":true", "\"result\":\"unchanged\"");
        String changed = applyDryRun(TestManifests.RETRY.replace("numRetries: 5", "numRetries: 7"));
        assertThat(changed).contains("\"result\":\"configured\"");
        String other = applyDryRun(TestManifests.RETRY.replace("name: retry,", "name: retry-2,"));
        assertThat(other).contains("\"result\":\"created\"");
        // nothing was written
        assertThat(operation("Retry").inNamespace("curl").withName("retry-2").get()).isNull();
        assertThat(retryPolicy(operation("Retry").inNamespace("curl").withName("retry").get()))
                .containsEntry("numRetries", 5);
    }

    @Test
    void endpointsAreFoldedFromTheClustersEndpointSlices() throws Exception {
        cluster.client().discovery().v1().endpointSlices().inNamespace("httpbin").resource(new EndpointSliceBuilder()
                .withNewMetadata().withName("httpbin-abcde").withNamespace("httpbin")
                .addToLabels("kubernetes.io/service-name", "httpbin").endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint().withAddresses("10.244.1.7").withNewConditions().withReady(true).endConditions()
                .withNewTargetRef().withKind("Pod").withNamespace("httpbin").withName("httpbin-1").endTargetRef()
                .endEndpoint()
                .addNewPort().withName("http").withPort(14001).withProtocol("TCP").endPort()
                .build()).create();
        startStack();
        String one = send("/api/v1/namespaces/httpbin/endpoints/httpbin");
        assertThat(one).contains("\"kind\":\"Endpoints\"", "\"ip\":\"10.244.1.7\"", "\"port\":14001",
                "\"name\":\"httpbin-1\"");
        assertThat(send("/api/v1/endpoints")).contains("\"kind\":\"EndpointsList\"", "10.244.1.7");
        HttpResponse<String> missing = http.send(request("/api/v1/namespaces/httpbin/endpoints/other").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);

        // a slice that changes is what the next read shows
        cluster.client().discovery().v1().endpointSlices().inNamespace("httpbin").withName("httpbin-abcde").edit(slice -> {
            slice.getEndpoints().getFirst().setAddresses(List.of("10.244.2.9"));
            return slice;
        });
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(send("/api/v1/namespaces/httpbin/endpoints/httpbin")).contains("10.244.2.9"));
    }

    private String applyDryRun(String yaml) throws Exception {
        HttpResponse<String> response = http.send(request("/api/v1/apply?dryRun=true")
                .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(yaml)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private String send(String path) throws Exception {
        HttpResponse<String> response = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> retryPolicy(GenericKubernetesResource retry) {
        return (Map<String, Object>) ((Map<String, Object>) retry.getAdditionalProperties().get("spec"))
                .get("retryPolicy");
    }

    record SseEvent(String id, String name, String data) {}

    /** An open {@code /api/v1/watch} whose events a reader thread queues. */
    private static final class Watch implements AutoCloseable {
        private final BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();
        private final InputStream body;
        private final Thread reader;

        private Watch(InputStream body) {
            this.body = body;
            this.reader = Thread.ofVirtual().start(this::read);
        }

        static Watch open(ClusterStoreTest test, String query, String lastEventId) throws Exception {
            HttpRequest.Builder request = test.request("/api/v1/watch" + query);
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<InputStream> response = test.http.send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            return new Watch(response.body());
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String id = null;
                String name = null;
                StringBuilder data = new StringBuilder();
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    } else if (line.isEmpty() && id != null) {
                        events.add(new SseEvent(id, name, data.toString()));
                        id = null;
                        name = null;
                        data.setLength(0);
                    }
                }
            } catch (java.io.IOException e) {
                // closed by the test
            }
        }

        SseEvent next() throws InterruptedException {
            SseEvent event = events.poll(WATCH_BOUND_SECONDS, TimeUnit.SECONDS);
            assertThat(event).as("a watch event within " + WATCH_BOUND_SECONDS + " s").isNotNull();
            return event;
        }

        @Override
        public void close() throws Exception {
            body.close();
            reader.join(Duration.ofSeconds(5));
        }
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.apiPort() + path))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).timeout(Duration.ofSeconds(30));
    }

    private void create(String yaml) {
        cluster.create(yaml);
    }

    private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            operation(String kind) {
        return cluster.operation(kind);
    }
}
