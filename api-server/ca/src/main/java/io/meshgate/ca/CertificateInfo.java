package io.meshgate.ca;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/**
 * What a certificate says, for display and checks: subject and issuer (RFC 2253), the subject
 * alternative names (DNS names, URIs, IP addresses and e-mail addresses as plain values), the
 * validity window, the serial number (upper-case hex) and whether it is a CA.
 */
public record CertificateInfo(String subject, String issuer, List<String> subjectAltNames, Instant notBefore,
                              Instant notAfter, String serial, boolean certificateAuthority) {
    public CertificateInfo {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuer, "issuer");
        subjectAltNames = List.copyOf(subjectAltNames);
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(serial, "serial");
    }

    /**
     * The first certificate of a PEM text (a chain's leaf).
     *
     * @throws IllegalArgumentException when the text holds no readable certificate
     */
    public static CertificateInfo parse(String pem) {
        return of(Pems.certificates(pem).get(0));
    }

    /** The information of an already decoded certificate. */
    public static CertificateInfo of(X509Certificate certificate) {
        return new CertificateInfo(
                certificate.getSubjectX500Principal().getName(X500Principal.RFC2253),
                certificate.getIssuerX500Principal().getName(X500Principal.RFC2253),
                subjectAltNames(certificate),
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(),
                certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT),
                certificate.getBasicConstraints() >= 0);
    }

    private static List<String> subjectAltNames(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("unreadable subject alternative names: " + e.getMessage(), e);
        }
        List<String> out = new ArrayList<>();
        if (names != null) {
            for (List<?> entry : names) {
                // [type, value]: value is a String for rfc822Name(1), dNSName(2), URI(6) and iPAddress(7)
                if (entry.size() == 2 && entry.get(1) instanceof String value) {
                    out.add(value);
                }
            }
        }
        return out;
    }
}
