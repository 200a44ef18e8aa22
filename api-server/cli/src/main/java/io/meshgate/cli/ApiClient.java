package io.meshgate.cli;

import io.meshgate.client.CaTrust;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The admin REST API as the CLI uses it: one base URL, one bearer token, JSON in and out. Any
 * non-2xx answer becomes a {@link ProblemException}; a server that cannot be reached becomes a
 * {@link CliException} naming its URL.
 */
final class ApiClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final String base;
    private final String token;
    private final HttpClient http;

    ApiClient(String base, String token) {
        this(base, token, null);
    }

    /** {@code caFile}: PEM CA certificate(s) to trust for an https server, null for the JDK's defaults. */
    ApiClient(String base, String token, java.nio.file.Path caFile) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
        HttpClient.Builder http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT);
        if (caFile != null) {
            try {
                http.sslContext(CaTrust.sslContext(caFile));
            } catch (RuntimeException e) {
                throw new CliException("cannot use the CA file " + caFile + ": " + e.getMessage());
            }
        }
        this.http = http.build();
    }

    String base() {
        return base;
    }

    JsonNode get(String path) {
        return Json.read(send(request(path).GET()));
    }

    /** The body of a GET as the server sent it (text pages such as a proxy's admin stats). */
    String getText(String path) {
        return send(request(path).setHeader("Accept", "text/plain, application/json").GET());
    }

    JsonNode delete(String path) {
        return Json.read(send(request(path).DELETE()));
    }

    JsonNode post(String path, String contentType, String body) {
        return Json.read(send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))));
    }

    JsonNode put(String path, JsonNode body) {
        return Json.read(send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Json.write(body)))));
    }

    JsonNode patch(String path, String contentType, String body) {
        return Json.read(send(request(path).header("Content-Type", contentType)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))));
    }

    /** {@code path?k=v&...}, skipping null values, with every value URL-encoded. */
    static String withQuery(String path, Map<String, String> query) {
        StringJoiner joiner = new StringJoiner("&");
        query.forEach((k, v) -> {
            if (v != null) {
                joiner.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return joiner.length() == 0 ? path : path + "?" + joiner;
    }

    /** One URL path segment, encoded (names are DNS names, but the user may type anything). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path) {
        URI uri;
        try {
            uri = URI.create(base + path);
        } catch (IllegalArgumentException e) {
            throw new CliException("invalid server URL '" + base + "': " + e.getMessage());
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
        if (token != null && !token.isEmpty()) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private String send(HttpRequest.Builder builder) {
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CliException("cannot connect to the Meshgate API at " + base
                    + ": connection refused (is it running? start it with `meshgate up`, or pass --server)", e);
        } catch (HttpConnectTimeoutException e) {
            throw new CliException("cannot connect to the Meshgate API at " + base + ": connect timed out", e);
        } catch (HttpTimeoutException e) {
            throw new CliException("the Meshgate API at " + base + " did not answer within "
                    + REQUEST_TIMEOUT.toSeconds() + " s", e);
        } catch (javax.net.ssl.SSLHandshakeException e) {
            throw new CliException("the Meshgate API at " + base + " presented a certificate this CLI does not trust"
                    + " (" + describe(e) + "): pass --ca-file with the mesh CA (<data dir>/ca/ca.crt, or GET /api/v1/ca)", e);
        } catch (IOException e) {
            throw new CliException("cannot talk to the Meshgate API at " + base + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted", e);
        } catch (IllegalArgumentException e) {
            throw new CliException("invalid server URL '" + base + "': " + e.getMessage(), e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new ProblemException(Problem.from(response.statusCode(), response.body()));
        }
        return response.body();
    }

    private static String describe(IOException e) {
        // the JDK wraps a refused connection in a plain IOException on some paths; name the cause
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ConnectException) {
            return "connection refused (is it running? start it with `meshgate up`, or pass --server)";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
