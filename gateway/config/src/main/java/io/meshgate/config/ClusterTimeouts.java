package io.meshgate.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Upstream timeouts. {@code connect} covers TCP and the TLS handshake (Envoy's 5 s default);
 * {@code request} runs from sending the request until the response head arrives (504 after it);
 * {@code idle} closes pooled keep-alive connections nobody used for that long.
 */
public record ClusterTimeouts(Duration connect, Duration request, Duration idle) {
    public static final ClusterTimeouts DEFAULTS =
            new ClusterTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60));

    public ClusterTimeouts {
        Objects.requireNonNull(connect, "connect timeout is required");
        Objects.requireNonNull(request, "request timeout is required");
        Objects.requireNonNull(idle, "idle timeout is required");
    }
}
