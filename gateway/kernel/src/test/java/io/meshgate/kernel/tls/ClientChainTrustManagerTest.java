package io.meshgate.kernel.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.pkitesting.CertificateBuilder.KeyUsage;
import io.netty.pkitesting.X509Bundle;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client-certificate rules on their own: trust anchor, depth, dates, usage. */
class ClientChainTrustManagerTest {
    private static final X509Bundle ROOT = TestPki.rootCa("trust root");
    private static final X509Bundle INTER_1 = TestPki.intermediateCa(ROOT, "intermediate 1");
    private static final X509Bundle INTER_2 = TestPki.intermediateCa(INTER_1, "intermediate 2");
    private static final X509Bundle DIRECT = TestPki.client(ROOT, "direct");
    private static final X509Bundle ONE_DEEP = TestPki.client(INTER_1, "one deep");
    private static final X509Bundle TWO_DEEP = TestPki.client(INTER_2, "two deep");
    private static final X509Bundle ROGUE = TestPki.client(TestPki.rootCa("rogue root"), "rogue");

    private static ClientChainTrustManager depth(int maxDepth) {
        return new ClientChainTrustManager(List.of(ROOT.getRootCertificate()), maxDepth);
    }

    @Test
    void depthCountsIntermediateCasLikeOpenSsl() throws CertificateException {
        depth(0).verify(DIRECT.getCertificatePath());
        assertThatThrownBy(() -> depth(0).verify(ONE_DEEP.getCertificatePath())).isInstanceOf(CertificateException.class);
        depth(1).verify(ONE_DEEP.getCertificatePath());
        assertThatThrownBy(() -> depth(1).verify(TWO_DEEP.getCertificatePath())).isInstanceOf(CertificateException.class);
        depth(2).verify(TWO_DEEP.getCertificatePath());
    }

    @Test
    void chainsThatIncludeTheRootOrComeUnorderedAreAccepted() {
        assertThatCode(() -> depth(2).verify(TWO_DEEP.getCertificatePathWithRoot())).doesNotThrowAnyException();
        X509Certificate[] path = TWO_DEEP.getCertificatePath();
        X509Certificate[] shuffled = {path[0], path[2], path[1]};
        assertThatCode(() -> depth(2).verify(shuffled)).doesNotThrowAnyException();
    }

    @Test
    void missingIntermediateIsRejected() {
        X509Certificate[] leafOnly = {ONE_DEEP.getCertificate()};
        assertThatThrownBy(() -> depth(5).verify(leafOnly)).isInstanceOf(CertificateException.class);
    }

    @Test
    void anotherRootIsRejected() {
        assertThatThrownBy(() -> depth(5).verify(ROGUE.getCertificatePath()))
                .isInstanceOf(CertificateException.class).hasMessageContaining("not trusted");
    }

    @Test
    void noCertificateIsRejected() {
        assertThatThrownBy(() -> depth(1).verify(new X509Certificate[0])).isInstanceOf(CertificateException.class);
        assertThatThrownBy(() -> depth(1).checkClientTrusted(null, "EC")).isInstanceOf(CertificateException.class);
    }

    @Test
    void expiredAndNotYetValidCertificatesAreRejected() {
        X509Bundle expired = TestPki.issue(TestPki.builder("expired").addExtendedKeyUsageClientAuth()
                .notBefore(TestPki.now().minus(Duration.ofDays(3)))
                .notAfter(TestPki.now().minus(Duration.ofDays(1))), ROOT);
        X509Bundle future = TestPki.issue(TestPki.builder("future").addExtendedKeyUsageClientAuth()
                .notBefore(TestPki.now().plus(Duration.ofDays(1)))
                .notAfter(TestPki.now().plus(Duration.ofDays(3))), ROOT);
        assertThatThrownBy(() -> depth(1).verify(expired.getCertificatePath())).isInstanceOf(CertificateException.class);
        assertThatThrownBy(() -> depth(1).verify(future.getCertificatePath())).isInstanceOf(CertificateException.class);
    }

    @Test
    void expiredIntermediateIsRejected() {
        X509Bundle oldIntermediate = TestPki.issue(TestPki.builder("old intermediate").setIsCertificateAuthority(true)
                .notBefore(TestPki.now().minus(Duration.ofDays(3)))
                .notAfter(TestPki.now().minus(Duration.ofDays(1))), ROOT);
        X509Bundle leaf = TestPki.client(oldIntermediate, "under an expired CA");
        assertThatThrownBy(() -> depth(1).verify(leaf.getCertificatePath())).isInstanceOf(CertificateException.class);
    }

    @Test
    void aCaCertificateIsNotAClientCertificate() {
        assertThatThrownBy(() -> depth(1).verify(INTER_1.getCertificatePath()))
                .isInstanceOf(CertificateException.class).hasMessageContaining("CA");
    }

    @Test
    void aTrustedSelfSignedCertificateIsItsOwnClientCertificateEvenMarkedCa() throws CertificateException {
        // examples/ingress-tls: `openssl req -x509` makes the client certificate (CA:TRUE), which is also the trusted CA
        X509Bundle pinned = TestPki.rootCa("flomesh.io");
        ClientChainTrustManager tm = new ClientChainTrustManager(List.of(pinned.getRootCertificate()), 1);
        tm.verify(new X509Certificate[] {pinned.getRootCertificate()});
        assertThatThrownBy(() -> tm.verify(new X509Certificate[] {TestPki.rootCa("flomesh.io").getRootCertificate()}))
                .as("same subject, another key").isInstanceOf(CertificateException.class);
    }

    @Test
    void aPinnedCertificateOutsideItsDatesIsRejected() {
        X509Bundle expired = TestPki.issue(TestPki.builder("expired pin").setIsCertificateAuthority(true)
                .notBefore(TestPki.now().minus(Duration.ofDays(3)))
                .notAfter(TestPki.now().minus(Duration.ofDays(1))), null);
        ClientChainTrustManager tm = new ClientChainTrustManager(List.of(expired.getCertificate()), 1);
        assertThatThrownBy(() -> tm.verify(new X509Certificate[] {expired.getCertificate()}))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void serverOnlyExtendedKeyUsageIsRejected() {
        X509Bundle serverOnly = TestPki.issue(TestPki.builder("server only").addExtendedKeyUsageServerAuth(), ROOT);
        assertThatThrownBy(() -> depth(1).verify(serverOnly.getCertificatePath()))
                .isInstanceOf(CertificateException.class).hasMessageContaining("extended key usage");
    }

    @Test
    void keyUsageWithoutDigitalSignatureIsRejected() {
        X509Bundle encipherOnly = TestPki.issue(TestPki.builder("key encipherment only")
                .setKeyUsage(true, KeyUsage.keyEncipherment), ROOT);
        assertThatThrownBy(() -> depth(1).verify(encipherOnly.getCertificatePath()))
                .isInstanceOf(CertificateException.class).hasMessageContaining("digitalSignature");
    }

    @Test
    void noExtendedKeyUsageAtAllIsAccepted() {
        X509Bundle plain = TestPki.issue(TestPki.builder("no eku"), ROOT);
        assertThatCode(() -> depth(0).verify(plain.getCertificatePath())).doesNotThrowAnyException();
    }

    @Test
    void theTrustedCasAreTheAcceptedIssuersAndServersAreNeverTrusted() {
        ClientChainTrustManager tm = depth(1);
        assertThat(tm.getAcceptedIssuers()).containsExactly(ROOT.getRootCertificate());
        assertThatThrownBy(() -> tm.checkServerTrusted(DIRECT.getCertificatePath(), "EC"))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void everyTrustedCaIsAnAnchor() throws CertificateException {
        X509Bundle other = TestPki.rootCa("second root");
        ClientChainTrustManager tm = new ClientChainTrustManager(
                List.of(ROOT.getRootCertificate(), other.getRootCertificate()), 0);
        tm.verify(DIRECT.getCertificatePath());
        tm.verify(TestPki.client(other, "from the second root").getCertificatePath());
    }
}
