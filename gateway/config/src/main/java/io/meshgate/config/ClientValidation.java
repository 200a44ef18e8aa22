package io.meshgate.config;

/**
 * Client-certificate verification for one SNI host (FSM's {@code tls-verify-client},
 * {@code tls-trusted-ca-secret}, {@code tls-verify-depth}).
 *
 * @param trustedCaPem one or more PEM CA certificates the client chain must lead to
 * @param maxDepth     OpenSSL semantics as in nginx: the number of intermediate CA certificates
 *                     allowed between the client certificate and the trusted CA (1 = leaf plus one
 *                     intermediate)
 * @param required     true: a connection without a valid certificate is refused in the handshake;
 *                     false: a certificate is asked for and checked when sent
 */
public record ClientValidation(String trustedCaPem, int maxDepth, boolean required) {
    public ClientValidation {
        Checks.name(trustedCaPem, "clientValidation.trustedCaPem");
        if (maxDepth < 0 || maxDepth > 100) {
            throw new IllegalArgumentException("clientValidation.maxDepth must be 0..100, got " + maxDepth);
        }
    }
}
