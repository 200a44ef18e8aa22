package io.meshgate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.TunnelListener;
import io.meshgate.config.json.ProxyConfigJson;
import io.meshgate.db.Database;
import io.meshgate.db.DatabaseConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded egress gateway as Service {@code fsm-system/fsm-egress-gateway} and its Endpoints (where the
 * EgressGateway policy sends sidecars' tunnels) at MeshConfig {@code spec.egressGateway.port}, the port a
 * {@code --egress-gateway-port} writes into the MeshConfig at start, the user's other annotations kept, and every
 * egress proxy's tunnel listener on the embedded gateway's listen address at that port.
 */
class EmbeddedEgressGatewayServiceApiTest {
    /** The gateway at the MeshConfig's port (no --egress-gateway-port). */
    private static final EmbeddedEgressGateway GATEWAY = new EmbeddedEgressGateway("10.201.0.2", List.of("10.201.0.2"),
            null);
    private static final String MESH_CONFIG = "/api/v1/namespaces/fsm-system/meshconfigs/fsm-mesh-config";
    private static final String SERVICE = "/api/v1/namespaces/fsm-system/services/fsm-egress-gateway";
    private static final String ENDPOINTS = "/api/v1/namespaces/fsm-system/endpoints/fsm-egress-gateway";
    private static final String MODE = "/metadata/annotations/flomesh.io~1egress-gateway-mode";

    private record Server(Database db, ApiServer server, ApiClient admin) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            db.close();
        }
    }

    private static Server start(Path dir, EmbeddedEgressGateway gateway) {
        Database db = Database.open(DatabaseConfig.h2File(dir));
        ApiServer server = ApiServer.start(db, ApiServerOptions.of(0, dir).withAdminToken(TestServer.ADMIN_TOKEN)
                .withEmbeddedEgressGateway(gateway));
        return new Server(db, server, new ApiClient("http://127.0.0.1:" + server.port(), TestServer.ADMIN_TOKEN));
    }

    private static JsonNode get(Server t, String path) {
        HttpResponse<String> r = t.admin().get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return ApiClient.json(r);
    }

    private static int writes(Server t, String kind) {
        return writes(t, kind, "fsm-egress-gateway");
    }

    private static int writes(Server t, String kind, String name) {
        return ApiClient.json(t.admin().get("/api/v1/audit?kind=" + kind
                + "&namespace=fsm-system&name=" + name + "&actor=" + EmbeddedEgressGatewayService.ACTOR_NAME))
                .path("items").size();
    }

    private static void assertPorts(Server t, int port) {
        JsonNode service = get(t, SERVICE);
        assertThat(service.at("/spec/ports").size()).isEqualTo(1);
        assertThat(service.at("/spec/ports/0/port").asInt()).as("the Service's port").isEqualTo(port);
        assertThat(service.at("/spec/ports/0/targetPort").asInt()).as("its target port").isEqualTo(port);
        assertThat(get(t, ENDPOINTS).at("/subsets/0/ports/0/port").asInt()).as("the Endpoints' port").isEqualTo(port);
    }

    @Test
    void theServiceNamesTheMeshConfigsPortAndItsEndpointsTheGatewaysAddress(@TempDir Path dir) {
        try (Server t = start(dir, GATEWAY)) {
            JsonNode service = get(t, SERVICE);
            assertThat(service.path("spec").path("type").asText()).isEqualTo("ClusterIP");
            assertThat(service.path("spec").has("selector")).isFalse();
            assertThat(service.path("spec").path("clusterIP").asText()).startsWith("10.");
            assertThat(service.at(MODE).isMissingNode()).as("the mode is the MeshConfig's, no annotation").isTrue();
            assertThat(service.at("/spec/ports/0/name").asText()).isEqualTo("egress-nat-port");
            assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(1080);
            assertThat(service.at("/spec/ports/0/targetPort").asInt()).isEqualTo(1080);

            JsonNode endpoints = get(t, ENDPOINTS);
            assertThat(endpoints.at("/subsets/0/addresses").size()).isEqualTo(1);
            assertThat(endpoints.at("/subsets/0/addresses/0/ip").asText()).isEqualTo("10.201.0.2");
            assertThat(endpoints.at("/subsets/0/ports/0/name").asText()).isEqualTo("egress-nat-port");
            assertThat(endpoints.at("/subsets/0/ports/0/port").asInt()).isEqualTo(1080);
            assertThat(writes(t, "Service")).isEqualTo(1);
            assertThat(writes(t, "Endpoints")).isEqualTo(1);
            assertThat(writes(t, "MeshConfig", "fsm-mesh-config")).as("no port flag: the MeshConfig stands").isZero();
        }
    }

    @Test
    void theUsersOtherAnnotationsAreKeptAcrossRestartsAndTheirPortChangeIsPutBack(@TempDir Path dir) {
        try (Server t = start(dir, GATEWAY)) {
            HttpResponse<String> patched = t.admin().patch(SERVICE, "application/merge-patch+json", """
                    {"metadata":{"annotations":{"flomesh.io/egress-gateway-mode":"sock5","team":"net"}},
                     "spec":{"ports":[{"name":"egress-nat-port","protocol":"TCP","port":1081,"targetPort":1081}]}}""");
            assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        }
        try (Server t = start(dir, GATEWAY)) {
            JsonNode service = get(t, SERVICE);
            assertThat(service.at("/metadata/annotations/team").asText()).isEqualTo("net");
            assertThat(service.at(MODE).isMissingNode()).as("a mode annotation would contradict the MeshConfig")
                    .isTrue();
            assertThat(service.at("/spec/ports/0/port").asInt()).as("where the gateway listens").isEqualTo(1080);
            assertThat(writes(t, "Service")).isEqualTo(2);
        }
        try (Server t = start(dir, GATEWAY)) {
            assertThat(writes(t, "Service")).as("nothing differs: nothing written").isEqualTo(2);
            assertThat(writes(t, "Endpoints")).isEqualTo(1);
            assertThat(get(t, SERVICE).at("/metadata/annotations/team").asText()).isEqualTo("net");
        }
    }

    @Test
    void aPortFlagSetsTheMeshConfigsPortOnceAndTheServiceAndEndpointsNameIt(@TempDir Path dir) {
        EmbeddedEgressGateway flagged = new EmbeddedEgressGateway("10.201.0.2", List.of("10.201.0.2"), 1090);
        try (Server t = start(dir, flagged)) {
            assertThat(get(t, MESH_CONFIG).at("/spec/egressGateway/port").asInt()).isEqualTo(1090);
            assertThat(get(t, MESH_CONFIG).at("/spec/egressGateway/mode").asText()).as("the rest stands")
                    .isEqualTo("http2tunnel");
            assertPorts(t, 1090);
            JsonNode audit = ApiClient.json(t.admin().get("/api/v1/audit?kind=MeshConfig&namespace=fsm-system"
                    + "&name=fsm-mesh-config&actor=" + EmbeddedEgressGatewayService.ACTOR_NAME)).path("items");
            assertThat(audit.size()).isEqualTo(1);
            assertThat(audit.get(0).toString()).contains(EmbeddedEgressMeshConfigPort.NOTE);
        }
        try (Server t = start(dir, flagged)) {
            assertThat(writes(t, "MeshConfig", "fsm-mesh-config")).as("the same port: nothing written").isEqualTo(1);
            assertThat(writes(t, "Service")).isEqualTo(1);
        }
        try (Server t = start(dir, GATEWAY)) {
            assertThat(get(t, MESH_CONFIG).at("/spec/egressGateway/port").asInt())
                    .as("without the flag the MeshConfig's port stands").isEqualTo(1090);
            assertPorts(t, 1090);
        }
    }

    @Test
    void theServiceAndEndpointsFollowAChangeOfTheMeshConfigsPortWhileRunning(@TempDir Path dir) {
        try (Server t = start(dir, GATEWAY)) {
            assertPorts(t, 1080);
            HttpResponse<String> patched = t.admin().patch(MESH_CONFIG, "application/merge-patch+json",
                    "{\"spec\":{\"egressGateway\":{\"port\":1095}}}");
            assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertPorts(t, 1095));
            assertThat(t.server().embeddedEgressGatewayPort()).isEqualTo(1095);
            assertThat(writes(t, "Service")).isEqualTo(2);
        }
    }

    @Test
    void aServiceAClientWroteIsLeftAsItIs(@TempDir Path dir) {
        try (Server t = start(dir, null)) {
            assertThat(t.admin().get(SERVICE).statusCode()).as("no embedded egress gateway, no Service").isEqualTo(404);
            HttpResponse<String> r = t.admin().post("/api/v1/apply", "application/yaml", """
                    apiVersion: v1
                    kind: Service
                    metadata:
                      name: fsm-egress-gateway
                      namespace: fsm-system
                    spec:
                      ports: [{name: egress-nat-port, port: 1090, targetPort: 1090, protocol: TCP}]
                    """);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        try (Server t = start(dir, GATEWAY)) {
            assertThat(get(t, SERVICE).at("/spec/ports/0/port").asInt()).isEqualTo(1090);
            assertThat(writes(t, "Service")).isZero();
            assertThat(writes(t, "Endpoints")).as("the Endpoints were missing").isEqualTo(1);
        }
    }

    @Test
    void egressProxiesListenOnTheEmbeddedGatewaysAddress(@TempDir Path dir) {
        try (Server t = start(dir, new EmbeddedEgressGateway("127.0.0.1", List.of("127.0.0.1"), 1085))) {
            HttpResponse<String> applied = t.admin().post("/api/v1/apply", "application/yaml", """
                    kind: EgressGateway
                    apiVersion: policy.flomesh.io/v1alpha1
                    metadata: {name: global-egress-gateway, namespace: curl}
                    spec:
                      global: [{service: fsm-egress-gateway, namespace: fsm-system}]
                    """);
            assertThat(applied.statusCode()).as(applied.body()).isLessThan(300);
            HttpResponse<String> registered = t.admin().post("/api/v1/proxies", "application/json",
                    "{\"name\":\"egress-gateway.fsm-system\",\"kind\":\"egress\"}");
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
            ApiClient gateway = t.admin().as(ApiClient.json(registered).get("token").asText());

            HttpResponse<String> served = await().atMost(Duration.ofSeconds(30)).until(
                    () -> gateway.get("/api/v1/proxies/egress-gateway.fsm-system/config"),
                    r -> r.statusCode() == 200 && r.body().contains("\"tunnel\""));
            ProxyConfig config = ProxyConfigJson.read(served.body());
            assertThat(config.listeners()).singleElement().isInstanceOfSatisfying(TunnelListener.class, listener -> {
                assertThat(listener.address()).isEqualTo("127.0.0.1");
                assertThat(listener.port()).as("the MeshConfig's port, which the flag set").isEqualTo(1085);
            });
        }
    }

    @Test
    void theGatewayIsReachedAtTheBindAddressOrForAWildcardThePublicAddress() {
        assertThat(EmbeddedEgressGateway.boundTo("10.201.0.2", "lb.example", 1090))
                .isEqualTo(new EmbeddedEgressGateway("10.201.0.2", List.of("10.201.0.2"), 1090));
        assertThat(EmbeddedEgressGateway.boundTo("0.0.0.0", "192.0.2.8", null))
                .isEqualTo(new EmbeddedEgressGateway("0.0.0.0", List.of("192.0.2.8"), null));
        assertThat(EmbeddedEgressGateway.boundTo("[::1]", "[::1]", null).listenAddress()).isEqualTo("::1");
        assertThat(EmbeddedEgressGatewayService.endpoints(EmbeddedEgressGateway.boundTo("0.0.0.0", "lb.example", null),
                1080, null).has("subsets")).as("no address known: no endpoints").isFalse();
        assertThatThrownBy(() -> new EmbeddedEgressGateway("0.0.0.0", List.of("lb.example"), 1080))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lb.example");
        assertThatThrownBy(() -> new EmbeddedEgressGateway("0.0.0.0", List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..65535");
    }
}
