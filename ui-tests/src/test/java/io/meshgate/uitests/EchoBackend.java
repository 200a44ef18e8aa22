package io.meshgate.uitests;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The upstream behind the gateway in the tests: a loopback HTTP server that answers every request
 * with {@code received <path>} (and the same path in {@code X-Received-Path}), so a test sees which
 * path the gateway forwarded after its rewrite.
 */
public final class EchoBackend implements AutoCloseable {
    /** What the body starts with; the forwarded path (with its query) follows. */
    public static final String PREFIX = "received ";

    private final HttpServer server;

    private EchoBackend(HttpServer server) {
        this.server = server;
    }

    /** Starts on a free loopback port. */
    public static EchoBackend start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                try (exchange) {
                    String path = exchange.getRequestURI().getRawPath();
                    String query = exchange.getRequestURI().getRawQuery();
                    String received = query == null ? path : path + "?" + query;
                    byte[] body = (PREFIX + received).getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                    exchange.getResponseHeaders().set("X-Received-Path", received);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
            });
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return new EchoBackend(server);
        } catch (IOException e) {
            throw new UncheckedIOException("the echo backend could not start", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
