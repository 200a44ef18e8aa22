package io.meshgate.kernel.tls;

import io.meshgate.config.pem.Pem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.DownstreamTls;
import io.meshgate.config.PrivateKeyPem;
import io.meshgate.config.ServerCertificate;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Key formats found in Kubernetes TLS secrets, read without BouncyCastle (fixtures: see the resources' README). */
class PemTest {

    @Test
    void pkcs1RsaKeyReadsAsTheSameKeyAsItsPkcs8Form() {
        PrivateKey pkcs1 = Pem.privateKey(resource("rsa-pkcs1.pem"));
        PrivateKey pkcs8 = Pem.privateKey(resource("rsa-pkcs8.pem"));
        assertThat(pkcs1.getAlgorithm()).isEqualTo("RSA");
        assertThat(pkcs1.getEncoded()).isEqualTo(pkcs8.getEncoded());
    }

    @Test
    void sec1EcKeyAfterItsParametersBlockReadsAsTheSameKeyAsItsPkcs8Form() {
        PrivateKey sec1 = Pem.privateKey(resource("ec-sec1.pem"));
        PrivateKey pkcs8 = Pem.privateKey(resource("ec-pkcs8.pem"));
        assertThat(sec1.getAlgorithm()).isEqualTo("EC");
        assertThat(((java.security.interfaces.ECPrivateKey) sec1).getS())
                .isEqualTo(((java.security.interfaces.ECPrivateKey) pkcs8).getS());
    }

    @Test
    void legacyKeyFormatsWorkAsServerCertificates() {
        for (String name : List.of("rsa", "ec")) {
            String key = resource(name.equals("rsa") ? "rsa-pkcs1.pem" : "ec-sec1.pem");
            ServerCertificate cert = new ServerCertificate(List.of(name + ".example.com"), resource(name + "-cert.pem"),
                    PrivateKeyPem.of(key), null);
            ServerTlsContexts contexts = ServerTlsContexts.build(new DownstreamTls(List.of(cert), null), false, SslProvider.JDK);
            assertThat(contexts.certificateFor(name + ".example.com")).isSameAs(cert);
        }
    }

    @Test
    void encryptedKeysAreRefused() {
        assertThatThrownBy(() -> Pem.privateKey(resource("ec-encrypted.pem")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encrypted");
        assertThatThrownBy(() -> Pem.privateKey(resource("ec-legacy-encrypted.pem")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encrypted");
    }

    @Test
    void brokenInputIsAnIllegalArgumentWithoutKeyMaterialInTheMessage() {
        String garbage = "-----BEGIN PRIVATE KEY-----\nU0VDUkVUU0VDUkVU\n-----END PRIVATE KEY-----\n";
        assertThatThrownBy(() -> Pem.privateKey(garbage))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("U0VDUkVU");
        assertThatThrownBy(() -> Pem.privateKey("no pem here")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pem.privateKey("-----BEGIN RSA PRIVATE KEY-----\n%%%\n-----END RSA PRIVATE KEY-----"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pem.privateKey("-----BEGIN EC PRIVATE KEY-----\nMAA=\n-----END EC PRIVATE KEY-----"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void certificatesAreReadInOrderAndAtLeastOneIsRequired() {
        var ca = TestPki.rootCa("pem CA");
        var leaf = TestPki.server(TestPki.intermediateCa(ca, "pem intermediate"), "x.example.com");
        assertThat(Pem.certificates(leaf.getCertificatePathPEM()))
                .extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=x.example.com", "CN=pem intermediate");
        assertThatThrownBy(() -> Pem.certificates(resource("ec-pkcs8.pem")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no PEM certificate");
    }

    private static String resource(String name) {
        try (InputStream in = PemTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
