package io.meshgate.console.certs;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * What the console shows of a certificate: subject, issuer, names and validity, read with the
 * JDK's {@link CertificateFactory} from a Secret's {@code tls.crt} (base64 of PEM).
 *
 * @param subject   the subject's common name, or the whole DN when it has none
 * @param issuer    the issuer's common name, or the whole DN
 * @param dnsNames  the DNS subject alternative names
 * @param notBefore start of validity
 * @param notAfter  end of validity
 */
public record CertificateSummary(String subject, String issuer, List<String> dnsNames, Instant notBefore,
                                 Instant notAfter) {
    public CertificateSummary {
        dnsNames = List.copyOf(dnsNames);
    }

    /** How urgent an expiry is. */
    public enum Expiry { OK, WARNING, CRITICAL, EXPIRED }

    /**
     * The leaf (first) certificate of a PEM chain given as a Secret data value (base64 of the PEM).
     *
     * @return empty when the value is not a readable certificate (also for viewers' redacted data)
     */
    public static Optional<CertificateSummary> fromSecretValue(String base64Pem) {
        if (base64Pem == null || base64Pem.isBlank()) {
            return Optional.empty();
        }
        try {
            return fromPem(Base64.getMimeDecoder().decode(base64Pem));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    /** The leaf certificate of PEM or DER bytes. */
    public static Optional<CertificateSummary> fromPem(byte[] pem) {
        try {
            Collection<? extends java.security.cert.Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem));
            return chain.stream().findFirst().map(c -> of((X509Certificate) c));
        } catch (CertificateException e) {
            return Optional.empty();
        }
    }

    static CertificateSummary of(X509Certificate cert) {
        return new CertificateSummary(commonName(cert.getSubjectX500Principal()),
                commonName(cert.getIssuerX500Principal()), dnsNames(cert),
                cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant());
    }

    /** Time left at {@code now} (negative once expired). */
    public Duration remaining(Instant now) {
        return Duration.between(now, notAfter);
    }

    /**
     * Urgency relative to the certificate's lifetime, by the same rule as the Secrets screen
     * ({@link ExpiryLevel}), so a certificate is flagged alike everywhere in the console.
     */
    public Expiry expiry(Instant now) {
        return switch (ExpiryLevel.of(notBefore, notAfter, now)) {
            case OK -> Expiry.OK;
            case WARNING -> Expiry.WARNING;
            case DANGER -> Expiry.CRITICAL;
            case EXPIRED -> Expiry.EXPIRED;
        };
    }

    private static String commonName(X500Principal principal) {
        String dn = principal.getName(X500Principal.RFC2253);
        for (String part : dn.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
            if (part.regionMatches(true, 0, "CN=", 0, 3)) {
                return part.substring(3);
            }
        }
        return dn;
    }

    private static List<String> dnsNames(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.size() >= 2 && Integer.valueOf(2).equals(san.get(0))) {
                        names.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // a certificate with unreadable SANs still has a subject and validity worth showing
        }
        return names;
    }
}
