package io.meshgate.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.api.ApiClient;
import io.meshgate.api.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meshgate up --embedded-egress-gateway}: a second kernel in the JVM is the registered proxy
 * {@code egress-gateway.fsm-system} of kind {@code egress}, following its config over the API like a remote
 * gateway, and the control plane keeps Service {@code fsm-system/fsm-egress-gateway} and its Endpoints (the
 * bind address at the gateway's port, MeshConfig {@code spec.egressGateway.port}, which {@code
 * --egress-gateway-port} sets at start) for the sidecars' tunnels.
 */
class StandaloneEgressGatewayTest {
    static final String NAME = "egress-gateway.fsm-system";
    static final String SERVICE = "/api/v1/namespaces/fsm-system/services/fsm-egress-gateway";
    static final String ENDPOINTS = "/api/v1/namespaces/fsm-system/endpoints/fsm-egress-gateway";
    static final String MESH_CONFIG = "/api/v1/namespaces/fsm-system/meshconfigs/fsm-mesh-config";

    @TempDir
    Path dir;

    @Test
    void theEmbeddedEgressGatewayRegistersAndFollowsItsConfigAndItsServiceAndEndpointsExist() throws IOException {
        int tunnelPort = freePort();
        StandaloneOptions options = new StandaloneOptions(dir, 0, 0, 0, "127.0.0.1", -1, TestServer.ADMIN_TOKEN)
                .withEgressGateway(EmbeddedEgressSettings.on(tunnelPort, 0));
        for (int start = 0; start < 2; start++) { // the second start reuses the saved token
            try (Standalone stack = Standalone.start(options)) {
                ApiClient admin = admin(stack);
                // no EgressGateway policy yet: in sync on the empty config
                JsonNode gateway = await().atMost(Duration.ofSeconds(30))
                        .until(() -> proxy(admin, NAME), p -> p != null && p.path("inSync").asBoolean());
                assertThat(gateway.path("kind").asText()).isEqualTo("egress");
                assertThat(proxy(admin, "ingress-gateway")).as("the ingress kernel is still there").isNotNull();

                assertThat(get(admin, MESH_CONFIG).at("/spec/egressGateway/port").asInt())
                        .as("--egress-gateway-port sets the MeshConfig's port").isEqualTo(tunnelPort);
                assertThat(ApiClient.json(admin.get("/api/v1/audit?kind=MeshConfig&actor=system:embedded-egress-gateway"))
                        .path("items").size()).as("written once, at the first start").isEqualTo(1);
                JsonNode service = get(admin, SERVICE);
                assertThat(service.at("/metadata/annotations/flomesh.io~1egress-gateway-mode").isMissingNode())
                        .as("the mode is the MeshConfig's").isTrue();
                assertThat(service.at("/spec/ports/0/name").asText()).isEqualTo("egress-nat-port");
                assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(tunnelPort);
                assertThat(service.at("/spec/ports/0/targetPort").asInt()).isEqualTo(tunnelPort);
                JsonNode endpoints = get(admin, ENDPOINTS);
                assertThat(endpoints.at("/subsets/0/addresses/0/ip").asText()).isEqualTo("127.0.0.1");
                assertThat(endpoints.at("/subsets/0/ports/0/port").asInt()).isEqualTo(tunnelPort);
                assertThat(stack.egressGatewayAdminPort()).as("an admin listener on a free port").isPositive();
            }
        }
        Path token = dir.resolve("proxy-" + NAME + ".token");
        assertThat(Files.readString(token)).startsWith("mgp_");
        assertThat(Files.getPosixFilePermissions(token))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    /** FSM's egress-gateway demo: the EgressGateway names the gateway Service; an Egress lets curl reach a port. */
    static final String POLICIES = """
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

    static ApiClient admin(Standalone stack) {
        return new ApiClient(stack.apiUrl().toString(), TestServer.ADMIN_TOKEN);
    }

    /** The proxy {@code name} as {@code GET /api/v1/proxies} lists it, or null. */
    static JsonNode proxy(ApiClient admin, String name) {
        JsonNode items = ApiClient.json(admin.get("/api/v1/proxies")).path("items");
        return StreamSupport.stream(items.spliterator(), false)
                .filter(p -> p.path("name").asText().equals(name)).findFirst().orElse(null);
    }

    static JsonNode get(ApiClient admin, String path) {
        HttpResponse<String> r = admin.get(path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return ApiClient.json(r);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
