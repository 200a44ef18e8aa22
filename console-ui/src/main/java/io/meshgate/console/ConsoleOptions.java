package io.meshgate.console;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of {@link ConsoleServer}.
 *
 * @param bind       address to listen on, e.g. {@code 127.0.0.1}
 * @param port       port (0 = any free port)
 * @param apiBaseUrl the admin API the console calls for every user action, e.g. {@code http://127.0.0.1:9091}
 * @param apiCaFile  PEM CA certificate(s) to trust for an {@code https} API (the mesh CA's {@code ca.crt});
 *                   null = the JDK's default trust store
 */
public record ConsoleOptions(String bind, int port, URI apiBaseUrl, Path apiCaFile) {
    public ConsoleOptions {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
    }

    /** An API served over plain HTTP, or with a certificate the JDK trusts. */
    public ConsoleOptions(String bind, int port, URI apiBaseUrl) {
        this(bind, port, apiBaseUrl, null);
    }
}
