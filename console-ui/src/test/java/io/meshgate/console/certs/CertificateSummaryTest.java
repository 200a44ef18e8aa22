package io.meshgate.console.certs;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading a Secret's tls.crt and judging its expiry relative to its lifetime. */
class CertificateSummaryTest {
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    static String secretValue(Instant notBefore, Instant notAfter) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        KeyPair keys = g.generateKeyPair();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=Test CA,O=Meshgate"),
                BigInteger.ONE, Date.from(notBefore), Date.from(notAfter), new X500Name("CN=web.example.com"),
                keys.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "web.example.com"),
                new GeneralName(GeneralName.dNSName, "*.web.example.com")}));
        X509CertificateHolder cert = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void readsSubjectIssuerNamesAndValidity() throws Exception {
        CertificateSummary c = CertificateSummary.fromSecretValue(
                secretValue(NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(80)))).orElseThrow();
        assertThat(c.subject()).isEqualTo("web.example.com");
        assertThat(c.issuer()).isEqualTo("Test CA");
        assertThat(c.dnsNames()).containsExactly("web.example.com", "*.web.example.com");
        assertThat(c.remaining(NOW)).isEqualTo(Duration.ofDays(80));
    }

    @Test
    void expiryIsRelativeToTheLifetime() throws Exception {
        // the Secrets screen's rule (ExpiryLevel): WARNING under 30 % of the lifetime left, CRITICAL
        // under 10 % or 24 h. 90-day certificate: OK with 60 days left, WARNING with 26, CRITICAL with 8
        assertThat(level(90, 60)).isEqualTo(CertificateSummary.Expiry.OK);
        assertThat(level(90, 28)).isEqualTo(CertificateSummary.Expiry.OK);
        assertThat(level(90, 26)).isEqualTo(CertificateSummary.Expiry.WARNING);
        assertThat(level(90, 8)).isEqualTo(CertificateSummary.Expiry.CRITICAL);
        assertThat(level(90, -1)).isEqualTo(CertificateSummary.Expiry.EXPIRED);
        // a 7-day certificate with 4 days left is in normal use, not "expiring soon"
        assertThat(level(7, 4)).isEqualTo(CertificateSummary.Expiry.OK);
        assertThat(level(7, 2)).isEqualTo(CertificateSummary.Expiry.WARNING);
    }

    @Test
    void redactedOrGarbageValuesAreNotCertificates() {
        assertThat(CertificateSummary.fromSecretValue("[redacted]")).isEmpty();
        assertThat(CertificateSummary.fromSecretValue(Base64.getEncoder().encodeToString("nope".getBytes()))).isEmpty();
        assertThat(CertificateSummary.fromSecretValue(null)).isEmpty();
    }

    private static CertificateSummary.Expiry level(int lifetimeDays, int daysLeft) throws Exception {
        Instant notAfter = NOW.plus(Duration.ofDays(daysLeft));
        return CertificateSummary.fromSecretValue(secretValue(notAfter.minus(Duration.ofDays(lifetimeDays)), notAfter))
                .orElseThrow().expiry(NOW);
    }
}
