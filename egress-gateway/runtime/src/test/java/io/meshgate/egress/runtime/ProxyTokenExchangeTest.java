package io.meshgate.egress.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.meshgate.proxy.BearerTokenSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exchange against a loopback HTTP server this test starts, answering as the control plane would. */
class ProxyTokenExchangeTest {
    @TempDir
    Path dir;
    private HttpServer server;
    private final List<String> bearers = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A server answering {@code statuses} in turn (the last one for ever), with a token on 2xx. */
    private URI serve(int... statuses) throws IOException {
        return serve(() -> { }, statuses);
    }

    /** Like {@link #serve(int...)}, running {@code afterFirst} before the first answer goes out. */
    private URI serve(Runnable afterFirst, int... statuses) throws IOException {
        AtomicInteger calls = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            bearers.add(exchange.getRequestHeaders().getFirst("Authorization"));
            int call = calls.getAndIncrement();
            if (call == 0) {
                afterFirst.run();
            }
            int status = statuses[Math.min(call, statuses.length - 1)];
            byte[] body = (status / 100 == 2 ? "{\"proxy\":\"egress-gateway.fsm-system\",\"token\":\"mgp_issued\"}"
                    : "{\"status\":" + status + ",\"detail\":\"refused for a reason\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private ProxyTokenExchange exchange(URI uri, Path tokenFile, int attempts) {
        return new ProxyTokenExchange(uri, BearerTokenSource.file(tokenFile), null, attempts, Duration.ofMillis(10));
    }

    @Test
    void retriesUnavailableAnswersReadingTheTokenFileAgainEachTime() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "first\n");
        // the kubelet rotates the token between attempts: the next attempt must send the new one
        URI uri = serve(() -> {
            try {
                Files.writeString(file, "second\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, 503, 429, 201);
        try (ProxyTokenExchange exchange = exchange(uri, file, 5)) {
            assertThat(exchange.exchange("egress-gateway.fsm-system")).isEqualTo("mgp_issued");
        }
        assertThat(paths).hasSize(3).allMatch(p -> p.equals("POST /api/v1/proxies/egress-gateway.fsm-system/registration"));
        assertThat(bearers.get(0)).isEqualTo("Bearer first");
        assertThat(bearers.get(1)).isEqualTo("Bearer second");
        assertThat(bearers.get(2)).isEqualTo("Bearer second");
    }

    @Test
    void aRefusalStopsAtOnceWithTheControlPlanesReason() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "t");
        URI uri = serve(403);
        try (ProxyTokenExchange exchange = exchange(uri, file, 5)) {
            assertThatThrownBy(() -> exchange.exchange("egress-gateway.fsm-system"))
                    .isInstanceOf(ProxyTokenExchange.ExchangeFailedException.class)
                    .hasMessageContaining("(403)").hasMessageContaining("refused for a reason");
        }
        assertThat(paths).hasSize(1);
    }

    @Test
    void givesUpAfterTheLastAttemptSayingWhatItLastSaw() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "t");
        URI uri = serve(503);
        try (ProxyTokenExchange exchange = exchange(uri, file, 3)) {
            assertThatThrownBy(() -> exchange.exchange("egress-gateway.fsm-system"))
                    .hasMessageContaining("after 3 attempts").hasMessageContaining("503");
        }
        assertThat(paths).hasSize(3);
    }

    @Test
    void aTokenFileThatVanishedIsAClearError() throws Exception {
        URI uri = serve(201);
        try (ProxyTokenExchange exchange = exchange(uri, dir.resolve("gone"), 3)) {
            assertThatThrownBy(() -> exchange.exchange("egress-gateway.fsm-system"))
                    .hasMessageContaining("gone").hasMessageContaining("does not exist");
        }
        assertThat(paths).isEmpty();
    }

    @Test
    void aMalformedAnswerIsAClearFailure() {
        assertThatThrownBy(() -> ProxyTokenExchange.token("<html>ok</html>"))
                .isInstanceOf(ProxyTokenExchange.ExchangeFailedException.class)
                .hasMessageStartingWith("the control plane's answer is not JSON: ");
        assertThatThrownBy(() -> ProxyTokenExchange.token("{\"token\":\"mgp_1\"} {\"token\":\"mgp_2\"}"))
                .hasMessageStartingWith("the control plane's answer is not one JSON object: more follows it");
        assertThatThrownBy(() -> ProxyTokenExchange.token("{\"token\":\"mgp_1\",\"token\":\"mgp_2\"}"))
                .hasMessageStartingWith("the control plane's answer is not strict JSON: token appears twice");
        assertThatThrownBy(() -> ProxyTokenExchange.token("{\"token\":[\"mgp_1\"]}"))
                .hasMessage("the control plane's answer is unusable: token must be a string, not an array");
        assertThatThrownBy(() -> ProxyTokenExchange.token("{\"proxy\":\"egress-gateway.fsm-system\",\"token\":\" \"}"))
                .hasMessage("the control plane accepted the service-account token but its answer has no token");
    }

    @Test
    void aRefusalsReasonIsTheProblemsDetailElseTheBody() {
        assertThat(ProxyTokenExchange.detail("{\"status\":403,\"detail\":\"not this service account\"}"))
                .isEqualTo("not this service account");
        assertThat(ProxyTokenExchange.detail("{\"status\":403}")).isEqualTo("{\"status\":403}");
        assertThat(ProxyTokenExchange.detail("{\"detail\":7}")).isEqualTo("{\"detail\":7}");
        assertThat(ProxyTokenExchange.detail("y".repeat(301))).isEqualTo("y".repeat(300) + "...");
    }
}
