package io.meshgate.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WatchApiTest {
    @TempDir
    static Path dir;
    static TestServer t;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        t = new TestServer(dir, ApiServerOptions.of(0, dir).withAdminToken(TestServer.ADMIN_TOKEN)
                .withWatchHeartbeat(Duration.ofMillis(200)));
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    /** One parsed SSE event (or a heartbeat comment when {@code comment} is set). */
    record Event(String id, String name, String data, boolean comment) {}

    /** Reads events until {@code count} non-comment events arrived, then closes the stream. */
    static List<Event> read(ApiClient client, String query, String lastEventId, int count, boolean wantHeartbeat)
            throws IOException, InterruptedException {
        var b = client.builder("/api/v1/watch" + query).timeout(Duration.ofSeconds(60));
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        List<Event> events = new ArrayList<>();
        boolean sawHeartbeat = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(":")) {
                    sawHeartbeat = true;
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                } else if (line.isEmpty() && id != null) {
                    events.add(new Event(id, name, data.toString(), false));
                    id = null;
                    name = null;
                    data.setLength(0);
                }
                if (events.size() >= count && (!wantHeartbeat || sawHeartbeat)) {
                    break;
                }
            }
        }
        if (wantHeartbeat) {
            assertThat(sawHeartbeat).as("heartbeat comment seen").isTrue();
        }
        return events;
    }

    @Test
    void resumesAfterLastEventId() throws Exception {
        String path = "/api/v1/namespaces/w/services/a";
        long start = t.db.resources().currentRevision();
        t.editor.put(path, "application/yaml", ResourceApiTest.service("w", "a"));
        t.editor.put(path, "application/yaml", ResourceApiTest.service("w", "a").replace("port: 80", "port: 81"));
        t.editor.delete(path);

        List<Event> all = read(t.viewer, "?kind=services&namespace=w", String.valueOf(start), 3, false);
        assertThat(all).extracting(Event::name).containsExactly("ADDED", "MODIFIED", "DELETED");
        assertThat(all.get(1).data()).contains("\"port\":81");

        List<Event> resumed = read(t.viewer, "?kind=Service&namespace=w", all.get(0).id(), 2, false);
        assertThat(resumed).extracting(Event::id).containsExactly(all.get(1).id(), all.get(2).id());
    }

    @Test
    void liveEventsAndHeartbeats() throws Exception {
        Thread writer = Thread.ofVirtual().start(() -> {
            org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(300)).until(() -> true);
            t.editor.put("/api/v1/namespaces/live/services/b", "application/yaml", ResourceApiTest.service("live", "b"));
        });
        List<Event> events = read(t.viewer, "?namespace=live", null, 1, true);
        writer.join();
        assertThat(events.get(0).name()).isEqualTo("ADDED");
        assertThat(events.get(0).data()).contains("\"name\":\"b\"");
    }

    @Test
    void malformedLastEventIdIs400() throws Exception {
        var r = HTTP.send(t.viewer.builder("/api/v1/watch").header("Last-Event-ID", "abc").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
    }

    @Test
    void trimmedRevisionIs410(@TempDir Path other) throws Exception {
        var config = io.meshgate.db.DatabaseConfig.h2File(other).withEventRetention(3);
        try (TestServer small = new TestServer(config, ApiServerOptions.of(0, other).withAdminToken(TestServer.ADMIN_TOKEN))) {
            for (int i = 0; i < 6; i++) {
                small.editor.put("/api/v1/namespaces/t/services/s" + i, "application/yaml",
                        ResourceApiTest.service("t", "s" + i));
            }
            var r = HTTP.send(small.viewer.builder("/api/v1/watch").header("Last-Event-ID", "1").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(410);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
    }
}
