package io.meshgate.kernel.testing;

import io.meshgate.config.ClientValidation;
import io.meshgate.config.PrivateKeyPem;
import io.meshgate.config.ServerCertificate;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;

/** Throwaway PKI for the end-to-end tests: EC P-256 CAs, server certificates (wildcards too), client certificates. */
public final class TestCerts {
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final Instant NOW = Instant.now();

    private TestCerts() {}

    public static X509Bundle rootCa(String cn) {
        return build(new CertificateBuilder().subject("CN=" + cn).setIsCertificateAuthority(true), null);
    }

    /** A serverAuth certificate for {@code dnsNames} (CN = the first); wildcard names and IPv4 addresses are allowed. */
    public static X509Bundle server(X509Bundle issuer, String... dnsNames) {
        CertificateBuilder b = new CertificateBuilder().subject("CN=" + dnsNames[0]).addExtendedKeyUsageServerAuth();
        // SAN encoded by hand: the builder's addSanDnsName refuses wildcard names
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        for (String name : dnsNames) {
            if (name.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
                byte[] ip = new byte[4];
                String[] parts = name.split("\\.");
                for (int i = 0; i < 4; i++) {
                    ip[i] = (byte) Integer.parseInt(parts[i]);
                }
                names.writeBytes(tlv(0x87, ip)); // [7] IMPLICIT OCTET STRING iPAddress
            } else {
                names.writeBytes(tlv(0x82, name.getBytes(StandardCharsets.US_ASCII))); // [2] IMPLICIT IA5String
            }
        }
        b.addExtensionOctetString(SUBJECT_ALT_NAME, false, tlv(0x30, names.toByteArray()));
        return build(b, issuer);
    }

    public static X509Bundle client(X509Bundle issuer, String cn) {
        return build(new CertificateBuilder().subject("CN=" + cn).addExtendedKeyUsageClientAuth(), issuer);
    }

    /**
     * A mesh workload certificate: server and client authentication, the principal (e.g.
     * {@code bookbuyer.bookbuyer.cluster.local}) as its one DNS SAN.
     */
    public static X509Bundle workload(X509Bundle issuer, String principal) {
        return build(new CertificateBuilder().subject("CN=" + principal).addSanDnsName(principal)
                .addExtendedKeyUsageServerAuth().addExtendedKeyUsageClientAuth(), issuer);
    }

    /** The listener's config record for {@code bundle}. */
    public static ServerCertificate serverCertificate(X509Bundle bundle, ClientValidation validation, String... names) {
        return new ServerCertificate(List.of(names), bundle.getCertificatePathPEM(),
                PrivateKeyPem.of(bundle.getPrivateKeyPEM()), validation);
    }

    /** A client SSLContext trusting {@code trustedCa}, presenting {@code clientCert} when not null. */
    public static SSLContext clientContext(X509Bundle trustedCa, X509Bundle clientCert) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            KeyManager[] keys = clientCert == null ? null : clientCert.toKeyManagerFactory().getKeyManagers();
            ctx.init(keys, trustedCa.toTrustManagerFactory().getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The subject CN of a peer certificate. */
    public static String commonName(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName().replaceFirst("^CN=", "").replaceFirst(",.*$", "");
    }

    private static X509Bundle build(CertificateBuilder b, X509Bundle issuer) {
        b.ecp256().notBefore(NOW.minus(Duration.ofHours(1))).notAfter(NOW.plus(Duration.ofDays(1)));
        try {
            return issuer == null ? b.buildSelfSigned() : b.buildIssuedBy(issuer);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = value.length;
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len & 0xff);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
