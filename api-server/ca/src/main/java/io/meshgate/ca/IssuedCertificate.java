package io.meshgate.ca;

import java.time.Instant;
import java.util.Objects;

/**
 * A certificate issued with a fresh key pair, all as PEM text.
 *
 * @param certPem   the leaf certificate
 * @param keyPem    its private key (PKCS#8, {@code BEGIN PRIVATE KEY}); handle as a secret
 * @param caPem     the CA certificate that signed it (what peers trust)
 * @param notBefore start of validity
 * @param notAfter  end of validity
 */
public record IssuedCertificate(String certPem, String keyPem, String caPem, Instant notBefore, Instant notAfter) {
    public IssuedCertificate {
        Objects.requireNonNull(certPem, "certPem");
        Objects.requireNonNull(keyPem, "keyPem");
        Objects.requireNonNull(caPem, "caPem");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
    }

    /** Never prints the private key (records would otherwise put it into logs and exception messages). */
    @Override
    public String toString() {
        return "IssuedCertificate[notBefore=" + notBefore + ", notAfter=" + notAfter + ", keyPem=[redacted]]";
    }
}
