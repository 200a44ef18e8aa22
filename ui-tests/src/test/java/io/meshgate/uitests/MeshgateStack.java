package io.meshgate.uitests;

import io.meshgate.standalone.Standalone;
import io.meshgate.standalone.StandaloneOptions;
import io.meshgate.console.ConsoleOptions;
import io.meshgate.console.ConsoleServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real standalone Meshgate, as {@code bin/meshgate up} runs it (database, admin API, embedded
 * gateway kernel and the console), started in this JVM on free loopback ports in a fresh data
 * directory. The admin token is the one the stack wrote to {@code <data-dir>/admin.token}; an editor
 * and a viewer token are created through {@code POST /api/v1/tokens} like an operator would.
 */
public final class MeshgateStack implements AutoCloseable {
    private final Standalone stack;
    private final ConsoleServer console;
    private final int httpPort;
    private final URI apiUrl;
    private final String adminToken;
    private final String editorToken;
    private final String viewerToken;

    private MeshgateStack(Path dataDir) {
        int[] ports = FreePorts.take(2);
        httpPort = ports[0];
        StandaloneOptions options = new StandaloneOptions(dataDir, 0, ports[0], ports[1], "127.0.0.1", 0, null);
        stack = Standalone.start(options);
        ConsoleServer startedConsole = null;
        try {
            apiUrl = URI.create("http://127.0.0.1:" + stack.apiPort());
            startedConsole = ConsoleServer.start(new ConsoleOptions("127.0.0.1", 0, apiUrl));
            adminToken = readAdminToken(dataDir);
            RestApi admin = new RestApi(apiUrl, adminToken);
            editorToken = createToken(admin, "ui-tests-editor", "editor");
            viewerToken = createToken(admin, "ui-tests-viewer", "viewer");
        } catch (RuntimeException e) {
            if (startedConsole != null) {
                startedConsole.close();
            }
            stack.close();
            throw e;
        }
        console = startedConsole;
    }

    /** Starts everything in {@code dataDir} (which should be empty); the caller closes it. */
    public static MeshgateStack start(Path dataDir) {
        return new MeshgateStack(dataDir);
    }

    /** The token the stack generated at first start (no MESHGATE_ADMIN_TOKEN was given). */
    private static String readAdminToken(Path dataDir) {
        try {
            return Files.readString(dataDir.resolve("admin.token"), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("the stack wrote no admin token to " + dataDir, e);
        }
    }

    private static String createToken(RestApi admin, String name, String role) {
        return admin.post("/api/v1/tokens", "application/json", RestApi.json(Map.of("name", name, "role", role)))
                .ok().path("token").asText();
    }

    /** Where the browser opens the console, e.g. {@code http://127.0.0.1:40123/}. */
    public URI consoleUrl() {
        return console.url();
    }

    /** The gateway's plain-HTTP listener (the Ingress traffic port). */
    public int gatewayHttpPort() {
        return httpPort;
    }

    public String adminToken() {
        return adminToken;
    }

    public String editorToken() {
        return editorToken;
    }

    public String viewerToken() {
        return viewerToken;
    }

    /** The admin API with the admin token. */
    public RestApi api() {
        return new RestApi(apiUrl, adminToken);
    }

    @Override
    public void close() {
        try {
            console.close();
        } finally {
            stack.close();
        }
    }
}
