package io.meshgate.sidecar.translator.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.config.CircuitBreaker;
import io.meshgate.config.ConnectionLimits;
import io.meshgate.resources.Resource;
import io.meshgate.resources.schema.Formats;
import java.time.Duration;

/**
 * What the proxy makes of one UpstreamTrafficSetting's {@code spec.connectionSettings}: FSM's circuit breaker
 * ({@code http.circuitBreaking}), Envoy's limits ({@code tcp.maxConnections}, {@code http.maxRequests},
 * {@code http.maxPendingRequests}, {@code http.maxRequestsPerConnection}, {@code http.maxRetries}; 0 or absent:
 * no limit; values above 2^31-1 are no limit either) and the connect timeout ({@code tcp.connectTimeout}).
 *
 * @param circuitBreaker null when the setting has none
 * @param limits         null when no limit is set
 * @param connectTimeout null when the setting names none (the cluster's default stays)
 */
record ConnectionSettings(CircuitBreaker circuitBreaker, ConnectionLimits limits, Duration connectTimeout) {

    static final String PATH = "spec.connectionSettings";

    boolean empty() {
        return circuitBreaker == null && limits == null && connectTimeout == null;
    }

    /**
     * The settings of {@code setting}.
     *
     * @throws IllegalArgumentException naming the field (its path) that cannot be applied
     */
    static ConnectionSettings of(Resource setting) {
        JsonNode connection = setting.spec().path("connectionSettings");
        JsonNode tcp = connection.path("tcp");
        JsonNode http = connection.path("http");
        ConnectionLimits limits = new ConnectionLimits(count(tcp, "maxConnections", PATH + ".tcp"),
                count(http, "maxRequests", PATH + ".http"), count(http, "maxPendingRequests", PATH + ".http"),
                count(http, "maxRequestsPerConnection", PATH + ".http"), count(http, "maxRetries", PATH + ".http"));
        Duration connectTimeout = duration(tcp, "connectTimeout", PATH + ".tcp");
        if (connectTimeout != null && connectTimeout.isZero()) {
            throw new IllegalArgumentException(PATH + ".tcp.connectTimeout: must be more than 0");
        }
        JsonNode breaking = http.path("circuitBreaking");
        CircuitBreaker breaker = breaking.isObject() ? breaker(breaking) : null;
        return new ConnectionSettings(breaker, limits.none() ? null : limits, connectTimeout);
    }

    private static CircuitBreaker breaker(JsonNode cb) {
        String path = PATH + ".http.circuitBreaking";
        try {
            return new CircuitBreaker(duration(cb, "statTimeWindow", path), count(cb, "minRequestAmount", path),
                    duration(cb, "slowTimeThreshold", path), count(cb, "slowAmountThreshold", path),
                    ratio(cb, "slowRatioThreshold", path), count(cb, "errorAmountThreshold", path),
                    ratio(cb, "errorRatioThreshold", path), duration(cb, "degradedTimeWindow", path),
                    cb.path("degradedStatusCode").asInt(0),
                    cb.path("degradedResponseContent").isTextual() ? cb.path("degradedResponseContent").asText() : null);
        } catch (IllegalArgumentException e) {
            // the record names its field as circuitBreaker.<field>: say where it is in the resource
            throw new IllegalArgumentException(e.getMessage().startsWith("circuitBreaker")
                    ? path + e.getMessage().substring("circuitBreaker".length()) : path + ": " + e.getMessage(), e);
        }
    }

    private static int count(JsonNode parent, String field, String path) {
        JsonNode value = parent.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber() || value.longValue() < 0) {
            throw new IllegalArgumentException(path + "." + field + ": must be a whole number 0 or more, got " + value);
        }
        return (int) Math.min(Integer.MAX_VALUE, value.longValue());
    }

    private static double ratio(JsonNode parent, String field, String path) {
        JsonNode value = parent.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return 0;
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException(path + "." + field + ": must be a number 0..1, got " + value);
        }
        return value.doubleValue();
    }

    private static Duration duration(JsonNode parent, String field, String path) {
        JsonNode value = parent.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        try {
            return Formats.parseDuration(value.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + "." + field + ": " + e.getMessage(), e);
        }
    }
}
