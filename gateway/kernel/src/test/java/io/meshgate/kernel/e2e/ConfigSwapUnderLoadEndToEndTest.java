package io.meshgate.kernel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meshgate.config.Cluster;
import io.meshgate.config.Endpoint;
import io.meshgate.config.HttpListener;
import io.meshgate.config.PathMatch;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.VirtualHost;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import io.meshgate.kernel.testing.TestBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Config swaps while keep-alive clients hammer the listener: no request fails or hangs, both
 * backends serve, and once the last config is in, new requests follow it only.
 */
class ConfigSwapUnderLoadEndToEndTest {
    private static final int CLIENTS = 8;
    private static final int SWAPS = 60;

    TestBackend a;
    TestBackend b;
    Kernel kernel;
    int port;

    @BeforeEach
    void start() {
        a = new TestBackend("A");
        b = new TestBackend("B");
        kernel = Kernel.start(KernelOptions.defaults().withIoThreads(2), config(0, "a", RouteMatch.ANY));
        port = kernel.port("http");
    }

    @AfterEach
    void stop() {
        kernel.close();
        a.close();
        b.close();
    }

    private ProxyConfig config(int version, String cluster, RouteMatch match) {
        VirtualHost vh = new VirtualHost("example", List.of("example.com"), List.of(Route.to("all", match, cluster)));
        return new ProxyConfig("v" + version, List.of(HttpListener.plain("http", "127.0.0.1", 0, List.of(vh))),
                List.of(Cluster.of("a", List.of(Endpoint.of("127.0.0.1", a.port()))),
                        Cluster.of("b", List.of(Endpoint.of("127.0.0.1", b.port())))));
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Host", "example.com").timeout(Duration.ofSeconds(20)).build();
    }

    @Test
    void swapsUnderLoadLoseNoRequest() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger completed = new AtomicInteger();
        Map<String, AtomicInteger> servedBy = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int i = 0; i < CLIENTS; i++) {
            int id = i;
            clients.submit(() -> {
                try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                    for (int n = 0; running.get(); n++) {
                        try {
                            HttpResponse<String> res = client.send(get("/c" + id + "/" + n),
                                    HttpResponse.BodyHandlers.ofString());
                            if (res.statusCode() != 200) {
                                failures.add(res.statusCode() + " " + res.body());
                            } else {
                                servedBy.computeIfAbsent(res.body().substring(0, 1), k -> new AtomicInteger())
                                        .incrementAndGet();
                            }
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                        completed.incrementAndGet();
                    }
                }
            });
        }
        // swaps are paced by traffic (some requests between two swaps), not by sleeping
        long started = System.nanoTime();
        int version = 1;
        while (version <= SWAPS || System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5)) {
            int mark = completed.get();
            await().atMost(Duration.ofSeconds(20)).until(() -> completed.get() >= mark + 8);
            kernel.apply(config(version, version % 2 == 1 ? "b" : "a", RouteMatch.ANY));
            version++;
        }
        if (version % 2 == 1) {
            kernel.apply(config(version, "b", RouteMatch.ANY)); // the last config routes to B
        }
        running.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        assertThat(failures).isEmpty();
        assertThat(servedBy.get("A")).isNotNull().hasPositiveValue();
        assertThat(servedBy.get("B")).isNotNull().hasPositiveValue();
        assertThat(kernel.config().version()).isNotEqualTo("v0");

        int aBefore = a.requests().size();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> res = client.send(get("/after/" + i), HttpResponse.BodyHandlers.ofString());
                assertThat(res.statusCode()).isEqualTo(200);
                assertThat(res.body()).isEqualTo("B /after/" + i);
            }
        }
        assertThat(a.requests().size()).isEqualTo(aBefore);
    }

    @Test
    void configThatDoesNotCompileChangesNothing() throws Exception {
        kernel.apply(config(1, "b", RouteMatch.ANY));
        assertThatThrownBy(() -> kernel.apply(config(2, "a", RouteMatch.path(PathMatch.regex("(unclosed")))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(kernel.config().version()).isEqualTo("v1");
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> res = client.send(get("/still"), HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.body()).isEqualTo("B /still");
        }
    }
}
