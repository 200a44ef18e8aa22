package io.meshgate.config;

import java.time.Duration;

/**
 * Limits and protocol switches of an HTTP listener. Defaults follow nginx/Envoy edge guidance:
 * request line 8 KiB (414 beyond), header block 32 KiB (431 beyond), body 1 GiB streamed (413 beyond
 * a declared Content-Length or once the streamed count passes it), a 30 s total deadline to receive
 * the request head (slowloris), counted from accept (before HTTP/2 detection too), 75 s keep-alive idle
 * (on HTTP/2: with no stream open), 100 concurrent HTTP/2 streams, 16384 open connections, and a
 * response stream with no progress either way for 5 min (Envoy's {@code stream_idle_timeout}) reset.
 *
 * @param trustForwardedHeaders keep client-sent {@code X-Forwarded-*} and append to them; off by
 *                              default: the proxy then overwrites them with what it saw itself
 * @param mergeSlashes          collapse {@code //} in paths before matching and forwarding
 * @param maxConnections        open client connections per listener; the next one is closed at once
 *                              (null: {@value #DEFAULT_MAX_CONNECTIONS}; nginx caps per worker, Envoy
 *                              has no default cap, which leaves a flood to the file-descriptor limit)
 * @param streamIdleTimeout     once the response head arrived, a response whose body makes no
 *                              progress (no bytes read from the upstream, which stops while the client
 *                              does not read) for this long is cut: both sides reset, the upstream
 *                              connection closed (null: {@link #DEFAULT_STREAM_IDLE_TIMEOUT})
 */
public record HttpSettings(
        int maxInitialLineLength,
        int maxHeaderSize,
        long maxRequestBodyBytes,
        Duration requestHeaderTimeout,
        Duration idleTimeout,
        boolean http2,
        int maxConcurrentStreams,
        boolean trustForwardedHeaders,
        boolean mergeSlashes,
        Integer maxConnections,
        Duration streamIdleTimeout) {

    public static final int DEFAULT_MAX_CONNECTIONS = 16384;
    public static final Duration DEFAULT_STREAM_IDLE_TIMEOUT = Duration.ofMinutes(5);

    /**
     * The defaults. The two later limits stay null here (meaning their default) so that configs
     * written before they existed serialise exactly as before.
     */
    public static final HttpSettings DEFAULTS = new HttpSettings(
            8 * 1024, 32 * 1024, 1L << 30, Duration.ofSeconds(30), Duration.ofSeconds(75), true, 100, false, true);

    /** Settings with the connection cap and stream idle timeout at their defaults. */
    public HttpSettings(int maxInitialLineLength, int maxHeaderSize, long maxRequestBodyBytes,
                        Duration requestHeaderTimeout, Duration idleTimeout, boolean http2, int maxConcurrentStreams,
                        boolean trustForwardedHeaders, boolean mergeSlashes) {
        this(maxInitialLineLength, maxHeaderSize, maxRequestBodyBytes, requestHeaderTimeout, idleTimeout, http2,
                maxConcurrentStreams, trustForwardedHeaders, mergeSlashes, null, null);
    }

    public HttpSettings {
        if (maxInitialLineLength < 256) {
            throw new IllegalArgumentException("maxInitialLineLength must be >= 256");
        }
        if (maxHeaderSize < 1024) {
            throw new IllegalArgumentException("maxHeaderSize must be >= 1024");
        }
        if (maxRequestBodyBytes < 0) {
            throw new IllegalArgumentException("maxRequestBodyBytes must be >= 0");
        }
        if (maxConcurrentStreams < 1) {
            throw new IllegalArgumentException("maxConcurrentStreams must be >= 1");
        }
        if (maxConnections != null && maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be >= 1");
        }
        if (streamIdleTimeout != null && (streamIdleTimeout.isNegative() || streamIdleTimeout.isZero())) {
            throw new IllegalArgumentException("streamIdleTimeout must be positive");
        }
        requestHeaderTimeout = requestHeaderTimeout == null ? DEFAULTS.requestHeaderTimeout() : requestHeaderTimeout;
        idleTimeout = idleTimeout == null ? DEFAULTS.idleTimeout() : idleTimeout;
    }

    /** The connection cap in force: {@link #maxConnections()} or its default. */
    public int connectionLimit() {
        return maxConnections == null ? DEFAULT_MAX_CONNECTIONS : maxConnections;
    }

    /** The stream idle timeout in force: {@link #streamIdleTimeout()} or its default. */
    public Duration streamIdleLimit() {
        return streamIdleTimeout == null ? DEFAULT_STREAM_IDLE_TIMEOUT : streamIdleTimeout;
    }

    public HttpSettings withMaxRequestBodyBytes(long bytes) {
        return new HttpSettings(maxInitialLineLength, maxHeaderSize, bytes, requestHeaderTimeout,
                idleTimeout, http2, maxConcurrentStreams, trustForwardedHeaders, mergeSlashes, maxConnections,
                streamIdleTimeout);
    }

    public HttpSettings withTimeouts(Duration requestHeader, Duration idle, Duration streamIdle) {
        return new HttpSettings(maxInitialLineLength, maxHeaderSize, maxRequestBodyBytes, requestHeader,
                idle, http2, maxConcurrentStreams, trustForwardedHeaders, mergeSlashes, maxConnections, streamIdle);
    }

    public HttpSettings withMaxConnections(int connections) {
        return new HttpSettings(maxInitialLineLength, maxHeaderSize, maxRequestBodyBytes, requestHeaderTimeout,
                idleTimeout, http2, maxConcurrentStreams, trustForwardedHeaders, mergeSlashes, connections,
                streamIdleTimeout);
    }
}
