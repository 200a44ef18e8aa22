package io.meshgate.sidecar.translator.ratelimit;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.config.LocalRateLimit;
import io.meshgate.config.TokenBucketSettings;
import io.meshgate.resources.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rate-limit part of one UpstreamTrafficSetting, read from its spec (the resource validator has
 * checked the fields: rates at least 1, a known unit, burst not negative, status 400..599).
 *
 * @param tcp    {@code rateLimit.local.tcp}, or null
 * @param http   {@code rateLimit.local.http}, or null
 * @param routes {@code httpRoutes[]} entries with a {@code rateLimit.local}, in spec order
 */
public record RateLimitSpec(TokenBucketSettings tcp, HttpLimit http, List<RouteLimit> routes) {

    /** An HTTP limit: the bucket, and the answer of a limited request. */
    record HttpLimit(TokenBucketSettings tokens, int responseStatusCode, Map<String, String> responseHeadersToAdd) {
        LocalRateLimit filter(String bucket, LocalRateLimit.Scope scope) {
            return new LocalRateLimit(bucket, scope, tokens, responseStatusCode, responseHeadersToAdd);
        }
    }

    /** One {@code httpRoutes[]} entry: FSM's route path (an RE2 expression, compared as text) and its limit. */
    record RouteLimit(String path, HttpLimit limit) {}

    boolean isEmpty() {
        return tcp == null && http == null && routes.isEmpty();
    }

    /**
     * @throws IllegalArgumentException naming the field, for what the validator should have refused
     *                                  (a policy stored before it checked rate limits)
     */
    public static RateLimitSpec of(Resource setting) {
        JsonNode spec = setting.spec();
        JsonNode local = spec.path("rateLimit").path("local");
        TokenBucketSettings tcp = local.has("tcp")
                ? bucket(local.path("tcp"), "connections", "spec.rateLimit.local.tcp") : null;
        HttpLimit http = local.has("http") ? http(local.path("http"), "spec.rateLimit.local.http") : null;
        List<RouteLimit> routes = new ArrayList<>();
        int i = 0;
        for (JsonNode route : spec.path("httpRoutes")) {
            JsonNode limit = route.path("rateLimit").path("local");
            if (!limit.isMissingNode() && !limit.isNull()) {
                routes.add(new RouteLimit(route.path("path").asText(""),
                        http(limit, "spec.httpRoutes[" + i + "].rateLimit.local")));
            }
            i++;
        }
        return new RateLimitSpec(tcp, http, List.copyOf(routes));
    }

    private static HttpLimit http(JsonNode node, String path) {
        TokenBucketSettings tokens = bucket(node, "requests", path);
        int status = node.path("responseStatusCode").asInt(0);
        status = status == 0 ? LocalRateLimit.DEFAULT_STATUS : status;
        Map<String, String> headers = new LinkedHashMap<>();
        for (JsonNode header : node.path("responseHeadersToAdd")) {
            headers.put(header.path("name").asText(), header.path("value").asText());
        }
        return new HttpLimit(tokens, status, headers);
    }

    private static TokenBucketSettings bucket(JsonNode node, String rateField, String path) {
        long rate = node.path(rateField).asLong(0);
        if (rate < 1) {
            throw new IllegalArgumentException(path + "." + rateField + " must be at least 1, got " + node.path(rateField));
        }
        long burst = node.path("burst").asLong(0);
        if (burst < 0) {
            throw new IllegalArgumentException(path + ".burst must not be negative, got " + burst);
        }
        // FSM's fields are uint32; a bucket holds at most 2^31-1 tokens, which no unit can tell apart
        return new TokenBucketSettings((int) Math.min(rate, Integer.MAX_VALUE), unit(node.path("unit").asText(""), path),
                (int) Math.min(burst, Integer.MAX_VALUE));
    }

    static Duration unit(String unit, String path) {
        return switch (unit) {
            case "second" -> Duration.ofSeconds(1);
            case "minute" -> Duration.ofMinutes(1);
            case "hour" -> Duration.ofHours(1);
            default -> throw new IllegalArgumentException(path + ".unit must be second, minute or hour, got '" + unit + "'");
        };
    }
}
