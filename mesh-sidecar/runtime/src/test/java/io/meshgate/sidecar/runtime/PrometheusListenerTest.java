package io.meshgate.sidecar.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PrometheusListenerTest {
    @Test
    void servesOnlyTheScrapePathAndOnlyGet() throws Exception {
        try (PrometheusListener listener = PrometheusListener.start("127.0.0.1", 0, () -> "# TYPE up gauge\nup 1\n");
             HttpClient http = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + listener.port();
            HttpResponse<String> scrape = http.send(request(base + "/stats/prometheus").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).isEqualTo("# TYPE up gauge\nup 1\n");

            HttpResponse<String> dump = http.send(request(base + "/config_dump").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(dump.statusCode()).as("the config stays on the loopback admin listener").isEqualTo(404);
            assertThat(dump.body()).contains("/stats/prometheus");

            HttpResponse<String> post = http.send(request(base + "/stats/prometheus").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        }
    }

    private static HttpRequest.Builder request(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5));
    }
}
