package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The endpoints controller through the API: Services with a selector get Endpoints listing the
 * Running Pods they select, following label and phase changes, written only when they change and
 * never over Endpoints a client wrote.
 */
class EndpointsControllerApiTest {
    private static final String JSON = "application/json";
    private static final String YAML = "application/yaml";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    static TestServer t;

    @BeforeAll
    static void start() {
        t = new TestServer(dir);
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static void apply(String yaml) {
        HttpResponse<String> r = t.editor.post("/api/v1/apply", YAML, yaml);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static void register(String ns, String name, String ip, String labels) {
        HttpResponse<String> r = t.admin.post("/api/v1/workloads", JSON,
                WorkloadApiTest.workload(ns, name, ns, ip, labels));
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
    }

    private static HttpResponse<String> endpoints(String ns, String name) {
        return t.viewer.get("/api/v1/namespaces/" + ns + "/endpoints/" + name);
    }

    /** Waits until the Endpoints exists and {@code test} holds for it. */
    private static JsonNode awaitEndpoints(String ns, String name, Predicate<JsonNode> test) {
        return await().atMost(WAIT).until(() -> {
            HttpResponse<String> r = endpoints(ns, name);
            return r.statusCode() == 200 ? ApiClient.json(r) : null;
        }, e -> e != null && test.test(e));
    }

    private static List<String> ips(JsonNode endpoints) {
        List<String> ips = new ArrayList<>();
        endpoints.path("subsets").forEach(s -> s.path("addresses").forEach(a -> ips.add(a.path("ip").asText())));
        return ips;
    }

    private static int controllerWrites(String ns, String name) {
        return ApiClient.json(t.viewer.get("/api/v1/audit?kind=Endpoints&namespace=" + ns + "&name=" + name
                + "&actor=" + EndpointsController.ACTOR_NAME)).path("items").size();
    }

    private static String service(String ns, String name, String targetPort) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %s, namespace: %s, labels: {team: books}}
                spec:
                  selector: {app: %s}
                  ports:
                  - {name: http, port: 14001, targetPort: %s, appProtocol: http}
                """.formatted(name, ns, name, targetPort);
    }

    @Test
    void endpointsFollowPodsJoiningLeavingAndChangingPhase() {
        apply(service("shop", "bookstore", "14001"));
        JsonNode empty = awaitEndpoints("shop", "bookstore", e -> true);
        assertThat(empty.has("subsets")).isFalse();
        assertThat(empty.at("/metadata/annotations/meshgate.io~1managed-by").asText()).isEqualTo("endpoints-controller");
        assertThat(empty.at("/metadata/labels/team").asText()).as("the Service's labels").isEqualTo("books");

        register("shop", "bookstore-0", "10.1.0.2", "{\"app\":\"bookstore\"}");
        register("shop", "bookstore-1", "10.1.0.1", "{\"app\":\"bookstore\",\"version\":\"v2\"}");
        register("shop", "bookbuyer-0", "10.1.0.9", "{\"app\":\"bookbuyer\"}");
        JsonNode two = awaitEndpoints("shop", "bookstore", e -> ips(e).size() == 2);
        assertThat(ips(two)).containsExactly("10.1.0.1", "10.1.0.2");
        JsonNode subset = two.path("subsets").get(0);
        assertThat(subset.at("/addresses/0/targetRef/kind").asText()).isEqualTo("Pod");
        assertThat(subset.at("/addresses/0/targetRef/name").asText()).isEqualTo("bookstore-1");
        assertThat(subset.at("/addresses/0/targetRef/namespace").asText()).isEqualTo("shop");
        assertThat(subset.at("/ports/0/port").asInt()).isEqualTo(14001);
        assertThat(subset.at("/ports/0/name").asText()).isEqualTo("http");
        assertThat(subset.at("/ports/0/appProtocol").asText()).isEqualTo("http");

        // a label change takes a Pod out; a phase other than Running too; back to Running brings it back
        register("shop", "bookstore-1", "10.1.0.1", "{\"app\":\"other\"}");
        awaitEndpoints("shop", "bookstore", e -> ips(e).equals(List.of("10.1.0.2")));
        assertThat(t.editor.patch("/api/v1/namespaces/shop/pods/bookstore-0/status", "application/merge-patch+json",
                "{\"status\":{\"phase\":\"Failed\"}}").statusCode()).isEqualTo(200);
        JsonNode none = awaitEndpoints("shop", "bookstore", e -> ips(e).isEmpty());
        assertThat(none.has("subsets")).isFalse();
        assertThat(t.editor.patch("/api/v1/namespaces/shop/pods/bookstore-0/status", "application/merge-patch+json",
                "{\"status\":{\"phase\":\"Running\"}}").statusCode()).isEqualTo(200);
        awaitEndpoints("shop", "bookstore", e -> ips(e).equals(List.of("10.1.0.2")));
        // a new address follows the re-registered workload
        register("shop", "bookstore-0", "10.1.0.3", "{\"app\":\"bookstore\"}");
        awaitEndpoints("shop", "bookstore", e -> ips(e).equals(List.of("10.1.0.3")));

        JsonNode rows = ApiClient.json(t.viewer.get("/api/v1/audit?kind=Endpoints&namespace=shop&name=bookstore"))
                .path("items");
        assertThat(rows).isNotEmpty().allSatisfy(row ->
                assertThat(row.path("actor").asText()).isEqualTo(EndpointsController.ACTOR_NAME));

        // the Service goes: so do its Endpoints
        assertThat(t.editor.delete("/api/v1/namespaces/shop/services/bookstore").statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> endpoints("shop", "bookstore").statusCode() == 404);
    }

    @Test
    void aNamedTargetPortResolvesThroughThePodsContainerPorts() {
        apply(service("named", "web", "web"));
        apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web-0, namespace: named, labels: {app: web}}
                spec:
                  containers:
                  - name: web
                    image: example/web
                    ports: [{name: web, containerPort: 8080}]
                """);
        assertThat(t.editor.patch("/api/v1/namespaces/named/pods/web-0/status", "application/merge-patch+json",
                "{\"status\":{\"phase\":\"Running\",\"podIP\":\"10.2.0.1\"}}").statusCode()).isEqualTo(200);
        // registered through the API, without containers: the named port does not resolve, the Pod is left out
        register("named", "web-1", "10.2.0.2", "{\"app\":\"web\"}");
        JsonNode e = awaitEndpoints("named", "web", x -> !ips(x).isEmpty());
        assertThat(ips(e)).containsExactly("10.2.0.1");
        assertThat(e.at("/subsets/0/ports/0/port").asInt()).isEqualTo(8080);
    }

    @Test
    void endpointsAClientWroteAreNeverOverwrittenAndNothingIsRewrittenWithoutAChange() {
        apply(service("manual", "legacy", "8080") + """
                ---
                apiVersion: v1
                kind: Endpoints
                metadata: {name: legacy, namespace: manual}
                subsets:
                - addresses: [{ip: 127.0.0.1}]
                  ports: [{name: http, port: 18080}]
                """);
        register("manual", "legacy-0", "10.3.0.1", "{\"app\":\"legacy\"}");
        // and a managed one beside it, to know the controller has run past both
        apply(service("manual", "managed", "8080"));
        register("manual", "managed-0", "10.3.0.2", "{\"app\":\"managed\"}");
        awaitEndpoints("manual", "managed", x -> ips(x).equals(List.of("10.3.0.2")));
        JsonNode legacy = ApiClient.json(endpoints("manual", "legacy"));
        assertThat(ips(legacy)).containsExactly("127.0.0.1");
        assertThat(legacy.at("/metadata/annotations").has(EndpointsController.MANAGED_BY)).isFalse();
        assertThat(controllerWrites("manual", "legacy")).isZero();

        // commits that change nothing the Endpoints derive from leave them alone
        int before = controllerWrites("manual", "managed");
        apply(service("manual", "unrelated", "8080").replace("selector: {app: unrelated}", "selector: null"));
        register("manual", "managed-0", "10.3.0.2", "{\"app\":\"managed\"}");
        assertThat(t.editor.put("/api/v1/namespaces/manual/configmaps/c", YAML, """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: c, namespace: manual}
                data: {k: v}
                """).statusCode()).isEqualTo(201);
        // a later change proves the controller ran after the commits above
        register("manual", "managed-1", "10.3.0.4", "{\"app\":\"managed\"}");
        awaitEndpoints("manual", "managed", x -> ips(x).size() == 2);
        assertThat(controllerWrites("manual", "managed")).isEqualTo(before + 1);
        assertThat(t.viewer.get("/api/v1/namespaces/manual/endpoints/unrelated").statusCode())
                .as("no selector, no Endpoints").isEqualTo(404);

        // the client's Endpoints goes: now the controller derives it
        assertThat(t.editor.delete("/api/v1/namespaces/manual/endpoints/legacy").statusCode()).isEqualTo(200);
        JsonNode derived = awaitEndpoints("manual", "legacy", x -> !ips(x).isEmpty());
        assertThat(ips(derived)).containsExactly("10.3.0.1");
    }
}
