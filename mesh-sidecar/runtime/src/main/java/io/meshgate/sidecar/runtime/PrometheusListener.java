package io.meshgate.sidecar.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * FSM's second sidecar listener (port 15010): {@code GET /stats/prometheus} with the kernel's metrics
 * in Prometheus text, for scrapers outside the pod (sidecar-init lets inbound 15010 through). Only
 * metrics: the config and its keys stay on the loopback admin listener. The JDK's small HTTP server
 * on virtual threads: scrapes are rare and never compete with the kernel's event loops.
 */
public final class PrometheusListener implements AutoCloseable {
    public static final String PATH = "/stats/prometheus";
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private PrometheusListener(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds {@code address:port} (0 = a free port) and serves {@code scrape}'s text.
     *
     * @throws UncheckedIOException naming the address when it cannot be bound
     */
    public static PrometheusListener start(String address, int port, Supplier<String> scrape) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("Prometheus listener cannot bind " + address + ":" + port
                    + ": " + e.getMessage(), e));
        }
        ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("meshgate-prometheus-", 0).factory());
        server.setExecutor(executor);
        server.createContext("/", exchange -> answer(exchange, scrape));
        server.start();
        return new PrometheusListener(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void answer(HttpExchange exchange, Supplier<String> scrape) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found; metrics are at " + PATH + "\n", method);
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "only GET is supported\n", method);
            } else {
                send(exchange, 200, CONTENT_TYPE, scrape.get(), method);
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body, String method) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = method.equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
