package io.meshgate.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The admin API's TLS flags.
 *
 * @param mode                   {@code --api-tls} (auto)
 * @param insecureAllowPlaintext {@code --insecure-allow-plaintext}: allow {@code off} beyond loopback
 * @param certFile               {@code --api-tls-cert}: PEM chain to serve instead of one from the mesh CA
 * @param keyFile                {@code --api-tls-key}: its PEM private key (both or neither)
 * @param extraNames             more names or addresses the mesh-CA certificate must cover (e.g. a
 *                               public address clients dial)
 */
public record ApiTlsOptions(ApiTlsMode mode, boolean insecureAllowPlaintext, Path certFile, Path keyFile,
                            List<String> extraNames) {

    public ApiTlsOptions {
        Objects.requireNonNull(mode, "mode");
        extraNames = extraNames == null ? List.of() : List.copyOf(extraNames);
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("--api-tls-cert and --api-tls-key go together");
        }
        if (certFile != null && mode == ApiTlsMode.OFF) {
            throw new IllegalArgumentException("--api-tls-cert/--api-tls-key make no sense with --api-tls off");
        }
    }

    /** {@code auto}: TLS beyond loopback, with a certificate from the mesh CA. */
    public static ApiTlsOptions auto() {
        return new ApiTlsOptions(ApiTlsMode.AUTO, false, null, null, List.of());
    }

    public ApiTlsOptions withMode(ApiTlsMode value) {
        return new ApiTlsOptions(value, insecureAllowPlaintext, certFile, keyFile, extraNames);
    }
}
