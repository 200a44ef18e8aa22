package io.meshgate.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PEM files are what openssl (and so Python, curl, Go) reads; skipped where openssl is absent. */
class OpensslInteropTest {
    private static final CertificateAuthority CA = CertificateAuthority.create(Clock.systemUTC());

    @BeforeAll
    static void needsOpenssl() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
    }

    @Test
    void opensslReadsAndVerifiesAnIssuedCertificateAndKey(@TempDir Path dir) throws Exception {
        IssuedCertificate issued = CA.issue(IssueRequest.clientAndServer(List.of("fsm.fsm-system.cluster.local"),
                Duration.ofHours(24)));
        Path cert = Files.writeString(dir.resolve("tls.crt"), issued.certPem());
        Path key = Files.writeString(dir.resolve("tls.key"), issued.keyPem());
        Path ca = Files.writeString(dir.resolve("ca.crt"), issued.caPem());

        String text = openssl(dir, "x509", "-noout", "-text", "-in", cert.toString());
        assertThat(text).contains("Issuer: O = Meshgate, CN = Meshgate Mesh CA")
                .contains("DNS:fsm.fsm-system.cluster.local")
                .contains("TLS Web Server Authentication, TLS Web Client Authentication")
                .contains("CA:FALSE")
                .contains("ecdsa-with-SHA256");
        assertThat(openssl(dir, "x509", "-noout", "-text", "-in", ca.toString())).contains("CA:TRUE, pathlen:0");
        assertThat(openssl(dir, "verify", "-CAfile", ca.toString(), cert.toString())).contains(": OK");
        assertThat(openssl(dir, "pkey", "-in", key.toString(), "-noout", "-text")).contains("prime256v1");
    }

    @Test
    void signsAnOpensslCsr(@TempDir Path dir) throws Exception {
        openssl(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", dir.resolve("k.pem").toString(), "-out", dir.resolve("r.csr").toString(),
                "-subj", "/CN=middle", "-addext", "subjectAltName=DNS:middle.egress-middle.cluster.local");
        SignedCertificate signed = CA.signCsr(Files.readString(dir.resolve("r.csr")), Duration.ofHours(1));
        Files.writeString(dir.resolve("chain.pem"), signed.chainPem());
        Path ca = Files.writeString(dir.resolve("ca.crt"), signed.caPem());
        Path leaf = Files.writeString(dir.resolve("leaf.pem"), signed.certPem());
        assertThat(openssl(dir, "verify", "-CAfile", ca.toString(), leaf.toString())).contains(": OK");
        assertThat(signed.info().subjectAltNames()).containsExactly("middle.egress-middle.cluster.local");
    }

    private static String openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("/usr/bin/openssl");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }
}
