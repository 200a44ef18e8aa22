package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.db.Database;
import io.meshgate.db.DatabaseConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded ingress gateway as Service {@code fsm-system/fsm-ingress} and its Endpoints: what the seed's
 * {@code kubectl get service fsm-ingress} reads and what an IngressBackend source of that name admits.
 */
class EmbeddedGatewayServiceApiTest {
    private static final EmbeddedGateway GATEWAY = new EmbeddedGateway("10.201.0.2", List.of("10.201.0.2"), 8000, 8443);
    private static final String SERVICE = "/api/v1/namespaces/fsm-system/services/fsm-ingress";
    private static final String ENDPOINTS = "/api/v1/namespaces/fsm-system/endpoints/fsm-ingress";

    /** A control plane on the database in {@code dir}; started again on the same one, it is a restart. */
    private record Server(Database db, ApiServer server, ApiClient admin) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            db.close();
        }
    }

    private static Server start(Path dir, EmbeddedGateway gateway) {
        Database db = Database.open(DatabaseConfig.h2File(dir));
        ApiServer server = ApiServer.start(db,
                ApiServerOptions.of(0, dir).withAdminToken(TestServer.ADMIN_TOKEN).withEmbeddedGateway(gateway));
        return new Server(db, server, new ApiClient("http://127.0.0.1:" + server.port(), TestServer.ADMIN_TOKEN));
    }

    private static JsonNode get(Server t, String path) {
        HttpResponse<String> r = t.admin().get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return ApiClient.json(r);
    }

    private static int writes(Server t, String kind) {
        return ApiClient.json(t.admin().get("/api/v1/audit?kind=" + kind + "&namespace=fsm-system&name=fsm-ingress&actor="
                + EmbeddedGatewayService.ACTOR_NAME)).path("items").size();
    }

    @Test
    void theServiceShowsTheGatewaysAddressAndPortsAndItsEndpointsTheSourceAddress(@TempDir Path dir) {
        try (Server t = start(dir, GATEWAY)) {
            JsonNode service = get(t, SERVICE);
            assertThat(service.path("spec").path("type").asText()).isEqualTo("LoadBalancer");
            assertThat(service.path("spec").has("selector")).isFalse();
            assertThat(service.path("spec").path("clusterIP").asText()).startsWith("10.");
            // the seed: -o jsonpath='{.status.loadBalancer.ingress[0].ip}' and '{.spec.ports[?(@.name=="http")].port}'
            assertThat(service.at("/status/loadBalancer/ingress/0/ip").asText()).isEqualTo("10.201.0.2");
            assertThat(service.at("/spec/ports/0/name").asText()).isEqualTo("http");
            assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(8000);
            assertThat(service.at("/spec/ports/1/port").asInt()).isEqualTo(8443);

            JsonNode endpoints = get(t, ENDPOINTS);
            assertThat(endpoints.at("/subsets/0/addresses/0/ip").asText()).isEqualTo("10.201.0.2");
            assertThat(endpoints.at("/subsets/0/addresses").size()).isEqualTo(1);
            assertThat(endpoints.at("/subsets/0/ports/0/port").asInt()).isEqualTo(8000);
            assertThat(writes(t, "Service")).isEqualTo(1);
            assertThat(writes(t, "Endpoints")).isEqualTo(1);
        }
    }

    @Test
    void aRestartWritesOnlyWhatChangedAndKeepsTheClusterIp(@TempDir Path dir) {
        String clusterIp;
        try (Server t = start(dir, GATEWAY)) {
            clusterIp = get(t, SERVICE).path("spec").path("clusterIP").asText();
        }
        try (Server t = start(dir, GATEWAY)) {
            assertThat(writes(t, "Service")).as("same gateway: nothing written").isEqualTo(1);
            assertThat(writes(t, "Endpoints")).isEqualTo(1);
        }
        try (Server t = start(dir, new EmbeddedGateway("gateway.example", List.of("10.201.0.9"), 8000, 8443))) {
            JsonNode service = get(t, SERVICE);
            assertThat(service.path("spec").path("clusterIP").asText()).isEqualTo(clusterIp);
            assertThat(service.at("/status/loadBalancer/ingress/0/hostname").asText()).isEqualTo("gateway.example");
            assertThat(get(t, ENDPOINTS).at("/subsets/0/addresses/0/ip").asText()).isEqualTo("10.201.0.9");
            assertThat(writes(t, "Service")).isEqualTo(2);
            assertThat(writes(t, "Endpoints")).isEqualTo(2);
        }
    }

    @Test
    void objectsAClientWroteAreLeftAsTheyAre(@TempDir Path dir) {
        try (Server t = start(dir, null)) {
            assertThat(t.admin().get(SERVICE).statusCode()).as("no embedded gateway, no Service").isEqualTo(404);
            HttpResponse<String> r = t.admin().post("/api/v1/apply", "application/yaml", """
                    apiVersion: v1
                    kind: Endpoints
                    metadata:
                      name: fsm-ingress
                      namespace: fsm-system
                    subsets:
                    - addresses:
                      - ip: 10.244.0.10
                      ports:
                      - name: http
                        port: 8000
                    """);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        try (Server t = start(dir, GATEWAY)) {
            assertThat(get(t, ENDPOINTS).at("/subsets/0/addresses/0/ip").asText()).isEqualTo("10.244.0.10");
            assertThat(writes(t, "Endpoints")).isZero();
            assertThat(writes(t, "Service")).as("the Service was missing").isEqualTo(1);
        }
    }

    @Test
    void theSourceIsTheBindAddressOrForAWildcardThePublicAddress() {
        assertThat(EmbeddedGateway.boundTo("10.201.0.2", "lb.example", 8000, 8443).sourceAddresses())
                .containsExactly("10.201.0.2");
        assertThat(EmbeddedGateway.boundTo("0.0.0.0", "192.0.2.8", 8000, 8443).sourceAddresses())
                .containsExactly("192.0.2.8");
        assertThat(EmbeddedGateway.boundTo("::", "[fd00::8]", 8000, 8443).sourceAddresses()).containsExactly("fd00::8");
        assertThat(EmbeddedGateway.boundTo("0.0.0.0", "lb.example", 8000, 8443).sourceAddresses())
                .as("a name: the source is unknown").isEmpty();
        assertThat(EmbeddedGatewayService.endpoints(EmbeddedGateway.boundTo("0.0.0.0", "lb.example", 8000, 8443))
                .has("subsets")).isFalse();
        assertThatThrownBy(() -> new EmbeddedGateway("x", List.of("not-an-ip"), 8000, 8443))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not-an-ip");
        assertThatThrownBy(() -> new EmbeddedGateway("x", List.of(), 0, 8443))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..65535");
    }
}
