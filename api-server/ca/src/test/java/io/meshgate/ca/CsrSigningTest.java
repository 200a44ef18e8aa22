package io.meshgate.ca;

import static io.meshgate.ca.Csrs.csr;
import static io.meshgate.ca.Csrs.dns;
import static io.meshgate.ca.Csrs.ip;
import static io.meshgate.ca.Csrs.uri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CsrSigningTest {
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final CertificateAuthority CA = CertificateAuthority.create(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void signsTheRequestersKeyWithItsDnsAndUriNames() throws Exception {
        KeyPair pair = Csrs.ec();
        SignedCertificate signed = CA.signCsr(csr(pair, false, dns("middle.egress-middle.cluster.local"),
                uri("spiffe://cluster.local/ns/egress-middle/sa/middle")), Duration.ofHours(12));
        X509Certificate leaf = Pems.certificates(signed.certPem()).get(0);

        assertThat(leaf.getPublicKey()).isEqualTo(pair.getPublic());
        CertificateAuthorityTest.validate(leaf, CA.certificate());
        assertThat(signed.info().subjectAltNames()).containsExactly("middle.egress-middle.cluster.local",
                "spiffe://cluster.local/ns/egress-middle/sa/middle");
        assertThat(signed.info().subject()).isEqualTo("CN=middle.egress-middle.cluster.local,O=Meshgate");
        assertThat(leaf.getExtendedKeyUsage()).containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(signed.info().notAfter()).isEqualTo(NOW.plus(Duration.ofHours(12)));
        assertThat(signed.chainPem()).isEqualTo(signed.certPem() + CA.caPem());
    }

    @Test
    void rsa2048IsAccepted() {
        SignedCertificate signed = CA.signCsr(csr(Csrs.rsa(2048), false, dns("rsa.example")), Duration.ofHours(1));
        assertThat(signed.info().subjectAltNames()).containsExactly("rsa.example");
    }

    @Test
    void refusesCaRequests() {
        assertThatThrownBy(() -> CA.signCsr(csr(Csrs.ec(), true, dns("evil.example")), Duration.ofHours(1)))
                .isInstanceOf(CsrRejectedException.class).hasMessageContaining("CA:true");
    }

    @Test
    void refusesWeakRsaKeys() {
        assertThatThrownBy(() -> CA.signCsr(csr(Csrs.rsa(1024), false, dns("weak.example")), Duration.ofHours(1)))
                .isInstanceOf(CsrRejectedException.class).hasMessageContaining("weak key: RSA 1024 bits");
    }

    @Test
    void refusesRequestsWithoutNames() {
        assertThatThrownBy(() -> CA.signCsr(csr(Csrs.ec(), false), Duration.ofHours(1)))
                .isInstanceOf(CsrRejectedException.class).hasMessageContaining("no subject alternative names");
    }

    @Test
    void refusesOtherNameTypesAndMalformedNames() {
        assertThatThrownBy(() -> CA.signCsr(csr(Csrs.ec(), false, dns("a.example"), ip("10.0.0.1")), Duration.ofHours(1)))
                .isInstanceOf(CsrRejectedException.class).hasMessageContaining("IP address");
        assertThatThrownBy(() -> CA.signCsr(csr(Csrs.ec(), false, dns("not a host")), Duration.ofHours(1)))
                .isInstanceOf(CsrRejectedException.class).hasMessageContaining("not a DNS name");
    }

    @Test
    void refusesGarbageAndTamperedRequests() {
        assertThatThrownBy(() -> CA.signCsr("hello", Duration.ofHours(1)))
                .isInstanceOf(CsrRejectedException.class).hasMessageContaining("no PEM certificate signing request");
        String good = csr(Csrs.ec(), false, dns("tamper.example"));
        // swap one base64 character inside the body: the signature (or the DER) no longer holds
        String[] lines = good.split("\n");
        char[] middle = lines[2].toCharArray();
        middle[10] = middle[10] == 'A' ? 'B' : 'A';
        lines[2] = new String(middle);
        String tampered = String.join("\n", lines) + "\n";
        assertThatThrownBy(() -> CA.signCsr(tampered, Duration.ofHours(1))).isInstanceOf(CsrRejectedException.class);
    }
}
