package io.meshgate.kernel.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AccessLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static AccessLogEntry entry(String path, String userAgent) {
        return new AccessLogEntry(Instant.parse("2026-01-02T03:04:05.678901Z"), "http", "r1", "c1",
                "10.0.0.7:8080", "/127.0.0.1:51234", "GET", "example.com", path, "HTTP/1.1", 200,
                12, 512, 3, 2, userAgent, "req-1", "-");
    }

    @Test
    void writesEveryFieldInOrderAsOneJsonLine() throws Exception {
        List<String> lines = new ArrayList<>();
        AccessLog log = new AccessLog(lines::add);

        log.log(entry("/a?b=c&d=e", "curl/8.5"));

        assertThat(lines).hasSize(1);
        String line = lines.getFirst();
        assertThat(line).doesNotContain("\n").startsWith("{\"start_time\":\"2026-01-02T03:04:05.678Z\",");
        JsonNode node = JSON.readTree(line);
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("start_time", "listener", "route", "cluster", "upstream_host",
                "client_address", "method", "authority", "path", "protocol", "status", "bytes_received",
                "bytes_sent", "duration_ms", "upstream_time_ms", "user_agent", "request_id", "response_flags");
        assertThat(node.get("path").asText()).isEqualTo("/a?b=c&d=e");
        assertThat(node.get("upstream_host").asText()).isEqualTo("10.0.0.7:8080");
        assertThat(node.get("status").isInt()).isTrue();
        assertThat(node.get("status").asInt()).isEqualTo(200);
        assertThat(node.get("bytes_received").asLong()).isEqualTo(12);
        assertThat(node.get("bytes_sent").asLong()).isEqualTo(512);
        assertThat(node.get("duration_ms").asLong()).isEqualTo(3);
        assertThat(node.get("upstream_time_ms").asLong()).isEqualTo(2);
        assertThat(node.get("request_id").asText()).isEqualTo("req-1");
        assertThat(node.get("response_flags").asText()).isEqualTo("-");
    }

    @Test
    void unknownValuesAreJsonNullButKeysStay() throws Exception {
        AccessLogEntry local = new AccessLogEntry(null, "http", "none", null, null, "/127.0.0.1:1", "GET",
                null, "/", "HTTP/2", 404, 0, 9, 0, -1, null, null, "NR");

        JsonNode node = JSON.readTree(AccessLog.format(local));

        assertThat(node.size()).isEqualTo(18);
        for (String key : List.of("start_time", "cluster", "upstream_host", "authority", "upstream_time_ms",
                "user_agent", "request_id")) {
            assertThat(node.get(key).isNull()).as(key).isTrue();
        }
        assertThat(node.get("response_flags").asText()).isEqualTo("NR");
        assertThat(node.get("protocol").asText()).isEqualTo("HTTP/2");
    }

    @Test
    void detailsComeLastAndOnlyWhenThereAreAny() throws Exception {
        AccessLogEntry denied = new AccessLogEntry(null, "inbound", "books", "inbound|14001", null, "/10.0.0.2:1",
                null, null, null, "TCP", 0, 0, 0, 0, -1, null, null, "RBAC",
                "principal not granted");

        JsonNode node = JSON.readTree(AccessLog.format(denied));

        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).hasSize(19).last().isEqualTo("details");
        assertThat(node.get("details").asText()).isEqualTo("principal not granted");
        assertThat(AccessLog.format(entry("/", null))).doesNotContain("details");
    }

    @Test
    void escapesQuotesBackslashesControlCharactersAndKeepsNonAscii() throws Exception {
        String nasty = "say \"hi\" \\ back\nslash\r\t\b\f\u0000\u0001\u001f\u007f end";
        String unicode = "caf\u00e9 \u65e5\u672c \ud83d\ude00 \u2028\u2029 \u00ff";
        String lone = "broken \ud800 surrogate \udc00";

        String line = AccessLog.format(entry(nasty, unicode + lone));

        assertThat(line).contains("say \\\"hi\\\" \\\\ back\\nslash\\r\\t\\b\\f\\u0000\\u0001\\u001f\\u007f end");
        assertThat(line).contains("caf\u00e9 \u65e5\u672c \ud83d\ude00 \\u2028\\u2029 \u00ff");
        assertThat(line).contains("broken \\ud800 surrogate \\udc00");
        assertThat(line.chars().filter(c -> c < 0x20)).isEmpty();
        JsonNode node = JSON.readTree(line);
        assertThat(node.get("path").asText()).isEqualTo(nasty);
        assertThat(node.get("user_agent").asText()).isEqualTo(unicode + lone);
    }

    @Test
    void aHeaderCannotForgeAnotherField() throws Exception {
        String forged = "x\",\"status\":500,\"listener\":\"evil";

        JsonNode node = JSON.readTree(AccessLog.format(entry("/", forged)));

        assertThat(node.get("user_agent").asText()).isEqualTo(forged);
        assertThat(node.get("status").asInt()).isEqualTo(200);
        assertThat(node.get("listener").asText()).isEqualTo("http");
    }

    @Test
    void aFailingSinkCostsTheLineNotTheCaller() {
        AccessLog log = new AccessLog(line -> {
            throw new IllegalStateException("disk full");
        });

        log.log(entry("/", "ua"));
        log.log(entry("/", "ua"));

        assertThat(log.dropped()).isEqualTo(2);
    }

    @Test
    void disabledLogWritesNothing() {
        AccessLog log = AccessLog.disabled();

        assertThat(log.enabled()).isFalse();
        log.log(entry("/", "ua"));
        assertThat(log.dropped()).isZero();
    }

    @Test
    void asyncLogDeliversInOrderOffTheCallingThread() {
        List<String> lines = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        try (AccessLog log = AccessLog.async(line -> {
            lines.add(line);
            threads.add(Thread.currentThread().getName());
        })) {
            assertThat(log.enabled()).isTrue();
            for (int i = 0; i < 100; i++) {
                log.log(entry("/" + i, "ua"));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> lines.size() == 100);
        }
        Iterator<String> it = lines.iterator();
        for (int i = 0; i < 100; i++) {
            assertThat(it.next()).contains("\"path\":\"/" + i + "\"");
        }
        assertThat(threads).allMatch(name -> name.equals("meshgate-access-log"));
    }

    @Test
    void asyncWriterDropsRatherThanBlocksWhenTheSinkIsStuck() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstTaken = new CountDownLatch(1);
        List<String> written = new CopyOnWriteArrayList<>();
        AsyncLineWriter writer = new AsyncLineWriter("test-writer", 4, line -> {
            firstTaken.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            written.add(line);
        });
        try {
            writer.accept("first");
            assertThat(firstTaken.await(30, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 10; i++) {
                writer.accept("line " + i); // 4 fit in the queue, 6 are dropped; none of this blocks
            }
            assertThat(writer.dropped()).isEqualTo(6);
        } finally {
            release.countDown();
            writer.close();
        }
        assertThat(written).containsExactly("first", "line 0", "line 1", "line 2", "line 3");
        writer.accept("after close");
        assertThat(writer.dropped()).isEqualTo(7);
    }
}
