package io.meshgate.kernel.tls;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of {@link TlsDispatchHandler}.
 *
 * @param clientHelloTimeout     time from accept until the ClientHello is complete and, for
 *                               passthrough, the upstream is connected; the connection is closed after
 * @param handshakeTimeout       time for the TLS handshake once the ClientHello is in
 * @param maxClientHelloLength   a larger ClientHello closes the connection (real ones, even with
 *                               post-quantum key shares, are 2 KiB or less)
 * @param passthroughIdleTimeout a relayed connection with no bytes either way for this long is closed
 */
public record TlsDispatchSettings(Duration clientHelloTimeout, Duration handshakeTimeout, int maxClientHelloLength,
                                  Duration passthroughIdleTimeout) {

    /** 10 s to send the ClientHello, 10 s for the handshake, 16 KiB ClientHello, 1 h passthrough idle. */
    public static final TlsDispatchSettings DEFAULTS =
            new TlsDispatchSettings(Duration.ofSeconds(10), Duration.ofSeconds(10), 16 * 1024, Duration.ofHours(1));

    public TlsDispatchSettings {
        requirePositive(clientHelloTimeout, "clientHelloTimeout");
        requirePositive(handshakeTimeout, "handshakeTimeout");
        requirePositive(passthroughIdleTimeout, "passthroughIdleTimeout");
        if (maxClientHelloLength < 512) {
            throw new IllegalArgumentException("maxClientHelloLength must be >= 512");
        }
    }

    private static void requirePositive(Duration d, String field) {
        Objects.requireNonNull(d, field + " is required");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " must be positive");
        }
    }
}
