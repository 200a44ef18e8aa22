package io.meshgate.standalone;

import io.meshgate.api.ApiClient;
import io.meshgate.api.TestServer;
import io.meshgate.api.ResourceApiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The standalone stack as a child JVM: applies stream in, the process is SIGKILLed in the middle,
 * and after a restart on the same data directory every acknowledged object is there.
 */
class StandaloneCrashTest {
    private static final Pattern API_URL = Pattern.compile("admin API\\s+http://127\\.0\\.0\\.1:(\\d+)/");

    /** A running child process and the API port it printed. */
    record Child(Process process, CompletableFuture<Integer> port) {}

    static Child launch(Path dataDir) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true",
                MeshgateMain.class.getName(), "--data-dir", dataDir.toString(), "--api-port", "0",
                "--kernel-admin-port", "0", "--console-port", "0");
        pb.environment().put("MESHGATE_ADMIN_TOKEN", TestServer.ADMIN_TOKEN);
        pb.redirectErrorStream(true);
        try {
            Process p = pb.start();
            CompletableFuture<Integer> port = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        System.out.println("[child] " + line);
                        Matcher m = API_URL.matcher(line);
                        if (m.find()) {
                            port.complete(Integer.parseInt(m.group(1)));
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // the child died
                }
                port.completeExceptionally(new IllegalStateException("the child exited before printing its port"));
            });
            return new Child(p, port);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void sigkillLosesNoAcknowledgedApply(@TempDir Path dataDir) throws Exception {
        Child first = launch(dataDir);
        int port = first.port().get(120, TimeUnit.SECONDS);
        ApiClient client = new ApiClient("http://127.0.0.1:" + port, TestServer.ADMIN_TOKEN);
        await().atMost(Duration.ofSeconds(60)).until(() -> client.get("/readyz").statusCode() == 200);

        List<String> acknowledged = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = Thread.ofVirtual().start(() -> {
            for (int i = 0; !stop.get(); i++) {
                String docs = ResourceApiTest.service("crash", "a" + i) + "---\n" + ResourceApiTest.service("crash", "b" + i);
                try {
                    HttpResponse<String> r = client.post("/api/v1/apply", "application/yaml", docs);
                    if (r.statusCode() == 200) {
                        acknowledged.add("a" + i);
                        acknowledged.add("b" + i);
                    }
                } catch (RuntimeException connectionLost) {
                    return;
                }
            }
        });
        await().atMost(Duration.ofSeconds(120)).until(() -> acknowledged.size() >= 60);
        first.process().destroyForcibly();
        assertThat(first.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        stop.set(true);
        writer.join(Duration.ofSeconds(60));

        Child second = launch(dataDir);
        try {
            int port2 = second.port().get(120, TimeUnit.SECONDS);
            ApiClient after = new ApiClient("http://127.0.0.1:" + port2, TestServer.ADMIN_TOKEN);
            var items = ApiClient.json(after.get("/api/v1/namespaces/crash/services")).at("/items");
            java.util.Set<String> stored = new java.util.HashSet<>();
            items.forEach(n -> stored.add(n.at("/metadata/name").asText()));
            assertThat(stored).containsAll(acknowledged);
            // one transaction per apply: a batch is there completely or not at all
            for (String name : stored) {
                String pair = name.startsWith("a") ? "b" + name.substring(1) : "a" + name.substring(1);
                assertThat(stored).contains(pair);
            }
            assertThat(ApiClient.json(after.get("/api/v1/audit/verify")).at("/ok").asBoolean()).isTrue();
            System.out.printf("crash test: %d acknowledged objects, %d stored after restart%n", acknowledged.size(),
                    stored.size());
        } finally {
            second.process().destroy();
            if (!second.process().waitFor(60, TimeUnit.SECONDS)) {
                second.process().destroyForcibly();
            }
        }
    }
}
