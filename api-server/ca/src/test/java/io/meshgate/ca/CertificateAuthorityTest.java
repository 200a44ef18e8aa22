package io.meshgate.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final CertificateAuthority CA = CertificateAuthority.create(CLOCK);

    @Test
    void rootIsASelfSignedP256CaForTenYears() throws Exception {
        X509Certificate root = CA.certificate();
        root.verify(root.getPublicKey());
        assertThat(root.getSubjectX500Principal().getName()).contains("CN=Meshgate Mesh CA");
        assertThat(root.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
        assertThat(root.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(root.getPublicKey().toString()).contains("secp256r1");
        assertThat(root.getBasicConstraints()).isEqualTo(0);
        assertThat(root.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(root.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(3650)));
        assertThat(CA.info().certificateAuthority()).isTrue();
    }

    @Test
    void issuedServerAndClientCertificateChainsToTheCa() throws Exception {
        IssuedCertificate issued = CA.issue(IssueRequest.clientAndServer(
                List.of("fsm.fsm-system.cluster.local", "spiffe://cluster.local/ns/fsm-system/sa/fsm", "127.0.0.1"),
                Duration.ofHours(24)));
        X509Certificate leaf = Pems.certificates(issued.certPem()).get(0);
        validate(leaf, CA.certificate());

        assertThat(CertificateInfo.of(leaf).subjectAltNames()).containsExactly(
                "fsm.fsm-system.cluster.local", "spiffe://cluster.local/ns/fsm-system/sa/fsm", "127.0.0.1");
        assertThat(leaf.getExtendedKeyUsage()).containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getSubjectX500Principal().getName()).contains("CN=fsm.fsm-system.cluster.local");
        assertThat(issued.notBefore()).isEqualTo(NOW.minus(CertificateAuthority.BACKDATE));
        assertThat(issued.notAfter()).isEqualTo(NOW.plus(Duration.ofHours(24)));
        assertThat(issued.caPem()).isEqualTo(CA.caPem());
        assertThat(issued.keyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(issued.toString()).doesNotContain("PRIVATE KEY");
        assertThat(CA.verifyIssued(issued.certPem(), issued.keyPem())).isPresent();
    }

    @Test
    void usagesFollowTheRequest() throws Exception {
        IssuedCertificate clientOnly = CA.issue(new IssueRequest(List.of("client.example"), Duration.ofHours(1),
                Set.of(CertificateUsage.CLIENT)));
        assertThat(Pems.certificates(clientOnly.certPem()).get(0).getExtendedKeyUsage())
                .containsExactly("1.3.6.1.5.5.7.3.2");
        IssuedCertificate serverOnly = CA.issue(new IssueRequest(List.of("server.example"), Duration.ofHours(1),
                Set.of(CertificateUsage.SERVER)));
        assertThat(Pems.certificates(serverOnly.certPem()).get(0).getExtendedKeyUsage())
                .containsExactly("1.3.6.1.5.5.7.3.1");
    }

    @Test
    void certificatesNeverOutliveTheCa() {
        IssuedCertificate issued = CA.issue(IssueRequest.clientAndServer(List.of("long.example"),
                Duration.ofDays(20_000)));
        assertThat(issued.notAfter()).isEqualTo(CA.certificate().getNotAfter().toInstant());
    }

    @Test
    void requestsWithBadNamesOrValidityAreRefused() {
        assertThatThrownBy(() -> IssueRequest.clientAndServer(List.of(), Duration.ofHours(1)))
                .hasMessageContaining("at least one");
        assertThatThrownBy(() -> IssueRequest.clientAndServer(List.of("bad name!"), Duration.ofHours(1)))
                .hasMessageContaining("not a DNS name");
        assertThatThrownBy(() -> IssueRequest.clientAndServer(List.of("ok.example"), Duration.ZERO))
                .hasMessageContaining("positive");
    }

    @Test
    void verifyIssuedRefusesForeignCertificatesAndWrongKeys() {
        CertificateAuthority other = CertificateAuthority.create(CLOCK);
        IssuedCertificate foreign = other.issue(IssueRequest.clientAndServer(List.of("a.example"), Duration.ofHours(1)));
        IssuedCertificate ours = CA.issue(IssueRequest.clientAndServer(List.of("a.example"), Duration.ofHours(1)));
        assertThat(CA.verifyIssued(foreign.certPem(), foreign.keyPem())).isEmpty();
        assertThat(CA.verifyIssued(ours.certPem(), foreign.keyPem())).isEmpty();
        assertThat(CA.verifyIssued("garbage", ours.keyPem())).isEmpty();
    }

    @Test
    void savesAndLoadsPemFilesWithAnOwnerOnlyKey(@TempDir Path dir) throws Exception {
        Path caDir = dir.resolve("data/ca");
        CertificateAuthority created = CertificateAuthority.loadOrCreate(caDir, CLOCK);
        Path keyFile = caDir.resolve(CertificateAuthority.KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(caDir))).isEqualTo("rwx------");
        assertThat(Files.readString(keyFile)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(caDir.resolve(CertificateAuthority.CERT_FILE))).isEqualTo(created.caPem());

        CertificateAuthority loaded = CertificateAuthority.loadOrCreate(caDir, CLOCK);
        assertThat(loaded.caPem()).isEqualTo(created.caPem());
        IssuedCertificate issued = loaded.issue(IssueRequest.clientAndServer(List.of("x.example"), Duration.ofHours(1)));
        validate(Pems.certificates(issued.certPem()).get(0), created.certificate());
    }

    @Test
    void loadRefusesAKeyOfAnotherCa(@TempDir Path dir) throws Exception {
        CA.save(dir.resolve("a"));
        CertificateAuthority.create(CLOCK).save(dir.resolve("b"));
        Files.copy(dir.resolve("b/ca.key"), dir.resolve("a/ca.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> CertificateAuthority.load(dir.resolve("a"), CLOCK))
                .hasMessageContaining("does not belong");
    }

    @Test
    void theStoredFormReadsBackAsTheSameCaAndNeverPrintsTheKey() throws Exception {
        CertificateAuthority.Stored stored = CA.stored();
        assertThat(stored.keyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(stored.toString()).doesNotContain("PRIVATE KEY").contains("redacted");

        CertificateAuthority back = CertificateAuthority.fromPem(stored.certificatePem(), stored.keyPem(), CLOCK,
                "Secret s key ca.crt", "Secret s key ca.key");
        assertThat(back.caPem()).isEqualTo(CA.caPem());
        IssuedCertificate issued = back.issue(IssueRequest.clientAndServer(List.of("x.example"), Duration.ofHours(1)));
        validate(Pems.certificates(issued.certPem()).get(0), CA.certificate());
    }

    @Test
    void fromPemNamesWhereAnUnusableCaCameFrom() {
        CertificateAuthority.Stored stored = CA.stored();
        CertificateAuthority.Stored other = CertificateAuthority.create(CLOCK).stored();
        assertThatThrownBy(() -> CertificateAuthority.fromPem("junk", stored.keyPem(), CLOCK, "C", "K"))
                .hasMessage("C: no PEM certificate found");
        assertThatThrownBy(() -> CertificateAuthority.fromPem(stored.certificatePem(), "junk", CLOCK, "C", "K"))
                .hasMessage("K: no unencrypted PEM private key found");
        assertThatThrownBy(() -> CertificateAuthority.fromPem(stored.certificatePem(), other.keyPem(), CLOCK, "C", "K"))
                .hasMessage("K does not belong to C");
        IssuedCertificate leaf = CA.issue(IssueRequest.clientAndServer(List.of("leaf.example"), Duration.ofHours(1)));
        assertThatThrownBy(() -> CertificateAuthority.fromPem(leaf.certPem(), leaf.keyPem(), CLOCK, "C", "K"))
                .hasMessage("C is not a CA certificate");
    }

    @Test
    void certificateInfoParsesThePemLeaf() {
        IssuedCertificate issued = CA.issue(IssueRequest.clientAndServer(List.of("info.example"), Duration.ofHours(2)));
        CertificateInfo info = CertificateInfo.parse(issued.certPem() + issued.caPem());
        assertThat(info.subject()).isEqualTo("CN=info.example,O=Meshgate");
        assertThat(info.issuer()).isEqualTo("CN=Meshgate Mesh CA,O=Meshgate");
        assertThat(info.subjectAltNames()).containsExactly("info.example");
        assertThat(info.notAfter()).isEqualTo(NOW.plus(Duration.ofHours(2)));
        assertThat(info.serial()).matches("[0-9A-F]{32}");
        assertThat(info.certificateAuthority()).isFalse();
        assertThatThrownBy(() -> CertificateInfo.parse("not a pem")).isInstanceOf(IllegalArgumentException.class);
    }

    /** PKIX path validation with the JDK's validator, at the fake clock's time. */
    static void validate(X509Certificate leaf, X509Certificate root) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(NOW));
        CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(List.of(leaf)), params);
    }
}
