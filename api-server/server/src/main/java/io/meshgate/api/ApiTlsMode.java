package io.meshgate.api;

import java.util.Locale;

/** {@code --api-tls} / {@code MESHGATE_API_TLS}: whether the admin API serves HTTPS. */
public enum ApiTlsMode {
    /** HTTPS unless the API is bound to a loopback address (the default). */
    AUTO,
    /** Always HTTPS, loopback included. */
    ON,
    /** Plain HTTP; beyond loopback only with {@code --insecure-allow-plaintext}. */
    OFF;

    /** Parses {@code auto}, {@code on} or {@code off} (any case). */
    public static ApiTlsMode parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--api-tls must be auto, on or off, got '" + value + "'");
        }
    }
}
