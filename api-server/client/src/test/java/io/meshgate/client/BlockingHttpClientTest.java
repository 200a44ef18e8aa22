package io.meshgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The control-plane client against the JDK's HTTP server and raw sockets on loopback. */
class BlockingHttpClientTest {
    private final BlockingHttpClient client = BlockingHttpClient.of(null, Duration.ofSeconds(2));
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private URI serve(com.sun.net.httpserver.HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " auth="
                    + exchange.getRequestHeaders().getFirst("Authorization") + " body="
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            handler.handle(exchange);
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void answer(HttpExchange exchange, int status, String body, boolean chunked) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("ETag", "\"v1\"");
        exchange.sendResponseHeaders(status, status == 204 || status == 304 ? -1 : chunked ? 0 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (status != 204 && status != 304) {
                out.write(bytes);
            }
        }
    }

    @Test
    void getsAChunkedAnswerWithItsHeadersAndSendsTheQueryAndHeaders() throws Exception {
        String big = "é".repeat(40_000);
        URI base = serve(ex -> answer(ex, 200, big, true));

        BlockingHttpClient.Response r = client.send("GET", base.resolve("/api/v1/proxies/a%2Fb/config?wait=30s"),
                Map.of("Authorization", "Bearer t1"), null, Duration.ofSeconds(5));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(big);
        assertThat(r.header("etag")).isEqualTo("\"v1\"");
        assertThat(seen).containsExactly("GET /api/v1/proxies/a%2Fb/config?wait=30s auth=Bearer t1 body=");
    }

    @Test
    void postsABodyAndReadsAFixedLengthAnswerAnd204And304() throws Exception {
        URI base = serve(ex -> {
            String path = ex.getRequestURI().getPath();
            answer(ex, path.endsWith("none") ? 204 : path.endsWith("same") ? 304 : 201, "{\"ok\":true}", false);
        });

        BlockingHttpClient.Response created = client.send("POST", base.resolve("/x"),
                Map.of("Content-Type", "application/json"), "{\"name\":\"ü\"}", Duration.ofSeconds(5));
        BlockingHttpClient.Response none = client.send("POST", base.resolve("/none"), Map.of(), "{}", Duration.ofSeconds(5));
        BlockingHttpClient.Response same = client.send("GET", base.resolve("/same"), Map.of(), null, Duration.ofSeconds(5));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body()).isEqualTo("{\"ok\":true}");
        assertThat(none.status()).isEqualTo(204);
        assertThat(none.body()).isEmpty();
        assertThat(same.status()).isEqualTo(304);
        assertThat(seen).contains("POST /x auth=null body={\"name\":\"ü\"}");
    }

    @Test
    void aServerThatNeverAnswersHitsTheDeadline() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            long started = System.nanoTime();

            assertThatThrownBy(() -> client.send("GET", URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/"),
                    Map.of(), null, Duration.ofMillis(400)))
                    .isInstanceOf(SocketTimeoutException.class).hasMessageContaining("timed out after 400 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void aServerThatStopsMidAnswerHitsTheDeadlineToo() throws Exception {
        try (ServerSocket slow = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = slow.accept()) {
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc".getBytes(StandardCharsets.US_ASCII));
                    Thread.sleep(5_000);
                } catch (Exception ignored) {
                    // the client gives up and closes
                }
            });

            assertThatThrownBy(() -> client.send("GET", URI.create("http://127.0.0.1:" + slow.getLocalPort() + "/"),
                    Map.of(), null, Duration.ofMillis(400)))
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void anInterruptAbortsAWaitingRequestAtOnce() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            // a platform thread, as the sidecar's main thread registering is
            Thread caller = Thread.ofPlatform().start(() -> {
                try {
                    client.send("GET", URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/"), Map.of(), null,
                            Duration.ofSeconds(60));
                } catch (Throwable t) {
                    outcome.set(t);
                }
                done.countDown();
            });
            Thread.sleep(200);
            caller.interrupt();

            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        }
    }

    @Test
    void anAnswerClosedWithoutLengthIsReadToTheEnd() throws Exception {
        try (ServerSocket raw = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = raw.accept()) {
                    s.getInputStream().read(new byte[4096]);
                    s.getOutputStream().write(("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 Service Unavailable\r\n"
                            + "Retry-After: 7\r\n\r\nstarting").getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // test over
                }
            });

            BlockingHttpClient.Response r = client.send("GET", URI.create("http://127.0.0.1:" + raw.getLocalPort() + "/"),
                    Map.of(), null, Duration.ofSeconds(5));

            assertThat(r.status()).isEqualTo(503);
            assertThat(r.body()).isEqualTo("starting");
            assertThat(r.headerAsLong("Retry-After")).hasValue(7);
        }
    }

    @Test
    void refusesAnOversizedBodyAndGarbage() throws Exception {
        try (ServerSocket raw = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                for (String answer : List.of("HTTP/1.1 200 OK\r\nContent-Length: " + (BlockingHttpClient.MAX_BODY_BYTES + 1) + "\r\n\r\n",
                        "SSH-2.0-OpenSSH\r\n")) {
                    try (Socket s = raw.accept()) {
                        s.getInputStream().read(new byte[4096]);
                        s.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException ignored) {
                        // next
                    }
                }
            });
            URI uri = URI.create("http://127.0.0.1:" + raw.getLocalPort() + "/");

            assertThatThrownBy(() -> client.send("GET", uri, Map.of(), null, Duration.ofSeconds(5)))
                    .isInstanceOf(IOException.class).hasMessageContaining("answer body of");
            assertThatThrownBy(() -> client.send("GET", uri, Map.of(), null, Duration.ofSeconds(5)))
                    .isInstanceOf(IOException.class).hasMessageContaining("not an HTTP/1.x answer");
        }
    }

    @Test
    void aClosedPortIsAConnectionError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> client.send("GET", URI.create("http://127.0.0.1:" + port + "/"), Map.of(), null,
                Duration.ofSeconds(5))).isInstanceOf(ConnectException.class);
    }
}
