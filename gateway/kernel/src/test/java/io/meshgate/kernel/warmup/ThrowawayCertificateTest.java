package io.meshgate.kernel.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The warm-up's hand-written certificate is a valid, self-signed X.509 certificate the TLS stack accepts. */
class ThrowawayCertificateTest {

    @Test
    void isSelfSignedForTheWarmUpNameAndValidNow() throws Exception {
        ThrowawayCertificate made = ThrowawayCertificate.generate();
        X509Certificate certificate = made.certificate();

        certificate.verify(certificate.getPublicKey());
        certificate.checkValidity();
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=" + ThrowawayCertificate.SERVER_NAME);
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(Duration.between(Instant.now(), certificate.getNotAfter().toInstant())).isLessThanOrEqualTo(Duration.ofDays(1));
    }

    @Test
    void itsPemsReadBackAndMakeAServerContext() throws Exception {
        ThrowawayCertificate made = ThrowawayCertificate.generate();

        X509Certificate read = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(made.certificatePem().getBytes(StandardCharsets.US_ASCII)));
        assertThat(read).isEqualTo(made.certificate());
        assertThat(made.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(SslContextBuilder.forServer(made.key(), made.certificate()).build().isServer()).isTrue();
    }

    @Test
    void eachIsNew() throws Exception {
        assertThat(ThrowawayCertificate.generate().certificate().getSerialNumber())
                .isNotEqualTo(ThrowawayCertificate.generate().certificate().getSerialNumber());
    }
}
