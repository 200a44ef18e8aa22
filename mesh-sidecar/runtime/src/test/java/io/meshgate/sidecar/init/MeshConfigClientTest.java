package io.meshgate.sidecar.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MeshConfigClientTest {
    @Test
    void readsTheListsFromTheApisMeshConfigPathAndMergesThemAfterTheFlags() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        HttpServer server = server(200, """
                {"apiVersion":"config.flomesh.io/v1alpha3","kind":"MeshConfig","metadata":{"name":"fsm-mesh-config","namespace":"fsm-system"},
                 "spec":{"traffic":{"outboundIPRangeExclusionList":["169.254.169.254/32"],"outboundPortExclusionList":[5432]}}}""", seen);
        try {
            InitOptions options = InitOptions.parse(new String[] {"--server", "http://127.0.0.1:" + server.getAddress().getPort(),
                    "--outbound-port-exclusion", "22"}, Map.of("MESHGATE_TOKEN", "mgt_viewer"));
            Interception merged = SidecarInit.withMeshConfig(options);
            assertThat(seen.get()).isEqualTo("GET /api/v1/namespaces/fsm-system/meshconfigs/fsm-mesh-config Bearer mgt_viewer");
            assertThat(merged.outboundIpRangeExclusions()).containsExactly("169.254.169.254/32");
            assertThat(merged.outboundPortExclusions()).containsExactly(22, 5432);
            assertThat(merged.inboundPortExclusions()).isEmpty();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRefusedReadStopsWithTheServersAnswer() throws Exception {
        HttpServer server = server(403, "{\"title\":\"Forbidden\",\"detail\":\"role sidecar may not read meshconfigs\"}", new AtomicReference<>());
        try {
            MeshConfigClient client = new MeshConfigClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "mgs", null);
            assertThatThrownBy(client::fetch).isInstanceOf(IOException.class)
                    .hasMessageContaining("answered 403 (the token must be allowed to read resources, e.g. a viewer's)")
                    .hasMessageContaining("role sidecar may not read meshconfigs");
        } finally {
            server.stop(0);
        }
    }

    private static HttpServer server(int status, String body, AtomicReference<String> seen) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        server.createContext("/", exchange -> {
            try (exchange) {
                seen.set(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                        + exchange.getRequestHeaders().getFirst("Authorization"));
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
        server.start();
        return server;
    }
}
