package io.meshgate.kernel.tls;

import io.meshgate.config.pem.Der;
import io.meshgate.config.ClientValidation;
import io.meshgate.config.PrivateKeyPem;
import io.meshgate.config.ServerCertificate;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Throwaway PKI for the TLS tests (EC P-256 keys: fast to generate). */
final class TestPki {
    private static final Instant NOW = Instant.now();
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";

    private TestPki() {}

    static X509Bundle rootCa(String cn) {
        return build(new CertificateBuilder().subject("CN=" + cn).setIsCertificateAuthority(true), null);
    }

    static X509Bundle intermediateCa(X509Bundle issuer, String cn) {
        return build(new CertificateBuilder().subject("CN=" + cn).setIsCertificateAuthority(true), issuer);
    }

    /** A server certificate for the names (CN = the first name), serverAuth EKU. */
    static X509Bundle server(X509Bundle issuer, String... dnsNames) {
        CertificateBuilder b = new CertificateBuilder().subject("CN=" + dnsNames[0]).addExtendedKeyUsageServerAuth();
        // encoded by hand: the builder's addSanDnsName cannot take wildcard names
        byte[][] names = new byte[dnsNames.length][];
        for (int i = 0; i < dnsNames.length; i++) {
            names[i] = Der.tlv(0x82, dnsNames[i].getBytes(StandardCharsets.US_ASCII)); // [2] IMPLICIT IA5String
        }
        b.addExtensionOctetString(SUBJECT_ALT_NAME, false, Der.tlv(Der.SEQUENCE, names));
        return build(b, issuer);
    }

    /** A client certificate with clientAuth EKU. */
    static X509Bundle client(X509Bundle issuer, String cn) {
        return build(new CertificateBuilder().subject("CN=" + cn).addExtendedKeyUsageClientAuth(), issuer);
    }

    /** A builder for special cases (dates, usages); valid for a day from an hour ago unless changed. */
    static CertificateBuilder builder(String cn) {
        return new CertificateBuilder().subject("CN=" + cn).ecp256()
                .notBefore(NOW.minus(Duration.ofHours(1))).notAfter(NOW.plus(Duration.ofDays(1)));
    }

    static X509Bundle issue(CertificateBuilder builder, X509Bundle issuer) {
        try {
            return issuer == null ? builder.buildSelfSigned() : builder.buildIssuedBy(issuer);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Instant now() {
        return NOW;
    }

    /** The config record for a bundle: its chain without the root, its key, optional client validation. */
    static ServerCertificate serverCertificate(X509Bundle bundle, ClientValidation validation, String... names) {
        return new ServerCertificate(List.of(names), bundle.getCertificatePathPEM(),
                PrivateKeyPem.of(bundle.getPrivateKeyPEM()), validation);
    }

    /** Client validation trusting this CA. */
    static ClientValidation trusting(X509Bundle ca, int maxDepth, boolean required) {
        return new ClientValidation(ca.getRootCertificatePEM(), maxDepth, required);
    }

    private static X509Bundle build(CertificateBuilder b, X509Bundle issuer) {
        b.ecp256().notBefore(NOW.minus(Duration.ofHours(1))).notAfter(NOW.plus(Duration.ofDays(1)));
        return issue(b, issuer);
    }
}
