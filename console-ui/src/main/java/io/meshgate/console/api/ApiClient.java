package io.meshgate.console.api;

import io.meshgate.client.CaTrust;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The console's only way to Meshgate: the public admin API over HTTP with the signed-in user's
 * bearer token, so anything the console does a script can do the same way (and the API, not the
 * console, decides what the token may do). Every failure becomes an {@link ApiProblem}.
 */
public final class ApiClient {
    static final String JSON = "application/json";
    static final String YAML = "application/yaml";
    static final String MERGE_PATCH = "application/merge-patch+json";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Lists follow {@code continue} tokens up to this many objects, so a huge store cannot hang a view. */
    private static final int MAX_LIST_ITEMS = 5_000;

    private final HttpClient http;
    private final URI base;
    private final String token;

    /**
     * @param http  shared client (one per console server)
     * @param base  the API's base URL, e.g. {@code http://127.0.0.1:9091}
     * @param token the user's API token
     */
    public ApiClient(HttpClient http, URI base, String token) {
        this.http = Objects.requireNonNull(http, "http");
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.token = Objects.requireNonNull(token, "token");
    }

    /** An HTTP/1.1 client with a connect timeout, for {@link #ApiClient(HttpClient, URI, String)}. */
    public static HttpClient newHttpClient() {
        return newHttpClient(null);
    }

    /** Like {@link #newHttpClient()}, trusting the CA certificates of {@code caFile} when not null. */
    public static HttpClient newHttpClient(java.nio.file.Path caFile) {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10));
        if (caFile != null) {
            builder.sslContext(CaTrust.sslContext(caFile));
        }
        return builder.build();
    }

    /** The API base URL (for "copy as curl"). */
    public URI base() {
        return base;
    }

    /** Who the token belongs to; 401 ({@link ApiProblem}) for an unknown token. */
    public Whoami whoami() {
        JsonNode body = Json.read(send(request("/api/v1/whoami").GET(), 200));
        return new Whoami(body.path("name").asText(), body.path("role").asText());
    }

    /** The kinds the API serves (discovery). */
    public List<ApiKind> kinds() {
        JsonNode body = Json.read(send(request("/api/v1").GET(), 200));
        List<ApiKind> kinds = new ArrayList<>();
        for (JsonNode r : body.path("resources")) {
            kinds.add(new ApiKind(r.path("name").asText(), r.path("kind").asText(), r.path("namespaced").asBoolean(),
                    r.path("group").asText(""), r.path("apiVersion").asText()));
        }
        return kinds;
    }

    /**
     * Objects of a kind, following {@code continue} pages.
     *
     * @param namespace     null or "" for all namespaces
     * @param labelSelector e.g. {@code app=web,tier}; null or "" for none
     */
    public List<JsonNode> list(ApiKind kind, String namespace, String labelSelector) {
        List<JsonNode> items = new ArrayList<>();
        String next = null;
        do {
            String query = query(Map.of(
                    "labelSelector", labelSelector == null ? "" : labelSelector.trim(),
                    "continue", next == null ? "" : next));
            JsonNode page = Json.read(send(request(kind.collectionPath(namespace) + query).GET(), 200));
            page.path("items").forEach(items::add);
            next = page.path("metadata").path("continue").asText(null);
        } while (next != null && !next.isEmpty() && items.size() < MAX_LIST_ITEMS);
        return items;
    }

    /** One object as JSON. */
    public JsonNode get(ApiKind kind, String namespace, String name) {
        return Json.read(send(request(kind.objectPath(namespace, name)).GET(), 200));
    }

    /** One object as the API renders it in YAML ({@code ?output=yaml}). */
    public String getYaml(ApiKind kind, String namespace, String name) {
        return send(request(kind.objectPath(namespace, name) + "?output=yaml").GET(), 200);
    }

    /**
     * {@code POST /api/v1/apply}: one or more YAML or JSON documents, all or nothing.
     *
     * @param dryRun true to validate and report what would change without storing anything
     * @return the API's answer: {@code {dryRun, results:[{kind, namespace, name, result, resourceVersion}]}}
     */
    public JsonNode apply(String documents, boolean dryRun) {
        return Json.read(send(request("/api/v1/apply" + (dryRun ? "?dryRun=true" : ""))
                .header("Content-Type", YAML)
                .POST(HttpRequest.BodyPublishers.ofString(documents)), 200));
    }

    /**
     * Creates or replaces one object ({@code PUT}); its {@code metadata.resourceVersion}, when
     * present, makes a concurrent change answer 409.
     *
     * @return the stored object
     */
    public JsonNode put(ApiKind kind, JsonNode object) {
        String namespace = object.path("metadata").path("namespace").asText(null);
        String name = object.path("metadata").path("name").asText("");
        return Json.read(send(request(kind.objectPath(namespace, name))
                .header("Content-Type", JSON)
                .PUT(HttpRequest.BodyPublishers.ofString(Json.write(object))), 200, 201));
    }

    /** An RFC 7386 merge patch; returns the stored object. */
    public JsonNode mergePatch(ApiKind kind, String namespace, String name, JsonNode patch) {
        return Json.read(send(request(kind.objectPath(namespace, name))
                .header("Content-Type", MERGE_PATCH)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(Json.write(patch))), 200));
    }

    public void delete(ApiKind kind, String namespace, String name) {
        send(request(kind.objectPath(namespace, name)).DELETE(), 200);
    }

    /** One page of the audit log. */
    public AuditPage audit(AuditFilter filter) {
        JsonNode body = Json.read(send(request("/api/v1/audit" + query(filter.parameters())).GET(), 200));
        List<JsonNode> items = new ArrayList<>();
        body.path("items").forEach(items::add);
        return new AuditPage(items, body.path("continue").asText(null));
    }

    /** One audit row with before, after (Secret data redacted) and its JSON patch. */
    public JsonNode auditEntry(long id) {
        return Json.read(send(request("/api/v1/audit/" + id).GET(), 200));
    }

    /** Puts an audit row's {@code before} back (or deletes what it created); audited as {@code revert}. */
    public JsonNode revert(long id) {
        return Json.read(send(request("/api/v1/audit/" + id + "/revert")
                .POST(HttpRequest.BodyPublishers.noBody()), 200));
    }

    /** Registered proxies with their sync state ({@code inSync}, {@code appliedVersion}, {@code desiredVersion}...). */
    public List<JsonNode> proxies() {
        JsonNode body = Json.read(send(request("/api/v1/proxies").GET(), 200));
        List<JsonNode> items = new ArrayList<>();
        body.path("items").forEach(items::add);
        return items;
    }

    /**
     * A TrafficSplit's live traffic per backend as the proxies counted it
     * ({@code GET /api/v1/namespaces/{ns}/trafficsplits/{name}/traffic}, any role): requests per second
     * and share over the API's default window, totals, and which proxies were read.
     */
    public JsonNode splitTraffic(String namespace, String name) {
        return Json.read(send(request("/api/v1/namespaces/" + segment(namespace) + "/trafficsplits/" + segment(name)
                + "/traffic").GET(), 200));
    }

    /** The API's Prometheus text ({@code GET /metrics}, any role), for screens that show observed traffic. */
    public String metrics() {
        return send(request("/metrics").GET(), 200);
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Accept", pathAndQuery.contains("output=yaml") ? YAML : JSON);
    }

    private String send(HttpRequest.Builder builder, int... expected) {
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ApiProblem(0, "The admin API is unreachable", request.uri().getHost() + ":"
                    + request.uri().getPort() + ": " + e, List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiProblem(0, "Interrupted", "the request was interrupted", List.of());
        }
        for (int status : expected) {
            if (response.statusCode() == status) {
                return response.body();
            }
        }
        throw Problems.parse(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    /** {@code ?a=b&c=d} of the non-empty values, or "". */
    static String query(Map<String, String> parameters) {
        String q = parameters.entrySet().stream()
                .filter(e -> e.getValue() != null && !e.getValue().isEmpty())
                .sorted(Map.Entry.comparingByKey())
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return q.isEmpty() ? "" : "?" + q;
    }

    /** One URL path segment. */
    static String segment(String value) {
        return encode(value).replace("+", "%20");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A fresh, empty object node (for merge patches built by views). */
    public static ObjectNode object() {
        return Json.MAPPER.createObjectNode();
    }
}
