package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.meshgate.db.ProxyRegistration;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One request and its response, with the small helpers every route needs. The caller (or, on the
 * proxy channel, the proxy) is what {@link AuthenticationFilter} put into the request's context.
 */
final class Exchange {
    static final String JSON = "application/json";
    static final String YAML = "application/yaml";
    static final HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");

    final ServerRequest req;
    final ServerResponse res;
    final String method;
    /** The authenticated API token's holder; null on the proxy channel and before authentication. */
    final Caller caller;

    Exchange(ServerRequest req, ServerResponse res) {
        this.req = req;
        this.res = res;
        this.method = req.prologue().method().text();
        this.caller = req.context().get(Caller.class).orElse(null);
    }

    /** The whole request path (decoded), also inside a service mounted below the root. */
    String path() {
        return req.path().absolute().path();
    }

    /** A path parameter of the matched route, such as {@code name} in {@code /{plural}/{name}}. */
    Optional<String> pathParam(String name) {
        return req.path().pathParameters().first(name).asOptional();
    }

    /** The proxy whose token authenticated a request on the proxy channel. */
    ProxyRegistration proxy() {
        return req.context().get(ProxyRegistration.class)
                .orElseThrow(() -> new IllegalStateException("not a proxy channel request: " + path()));
    }

    Optional<String> query(String name) {
        return req.query().contains(name) ? Optional.of(req.query().get(name)) : Optional.empty();
    }

    boolean flag(String name) {
        return query(name).map(v -> v.isEmpty() || v.equalsIgnoreCase("true")).orElse(false);
    }

    int intQuery(String name, int fallback) {
        Optional<String> v = query(name);
        if (v.isEmpty() || v.get().isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(v.get());
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a non-negative integer");
        }
    }

    Optional<String> header(HeaderName name) {
        return req.headers().first(name);
    }

    /** The media type without parameters, lower case, "" when absent. */
    String contentType() {
        String ct = header(HeaderNames.CONTENT_TYPE).orElse("");
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(java.util.Locale.ROOT);
    }

    String body() {
        if (!req.content().hasEntity()) {
            throw ApiException.badRequest("the request needs a body");
        }
        return req.content().as(String.class);
    }

    /** True when the client asked for YAML ({@code ?output=yaml} or an Accept naming YAML first). */
    boolean wantsYaml() {
        Optional<String> output = query("output");
        if (output.isPresent()) {
            return output.get().equalsIgnoreCase("yaml");
        }
        String accept = header(HeaderNames.ACCEPT).orElse("");
        return accept.contains("yaml") && !accept.startsWith("application/json");
    }

    /** If-Match as a resourceVersion, {@link PathTarget#ANY_VERSION} for {@code *}, null when absent. */
    Long ifMatch() {
        Optional<String> value = header(HeaderNames.IF_MATCH);
        if (value.isEmpty()) {
            return null;
        }
        String v = value.get().trim();
        if (v.equals("*")) {
            return PathTarget.ANY_VERSION;
        }
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            // an ETag this server never issued cannot match
            return -1L;
        }
    }

    void etag(long resourceVersion) {
        res.header(HeaderNames.ETAG, "\"" + resourceVersion + "\"");
    }

    void send(int status, String contentType, String body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, contentType);
        res.send(body.getBytes(StandardCharsets.UTF_8));
    }

    void sendJson(int status, JsonNode body) {
        send(status, JSON, Jsons.write(body));
    }

    void sendNoContent() {
        res.status(204);
        res.send();
    }
}
