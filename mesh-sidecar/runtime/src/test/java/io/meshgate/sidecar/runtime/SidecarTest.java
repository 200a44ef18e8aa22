package io.meshgate.sidecar.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.DnsListener;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.json.ProxyConfigJson;
import io.meshgate.kernel.observe.MetricsListener;
import io.meshgate.proxy.LastGoodConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A whole sidecar against a stub control plane: register, follow the config, serve metrics, deregister on stop. */
@Timeout(60)
class SidecarTest {
    private static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(5));
    private static final WorkloadIdentity POD = new WorkloadIdentity("demo", "pod-1", "demo-sa", "127.0.0.1", Map.of("app", "demo"));

    @TempDir
    Path dataDir;

    @Test
    void registersFollowsItsProxysConfigAndDeregistersBeforeStopping() throws Exception {
        String published = ProxyConfigJson.write(new ProxyConfig("cfg-1", List.of(), List.of()), false);
        try (ControlPlaneStub cp = new ControlPlaneStub(0, (seen, ex) -> {
            switch (seen.method() + " " + seen.path()) {
                case "POST /api/v1/workloads" -> ControlPlaneStub.send(ex, 201, "application/json",
                        "{\"proxy\":\"sidecar.demo.pod-1\",\"token\":\"mgp_proxy\"}");
                case "GET /api/v1/proxies/sidecar.demo.pod-1/config" -> {
                    if (("\"cfg-1\"").equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                        sleep(200); // a short long-poll
                        ControlPlaneStub.send(ex, 304, null, "");
                    } else {
                        ControlPlaneStub.send(ex, 200, "application/json", published);
                    }
                }
                case "POST /api/v1/proxies/sidecar.demo.pod-1/status" -> ControlPlaneStub.send(ex, 204, null, "");
                case "DELETE /api/v1/workloads/demo/pod-1" -> ControlPlaneStub.send(ex, 204, null, "");
                default -> ControlPlaneStub.send(ex, 404, "text/plain", "no such path in the stub");
            }
        })) {
            java.util.concurrent.atomic.AtomicInteger quits = new java.util.concurrent.atomic.AtomicInteger();
            Sidecar sidecar = Sidecar.start(options(cp.uri()), FAST, quits::incrementAndGet);
            try {
                assertThat(sidecar.proxy().initial().version()).isEqualTo("empty");
                assertThat(sidecar.adminSecret()).as("no secret before registering").isNull();
                assertThat(sidecar.registerAndFollow().proxy()).isEqualTo("sidecar.demo.pod-1");
                // the control plane derives the same secret from the token's hash
                assertThat(sidecar.adminSecret()).isEqualTo(
                        io.meshgate.client.SidecarAdminSecret.fromToken("sidecar.demo.pod-1", "mgp_proxy"));
                // the admin port is not the default here, so the registration names it
                assertThat(cp.requests("POST", "/api/v1/workloads").getFirst().body())
                        .endsWith(",\"adminPort\":" + sidecar.proxy().kernel().adminPort() + "}");
                waitFor(() -> sidecar.proxy().kernel().config().version().equals("cfg-1"));
                waitFor(() -> new LastGoodConfig(dataDir).load().map(ProxyConfig::version).orElse("").equals("cfg-1"));
                assertThat(cp.requests("GET", "/api/v1/proxies/")).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer mgp_proxy"));

                HttpResponse<String> metrics = get("http://127.0.0.1:" + sidecar.prometheusPort()
                        + MetricsListener.PATH);
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
                assertThat(metrics.body()).contains("# TYPE").contains("meshgate_config_applied_total 2.0"); // empty, then cfg-1
                assertThat(get("http://127.0.0.1:" + sidecar.proxy().kernel().adminPort() + "/ready").body()).isEqualTo("LIVE\n");
                // loopback may stop the sidecar through its admin listener
                assertThat(post("http://127.0.0.1:" + sidecar.proxy().kernel().adminPort() + "/quitquitquit").statusCode())
                        .isEqualTo(200);
                assertThat(quits.get()).isEqualTo(1);
            } finally {
                assertThat(sidecar.stop()).isEqualTo("deregistered demo/pod-1");
            }
            assertThat(cp.requests("DELETE", "/api/v1/workloads/")).singleElement()
                    .satisfies(r -> assertThat(r.authorization()).isEqualTo("Bearer mgs_sidecar"));
            assertThatThrownBy(() -> sidecar.proxy().kernel().apply(ProxyConfig.empty())).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void theHostsFileIsSetOnTheDnsListenerOfEveryConfigItRunsButNotSaved() throws Exception {
        Path hosts = dataDir.resolve("hosts");
        DnsListener dns = new DnsListener("dns", "127.0.0.1", 0, List.of(), List.of(), null);
        String published = ProxyConfigJson.write(new ProxyConfig("cfg-dns", List.of(dns), List.of()), false);
        try (ControlPlaneStub cp = new ControlPlaneStub(0, (seen, ex) -> {
            switch (seen.method() + " " + seen.path()) {
                case "POST /api/v1/workloads" -> ControlPlaneStub.send(ex, 201, "application/json",
                        "{\"proxy\":\"sidecar.demo.pod-1\",\"token\":\"mgp_proxy\"}");
                case "GET /api/v1/proxies/sidecar.demo.pod-1/config" -> {
                    if (("\"cfg-dns\"").equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                        sleep(200);
                        ControlPlaneStub.send(ex, 304, null, "");
                    } else {
                        ControlPlaneStub.send(ex, 200, "application/json", published);
                    }
                }
                default -> ControlPlaneStub.send(ex, 204, null, "");
            }
        })) {
            SidecarOptions options = options(cp.uri());
            SidecarOptions withHosts = new SidecarOptions(options.identity(), options.server(), options.token(), null,
                    options.adminAddress(), options.adminPort(), options.prometheusAddress(), options.prometheusPort(),
                    options.dataDir(), options.ioThreads(), hosts);
            Sidecar sidecar = Sidecar.start(withHosts, FAST);
            try {
                sidecar.registerAndFollow();
                waitFor(() -> sidecar.proxy().kernel().config().version().equals("cfg-dns"));
                assertThat(sidecar.proxy().kernel().config().listeners()).singleElement()
                        .satisfies(l -> assertThat(((DnsListener) l).hostsFile()).isEqualTo(hosts.toString()));
                waitFor(() -> new LastGoodConfig(dataDir).load().map(ProxyConfig::version).orElse("").equals("cfg-dns"));
                assertThat(new LastGoodConfig(dataDir).load().orElseThrow().listeners()).singleElement()
                        .satisfies(l -> assertThat(((DnsListener) l).hostsFile()).as("saved as published").isNull());
            } finally {
                sidecar.stop();
            }
            // a restart serves the saved config with this start's hosts file
            Sidecar restarted = Sidecar.start(withHosts, FAST);
            try {
                assertThat(restarted.proxy().kernel().config().listeners()).singleElement()
                        .satisfies(l -> assertThat(((DnsListener) l).hostsFile()).isEqualTo(hosts.toString()));
            } finally {
                restarted.stop();
            }
        }
    }

    @Test
    void aStopDuringRegistrationEndsItWithoutDeregistering() throws Exception {
        try (ControlPlaneStub cp = new ControlPlaneStub(0, (seen, ex) -> ControlPlaneStub.send(ex, 503, "text/plain", "not yet"))) {
            Sidecar sidecar = Sidecar.start(options(cp.uri()), FAST);
            CompletableFuture<Throwable> registering = CompletableFuture.supplyAsync(() -> {
                try {
                    sidecar.registerAndFollow();
                    return null;
                } catch (Exception e) {
                    return e;
                }
            }, r -> Thread.ofPlatform().start(r));
            waitFor(() -> cp.requests.size() >= 3);
            assertThat(sidecar.stop()).isEqualTo("demo/pod-1 was not registered");
            assertThat(registering.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
            assertThat(cp.requests("DELETE", "/")).isEmpty();
        }
    }

    private SidecarOptions options(URI server) {
        return new SidecarOptions(POD, server, "mgs_sidecar", null, "127.0.0.1", 0, "127.0.0.1", 0, dataDir, 1);
    }

    private static HttpResponse<String> post(String uri) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static HttpResponse<String> get(String uri) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 15 s");
            }
            Thread.sleep(20);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
