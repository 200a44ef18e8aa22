package io.meshgate.console.certs;

import java.io.ByteArrayInputStream;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * Everything the Secrets screen shows of one certificate: full subject and issuer names, every
 * subject alternative name (DNS, IP, URI, e-mail) and validity. Read with the JDK's
 * {@link CertificateFactory}; the key material never leaves the API's answer.
 *
 * @param subject   the subject DN (RFC 2253)
 * @param issuer    the issuer DN (RFC 2253)
 * @param sans      alternative names as {@code DNS:a.example}, {@code IP:10.0.0.1}, {@code URI:...}, {@code email:...}
 * @param notBefore start of validity
 * @param notAfter  end of validity
 * @param ca        whether it is a CA certificate (basic constraints)
 */
public record CertificateDetails(String subject, String issuer, List<String> sans, Instant notBefore,
                                 Instant notAfter, boolean ca) {
    public CertificateDetails {
        sans = List.copyOf(sans);
    }

    /**
     * Every certificate of a Secret data value (base64 of a PEM bundle), in order; empty when the
     * value is no certificate (or redacted, as viewers see Secret data).
     */
    public static List<CertificateDetails> fromSecretValue(String base64Pem) {
        if (base64Pem == null || base64Pem.isBlank()) {
            return List.of();
        }
        byte[] pem;
        try {
            pem = Base64.getMimeDecoder().decode(base64Pem);
        } catch (IllegalArgumentException notBase64) {
            return List.of();
        }
        try {
            Collection<? extends Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem));
            List<CertificateDetails> out = new ArrayList<>();
            for (Certificate c : chain) {
                if (c instanceof X509Certificate x) {
                    out.add(of(x));
                }
            }
            return out;
        } catch (CertificateException notACertificate) {
            return List.of();
        }
    }

    static CertificateDetails of(X509Certificate cert) {
        return new CertificateDetails(cert.getSubjectX500Principal().getName(X500Principal.RFC2253),
                cert.getIssuerX500Principal().getName(X500Principal.RFC2253), alternativeNames(cert),
                cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant(), cert.getBasicConstraints() >= 0);
    }

    /** The urgency of renewing this certificate at {@code now}. */
    public ExpiryLevel level(Instant now) {
        return ExpiryLevel.of(notBefore, notAfter, now);
    }

    public boolean selfSigned() {
        return subject.equals(issuer);
    }

    private static List<String> alternativeNames(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans == null) {
                return names;
            }
            for (List<?> san : sans) {
                if (san.size() < 2 || !(san.get(0) instanceof Integer type)) {
                    continue;
                }
                String prefix = switch (type) {
                    case 1 -> "email:";
                    case 2 -> "DNS:";
                    case 6 -> "URI:";
                    case 7 -> "IP:";
                    default -> null;
                };
                if (prefix != null) {
                    names.add(prefix + san.get(1));
                }
            }
        } catch (CertificateParsingException e) {
            // a certificate with unreadable SANs still has names and validity worth showing
        }
        return names;
    }
}
