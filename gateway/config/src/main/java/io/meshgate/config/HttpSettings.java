package io.meshgate.config;

import java.time.Duration;

/**
 * Limits and protocol switches of an HTTP listener. Defaults follow nginx/Envoy edge guidance:
 * request line 8 KiB (414 beyond), header block 32 KiB (431 beyond), body 1 GiB streamed (413 beyond
 * a declared Content-Length or once the streamed count passes it), a 30 s total deadline to receive
 * the request head (slowloris), 75 s keep-alive idle, 100 concurrent HTTP/2 streams.
 *
 * @param trustForwardedHeaders keep client-sent {@code X-Forwarded-*} and append to them; off by
 *                              default: the proxy then overwrites them with what it saw itself
 * @param mergeSlashes          collapse {@code //} in paths before matching and forwarding
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
        boolean mergeSlashes) {

    public static final HttpSettings DEFAULTS = new HttpSettings(
            8 * 1024, 32 * 1024, 1L << 30, Duration.ofSeconds(30), Duration.ofSeconds(75), true, 100, false, true);

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
        requestHeaderTimeout = requestHeaderTimeout == null ? DEFAULTS.requestHeaderTimeout() : requestHeaderTimeout;
        idleTimeout = idleTimeout == null ? DEFAULTS.idleTimeout() : idleTimeout;
    }

    public HttpSettings withMaxRequestBodyBytes(long bytes) {
        return new HttpSettings(maxInitialLineLength, maxHeaderSize, bytes, requestHeaderTimeout,
                idleTimeout, http2, maxConcurrentStreams, trustForwardedHeaders, mergeSlashes);
    }
}
