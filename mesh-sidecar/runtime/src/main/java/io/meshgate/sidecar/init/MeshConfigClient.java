package io.meshgate.sidecar.init;

import io.meshgate.client.CaTrust;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Reads the mesh's interception lists from the control plane: one {@code GET
 * /api/v1/namespaces/fsm-system/meshconfigs/fsm-mesh-config} with a bearer token that may read
 * resources (a viewer's: a sidecar's token may only register its workload). One try with a deadline:
 * an init step that cannot read them stops rather than install rules without the mesh's exclusions.
 */
public final class MeshConfigClient {
    /** Where FSM keeps its MeshConfig; the API serves it at this path. */
    public static final String MESH_CONFIG_PATH = "/api/v1/namespaces/fsm-system/meshconfigs/fsm-mesh-config";
    private static final Duration CONNECT = Duration.ofSeconds(5);
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final URI server;
    private final String token;
    private final Path caFile;

    /** @param caFile the mesh CA to trust for an https server; null = the JDK's trust store */
    public MeshConfigClient(URI server, String token, Path caFile) {
        this.server = server;
        this.token = token;
        this.caFile = caFile;
    }

    /** @throws IOException naming the server and its answer when the MeshConfig cannot be had */
    public MeshTrafficLists fetch() throws IOException, InterruptedException {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT);
        if (caFile != null) {
            builder.sslContext(CaTrust.sslContext(caFile));
        }
        URI uri = URI.create(server.toString().replaceAll("/+$", "") + MESH_CONFIG_PATH);
        try (HttpClient http = builder.build()) {
            HttpResponse<String> response;
            try {
                response = http.send(HttpRequest.newBuilder(uri).timeout(DEADLINE)
                        .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IOException("cannot read the MeshConfig from " + uri + ": " + e, e);
            }
            if (response.statusCode() != 200) {
                throw new IOException("reading the MeshConfig from " + uri + " answered " + response.statusCode()
                        + (response.statusCode() == 403 ? " (the token must be allowed to read resources, e.g. a viewer's)" : "")
                        + ": " + abbreviate(response.body()));
            }
            return MeshTrafficLists.fromMeshConfig(response.body());
        }
    }

    private static String abbreviate(String s) {
        String one = s.replace('\n', ' ').strip();
        return one.length() > 300 ? one.substring(0, 300) + "..." : one;
    }
}
