package io.meshgate.kernel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meshgate.config.Cluster;
import io.meshgate.config.Endpoint;
import io.meshgate.config.HttpListener;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.VirtualHost;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import io.meshgate.kernel.testing.RawHttp;
import io.meshgate.kernel.testing.TestBackend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Graceful shutdown: what is in flight finishes (and is told the connection closes), nothing new gets in. */
class DrainEndToEndTest {

    @Test
    void inFlightRequestCompletesWithConnectionCloseAndNewConnectionsAreRefused() throws Exception {
        try (TestBackend backend = new TestBackend("b1")) {
            VirtualHost vh = new VirtualHost("example", List.of("example.com"),
                    List.of(Route.to("all", RouteMatch.ANY, "c1")));
            Kernel kernel = Kernel.start(KernelOptions.defaults().withIoThreads(2), new ProxyConfig("v1",
                    List.of(HttpListener.plain("http", "127.0.0.1", 0, List.of(vh))),
                    List.of(Cluster.of("c1", List.of(Endpoint.of("127.0.0.1", backend.port()))))));
            int port = kernel.port("http");
            // a keep-alive request: Connection: close in the answer comes from the drain alone
            // own threads, not the common pool: on a 2-core machine it has one worker, and the
            // shutdown must not queue behind the request it is meant to drain
            ExecutorService threads = Executors.newFixedThreadPool(2);
            CompletableFuture<RawHttp.Reply> slow = CompletableFuture.supplyAsync(() -> {
                try {
                    return RawHttp.send(port, "GET /slow HTTP/1.1\r\nHost: example.com\r\n\r\n");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, threads);
            await().atMost(Duration.ofSeconds(10)).until(() -> kernel.inFlight() == 1);

            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> kernel.shutdown(Duration.ofSeconds(10)), threads);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                }
            }).isInstanceOf(IOException.class));
            RawHttp.Reply reply = slow.get(20, TimeUnit.SECONDS);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.text()).containsIgnoringCase("connection: close").endsWith("b1 /slow");
            assertThat(reply.closed()).isTrue();
            shutdown.get(20, TimeUnit.SECONDS);
            assertThat(kernel.inFlight()).isZero();
            threads.shutdown();
        }
    }
}
