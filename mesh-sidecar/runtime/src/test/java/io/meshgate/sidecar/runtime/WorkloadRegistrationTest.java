package io.meshgate.sidecar.runtime;

import io.meshgate.proxy.BearerTokenSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class WorkloadRegistrationTest {
    private static final WorkloadIdentity BOOKBUYER = new WorkloadIdentity("bookbuyer", "bookbuyer-1", "bookbuyer",
            "10.244.1.7", Map.of("app", "bookbuyer", "version", "v1"));
    private static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(2));
    private static final String ANSWER = "{\"proxy\":\"sidecar.bookbuyer.bookbuyer-1\",\"token\":\"mgp_proxy\"}";

    @Test
    void asksAgainThrough5xxAnd429UntilTheControlPlaneAnswers() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (ControlPlaneStub cp = new ControlPlaneStub(0, (seen, ex) -> {
            switch (calls.incrementAndGet()) {
                case 1 -> ControlPlaneStub.send(ex, 503, "text/plain", "starting");
                case 2 -> {
                    ex.getResponseHeaders().set("Retry-After", "0");
                    ControlPlaneStub.send(ex, 429, "application/problem+json", "{\"title\":\"Too Many Requests\"}");
                }
                default -> ControlPlaneStub.send(ex, 201, "application/json", ANSWER);
            }
        }); WorkloadRegistration client = new WorkloadRegistration(cp.uri(), "mgs_sidecar", null, FAST)) {
            Registration registration = client.register(BOOKBUYER);

            assertThat(registration).isEqualTo(new Registration("sidecar.bookbuyer.bookbuyer-1", "mgp_proxy"));
            assertThat(registration.toString()).doesNotContain("mgp_proxy");
            assertThat(cp.requests).hasSize(3).allSatisfy(r -> {
                assertThat(r.method()).isEqualTo("POST");
                assertThat(r.path()).isEqualTo("/api/v1/workloads");
                assertThat(r.authorization()).isEqualTo("Bearer mgs_sidecar");
            });
            // the contract's body, fields in this order, labels sorted; the default admin port left out
            assertThat(cp.requests.getFirst().body()).isEqualTo("{\"namespace\":\"bookbuyer\",\"name\":\"bookbuyer-1\","
                    + "\"serviceAccount\":\"bookbuyer\",\"podIP\":\"10.244.1.7\","
                    + "\"labels\":{\"app\":\"bookbuyer\",\"version\":\"v1\"}}");
        }
    }

    @Test
    void theBodyNamesAnAdminPortOtherThanTheDefault() {
        String labels = "\"labels\":{\"app\":\"bookbuyer\",\"version\":\"v1\"}";

        assertThat(WorkloadRegistration.body(BOOKBUYER, 15100)).endsWith(labels + ",\"adminPort\":15100}");
        assertThat(WorkloadRegistration.body(BOOKBUYER, 15000)).endsWith(labels + "}");
        assertThat(WorkloadRegistration.body(BOOKBUYER, -1)).endsWith(labels + "}");
    }

    @Test
    void theBodyEscapesLabelValuesAsJson() {
        WorkloadIdentity quoted = new WorkloadIdentity("ns", "p", "sa", "10.0.0.1",
                Map.of("note", "a \"quoted\" \\ value\n", "z", "", "a", "ü"));

        assertThat(WorkloadRegistration.body(quoted, 15000)).isEqualTo("{\"namespace\":\"ns\",\"name\":\"p\","
                + "\"serviceAccount\":\"sa\",\"podIP\":\"10.0.0.1\","
                + "\"labels\":{\"a\":\"ü\",\"note\":\"a \\\"quoted\\\" \\\\ value\\n\",\"z\":\"\"}}");
    }

    @Test
    void aMalformedAnswerIsARefusalNamingWhatIsWrong() {
        assertThatThrownBy(() -> WorkloadRegistration.parse("<html>ok</html>")).isInstanceOf(RegistrationRefusedException.class)
                .hasMessageStartingWith("the control plane's answer to the registration is not JSON: ")
                .hasMessageEndingWith(": <html>ok</html>");
        assertThatThrownBy(() -> WorkloadRegistration.parse("[\"sidecar.a.b\"]"))
                .hasMessageStartingWith("the control plane's answer to the registration is not a JSON object but an array");
        assertThatThrownBy(() -> WorkloadRegistration.parse("{\"proxy\":\"p\",\"token\":\"mgp_1\"}{}"))
                .hasMessageStartingWith("the control plane's answer to the registration is not one JSON object");
        assertThatThrownBy(() -> WorkloadRegistration.parse("{\"proxy\":\"p\",\"token\":\"mgp_1\",\"token\":\"mgp_2\"}"))
                .hasMessageStartingWith("the control plane's answer to the registration is not strict JSON: token appears twice");
        assertThatThrownBy(() -> WorkloadRegistration.parse("{\"proxy\":\"p\",\"token\":12345}"))
                .hasMessage("the control plane's answer to the registration is unusable: token must be a string, not a number");
        assertThatThrownBy(() -> WorkloadRegistration.parse("{\"proxy\":{\"name\":\"p\"},\"token\":\"mgp_secret\"}"))
                .hasMessage("the control plane's answer to the registration is unusable: proxy must be a string, not an object");
    }

    @Test
    void theServersMessageIsTheProblemsDetailElseItsTitleElseTheBody() {
        assertThat(WorkloadRegistration.message("{\"title\":\"Forbidden\",\"detail\":\"not\\nyours\"}")).isEqualTo("not yours");
        assertThat(WorkloadRegistration.message("{\"title\":\"Too Many Requests\"}")).isEqualTo("Too Many Requests");
        assertThat(WorkloadRegistration.message("{\"title\":\"Busy\",\"detail\":\" \"}")).isEqualTo("Busy");
        assertThat(WorkloadRegistration.message("{\"detail\":42}")).isEqualTo("{\"detail\":42}");
        assertThat(WorkloadRegistration.message("starting\n")).isEqualTo("starting");
        assertThat(WorkloadRegistration.message("x".repeat(400))).isEqualTo("x".repeat(300) + "...");
        assertThat(WorkloadRegistration.message(null)).isEmpty();
    }

    @Test
    void asksAgainWhileTheControlPlaneIsNotListeningYet() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        try (WorkloadRegistration client = new WorkloadRegistration(java.net.URI.create("http://127.0.0.1:" + port),
                "mgs_sidecar", null, FAST)) {
            CompletableFuture<Registration> registering = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.register(BOOKBUYER);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300); // several refused connections
            assertThat(registering).isNotDone();
            try (ControlPlaneStub cp = new ControlPlaneStub(port, (seen, ex) -> ControlPlaneStub.send(ex, 200, "application/json", ANSWER))) {
                assertThat(registering.get(10, TimeUnit.SECONDS).proxy()).isEqualTo("sidecar.bookbuyer.bookbuyer-1");
            }
        }
    }

    @Test
    void stopsAtA403WithTheServersMessage() throws Exception {
        try (ControlPlaneStub cp = new ControlPlaneStub(0, (seen, ex) -> ControlPlaneStub.send(ex, 403, "application/problem+json",
                "{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                        + "\"detail\":\"a sidecar token of bookstore/bookstore may not register bookbuyer/bookbuyer-1\"}"));
             WorkloadRegistration client = new WorkloadRegistration(cp.uri(), "mgs_other", null, FAST)) {
            assertThatThrownBy(() -> client.register(BOOKBUYER))
                    .isInstanceOfSatisfying(RegistrationRefusedException.class, e -> assertThat(e.status()).isEqualTo(403))
                    .hasMessage("the control plane refused the registration of bookbuyer/bookbuyer-1 (403): "
                            + "a sidecar token of bookstore/bookstore may not register bookbuyer/bookbuyer-1");
            assertThat(cp.requests).hasSize(1);
        }
    }

    @Test
    void anAnswerWithoutProxyAndTokenIsARefusalNotALoop() throws Exception {
        try (ControlPlaneStub cp = new ControlPlaneStub(0, (seen, ex) -> ControlPlaneStub.send(ex, 201, "application/json", "{\"proxy\":\"x\"}"));
             WorkloadRegistration client = new WorkloadRegistration(cp.uri(), "mgs", null, FAST)) {
            assertThatThrownBy(() -> client.register(BOOKBUYER)).isInstanceOf(RegistrationRefusedException.class)
                    .hasMessageContaining("has no proxy and token");
        }
    }

    @Test
    void deregistersWithinItsDeadline() throws Exception {
        try (ControlPlaneStub cp = new ControlPlaneStub(0, (seen, ex) -> ControlPlaneStub.send(ex, seen.path().endsWith("gone") ? 404 : 204, null, ""));
             WorkloadRegistration client = new WorkloadRegistration(cp.uri(), "mgs_sidecar", null, FAST)) {
            assertThat(client.deregister(BOOKBUYER, Duration.ofSeconds(2))).isTrue();
            assertThat(cp.requests.getFirst()).isEqualTo(new ControlPlaneStub.Seen("DELETE", "/api/v1/workloads/bookbuyer/bookbuyer-1",
                    "Bearer mgs_sidecar", ""));
            WorkloadIdentity gone = new WorkloadIdentity("bookbuyer", "gone", "bookbuyer", "10.244.1.8", Map.of());
            assertThat(client.deregister(gone, Duration.ofSeconds(2))).as("nothing registered is fine").isTrue();
        }
        try (ControlPlaneStub hanging = new ControlPlaneStub(0, (seen, ex) -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }); WorkloadRegistration client = new WorkloadRegistration(hanging.uri(), "mgs", null, FAST)) {
            long started = System.nanoTime();
            assertThat(client.deregister(BOOKBUYER, Duration.ofMillis(300))).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void aTokenFileIsReadAgainForEveryAttemptSoARotatedTokenIsTheOneSent(@TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("token"), "eyJ.first.token\n");
        AtomicInteger calls = new AtomicInteger();
        try (ControlPlaneStub cp = new ControlPlaneStub(0, (seen, ex) -> {
            if (calls.incrementAndGet() == 1) {
                // the kubelet rotates the projected token while the control plane is still starting
                java.nio.file.Files.writeString(file, "eyJ.second.token");
                ControlPlaneStub.send(ex, 503, "text/plain", "starting");
            } else {
                ControlPlaneStub.send(ex, 201, "application/json", ANSWER);
            }
        }); WorkloadRegistration client = new WorkloadRegistration(cp.uri(), BearerTokenSource.file(file), null, FAST)) {
            client.register(BOOKBUYER);
            assertThat(cp.requests).extracting(ControlPlaneStub.Seen::authorization)
                    .containsExactly("Bearer eyJ.first.token", "Bearer eyJ.second.token");
            // gone: the registration stops with the file's name, not a loop
            java.nio.file.Files.delete(file);
            assertThatThrownBy(() -> client.register(BOOKBUYER)).isInstanceOf(RegistrationRefusedException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("does not exist");
            assertThat(client.deregister(BOOKBUYER, Duration.ofSeconds(1))).isFalse();
        }
    }
}
