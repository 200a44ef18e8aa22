package io.meshgate.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Limits the rate of the requests a route takes (FSM's {@code UpstreamTrafficSetting} HTTP local rate
 * limits, Envoy's {@code http_local_ratelimit}): a request that finds the token bucket empty is answered
 * at once with {@code responseStatusCode} and {@code responseHeadersToAdd}, and never goes upstream.
 * JSON type {@code rateLimit}.
 *
 * <p>The kernel keeps one bucket per {@code bucket} name and settings, shared by every route whose
 * filter names it and by all event loops: a Service's limit ({@link Scope#VIRTUAL_HOST}) is the same
 * filter on every route of its virtual host, so the routes draw from one bucket. A route can carry a
 * virtual-host limit and a route limit; they run in config order (the translator puts the virtual
 * host's first, as FSM's {@code inbound-throttle-service} runs before {@code inbound-throttle-route}),
 * and a request refused by the first takes no token of the second.
 *
 * @param bucket                the bucket's name, unique per proxy (the translator uses
 *                              {@code <listener>/<rule>/<virtual host>[/<route>]})
 * @param scope                 what the limit covers, for the stats detail; null = {@code VIRTUAL_HOST}
 * @param tokens                the token bucket
 * @param responseStatusCode    the status of a limited request: 400..599; 0 = 429 (Too Many Requests)
 * @param responseHeadersToAdd  extra headers of a limited request's answer (FSM's {@code responseHeadersToAdd})
 */
public record LocalRateLimit(String bucket, Scope scope, TokenBucketSettings tokens, int responseStatusCode,
                             Map<String, String> responseHeadersToAdd) implements FilterConfig {

    public static final int DEFAULT_STATUS = 429;

    /** FSM's two HTTP throttles: a Service's (all its routes) and one route's. */
    public enum Scope { VIRTUAL_HOST, ROUTE }

    public LocalRateLimit {
        Checks.name(bucket, "rateLimit.bucket");
        scope = scope == null ? Scope.VIRTUAL_HOST : scope;
        Objects.requireNonNull(tokens, "rateLimit.tokens is required");
        responseStatusCode = responseStatusCode == 0 ? DEFAULT_STATUS : responseStatusCode;
        if (responseStatusCode < 400 || responseStatusCode > 599) {
            throw new IllegalArgumentException("rateLimit.responseStatusCode must be 400..599, got " + responseStatusCode);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (responseHeadersToAdd != null) {
            responseHeadersToAdd.forEach((name, value) -> {
                HeaderNames.requireToken(name);
                HeaderNames.requireSafeValue(name, value);
                headers.put(name, value);
            });
        }
        responseHeadersToAdd = java.util.Collections.unmodifiableMap(headers);
    }

    @Override
    public String type() {
        return "rateLimit";
    }
}
