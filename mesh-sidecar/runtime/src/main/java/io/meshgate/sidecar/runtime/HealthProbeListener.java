package io.meshgate.sidecar.runtime;

import io.meshgate.client.BlockingHttpClient;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * FSM's probe listeners (15901 liveness, 15902 readiness, 15903 startup, 15904 fsm-healthcheck's TCP
 * probes): the injector rewrites a pod's probes to {@code GET /fsm-healthcheck} on these ports with the
 * original target in headers ({@code mesh-sidecar/injector}'s {@code ProbeRewriter}), and sidecar-init
 * lets them past the interception, so the kubelet (which has no mesh certificate) reaches them. Each
 * request checks the workload on loopback and answers with the outcome:
 *
 * <ul>
 *   <li>{@code Original-Http-Port} (+ {@code Original-Http-Path}): {@code GET http://127.0.0.1:port/path},
 *       the workload's status code is the answer (redirects not followed, as the kubelet counts 3xx as
 *       success anyway), no body;</li>
 *   <li>{@code Original-Tcp-Port}: a TCP connect to {@code 127.0.0.1:port}: 200 or 503.</li>
 * </ul>
 *
 * Only loopback is ever dialled and only the status goes back, so a peer that is not the kubelet learns
 * whether one of the pod's own ports answers and nothing of what it says. Each check has a 10 s deadline
 * (the kubelet's own {@code timeoutSeconds} is usually shorter and it gives up first). The JDK's small HTTP
 * server on virtual threads, not the kernel's admin event loop (where the Prometheus port is served):
 * a check blocks for up to its deadline, which an event loop must never do.
 */
public final class HealthProbeListener implements AutoCloseable {
    public static final List<Integer> PORTS = List.of(15901, 15902, 15903, 15904);
    public static final String PATH = "/fsm-healthcheck";
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final List<HttpServer> servers;
    private final ExecutorService executor;
    /** Not the JDK's HTTP client: a sidecar probed every few seconds would carry it idle (README "Memory"). */
    private final BlockingHttpClient http;

    private HealthProbeListener(List<HttpServer> servers, ExecutorService executor, BlockingHttpClient http) {
        this.servers = servers;
        this.executor = executor;
        this.http = http;
    }

    /**
     * Binds {@code address} on each of {@code ports} (0 = a free port, in tests).
     *
     * @throws UncheckedIOException naming the port that cannot be bound
     */
    public static HealthProbeListener start(String address, List<Integer> ports) {
        ExecutorService executor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("meshgate-probe-", 0).factory());
        // redirects are the application's answer, never followed
        BlockingHttpClient http = BlockingHttpClient.of(null, DEADLINE);
        List<HttpServer> servers = new ArrayList<>();
        HealthProbeListener listener = new HealthProbeListener(servers, executor, http);
        try {
            for (int port : ports) {
                HttpServer server;
                try {
                    server = HttpServer.create(new InetSocketAddress(address, port), 16);
                } catch (IOException e) {
                    throw new UncheckedIOException(new IOException("probe listener cannot bind " + address + ":" + port
                            + ": " + e.getMessage(), e));
                }
                server.setExecutor(executor);
                server.createContext("/", listener::answer);
                server.start();
                servers.add(server);
            }
        } catch (RuntimeException e) {
            listener.close();
            throw e;
        }
        return listener;
    }

    /** The bound ports, in the order asked for. */
    public List<Integer> ports() {
        return servers.stream().map(s -> s.getAddress().getPort()).toList();
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
        executor.shutdownNow();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                exchange.sendResponseHeaders(404, -1);
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
            } else {
                exchange.sendResponseHeaders(check(exchange), -1);
            }
        }
    }

    private int check(HttpExchange exchange) {
        String tcp = exchange.getRequestHeaders().getFirst("Original-Tcp-Port");
        String httpPort = exchange.getRequestHeaders().getFirst("Original-Http-Port");
        if (tcp != null) {
            int port = port(tcp);
            return port < 0 ? 400 : connects(port) ? 200 : 503;
        }
        if (httpPort != null) {
            int port = port(httpPort);
            String path = exchange.getRequestHeaders().getFirst("Original-Http-Path");
            path = path == null || path.isEmpty() ? "/" : path;
            if (port < 0 || !path.startsWith("/") || !printable(path)) {
                return 400;
            }
            return get(port, path);
        }
        return 400;
    }

    private static boolean connects(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) DEADLINE.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private int get(int port, String path) {
        URI uri;
        try {
            uri = URI.create("http://127.0.0.1:" + port + path);
        } catch (IllegalArgumentException e) {
            return 400;
        }
        try {
            return http.send("GET", uri, Map.of(), null, DEADLINE).status();
        } catch (IOException e) {
            return 503;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 503;
        }
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text.strip());
            return port >= 1 && port <= 65535 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean printable(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
