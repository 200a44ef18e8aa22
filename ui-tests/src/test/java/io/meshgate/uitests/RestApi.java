package io.meshgate.uitests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The tests' own view of the admin API, independent of the console's client: what the console did
 * is checked here, over HTTP, with a token of the test's choosing.
 */
public final class RestApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** One answer: status, body text and headers. */
    public record Reply(int status, String body, HttpHeaders headers) {
        /** A response header, e.g. {@code ETag}. */
        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /** The body as JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (" + status + "): " + body, e);
            }
        }

        /** Fails with the whole answer unless the status is 2xx; then the body as JSON. */
        public JsonNode ok() {
            if (status / 100 != 2) {
                throw new IllegalStateException("API answered " + status + ": " + body);
            }
            return json();
        }
    }

    private final URI base;
    private final String token;

    public RestApi(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** The same API with another token. */
    public RestApi as(String otherToken) {
        return new RestApi(base, otherToken);
    }

    public URI base() {
        return base;
    }

    public Reply get(String path) {
        return send(request(path).GET());
    }

    public Reply post(String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Reply put(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** An RFC 7386 merge patch. */
    public Reply mergePatch(String path, String json) {
        return send(request(path).header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    /** {@code POST /api/v1/apply} with YAML documents; fails unless the API accepted them. */
    public JsonNode apply(String yaml) {
        return post("/api/v1/apply", "application/yaml", yaml).ok();
    }

    /** One namespaced object, e.g. {@code object("ingresses", "ns", "web")}. */
    public Reply object(String plural, String namespace, String name) {
        return get("/api/v1/namespaces/" + namespace + "/" + plural + "/" + name);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private static Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** JSON text of a value, for request bodies. */
    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
