package io.meshgate.config;

import java.util.List;

/**
 * Server certificates of a TLS-terminating listener. The certificate is chosen by SNI: an exact
 * server name first, then a {@code *.suffix} wildcard, then {@code defaultCertificate} (or the first
 * certificate when that is null). Protocols are fixed to TLS 1.2 and 1.3 with ECDHE and AEAD suites.
 */
public record DownstreamTls(List<ServerCertificate> certificates, ServerCertificate defaultCertificate) {
    public DownstreamTls {
        certificates = Checks.list(certificates);
        if (certificates.isEmpty() && defaultCertificate == null) {
            throw new IllegalArgumentException("tls needs at least one certificate");
        }
    }

    public ServerCertificate effectiveDefault() {
        return defaultCertificate != null ? defaultCertificate : certificates.getFirst();
    }
}
