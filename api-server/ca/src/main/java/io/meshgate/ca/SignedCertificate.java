package io.meshgate.ca;

import java.util.Objects;

/**
 * A certificate signed for a certificate signing request; the requester keeps the private key.
 *
 * @param certPem the leaf certificate
 * @param caPem   the CA certificate that signed it
 * @param info    what the leaf holds (names, validity, serial)
 */
public record SignedCertificate(String certPem, String caPem, CertificateInfo info) {
    public SignedCertificate {
        Objects.requireNonNull(certPem, "certPem");
        Objects.requireNonNull(caPem, "caPem");
        Objects.requireNonNull(info, "info");
    }

    /** The leaf followed by the CA: what a TLS server sends as its chain. */
    public String chainPem() {
        return certPem + caPem;
    }
}
