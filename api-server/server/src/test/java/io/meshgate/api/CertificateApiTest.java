package io.meshgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /api/v1/ca and POST /api/v1/certificates: answers, refusals, roles and the audit. */
class CertificateApiTest {
    private static final String PKCS10 = "application/pkcs10";
    @TempDir
    static Path dir;
    static TestServer t;

    @BeforeAll
    static void start() {
        t = new TestServer(dir);
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    @Test
    void caIsCreatedAtFirstStartWithAnOwnerOnlyKey() throws Exception {
        Path key = dir.resolve("ca/ca.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve("ca/ca.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void viewersReadTheCaCertificateButNeverItsKey() throws Exception {
        HttpResponse<String> json = t.viewer.get("/api/v1/ca");
        assertThat(json.statusCode()).isEqualTo(200);
        JsonNode body = ApiClient.json(json);
        assertThat(body.at("/caCrt").asText()).isEqualTo(Files.readString(dir.resolve("ca/ca.crt")));
        assertThat(body.at("/info/subject").asText()).isEqualTo("CN=Meshgate Mesh CA,O=Meshgate");
        assertThat(body.at("/info/isCA").asBoolean()).isTrue();

        HttpResponse<String> pem = t.viewer.get("/api/v1/ca?output=pem");
        assertThat(pem.headers().firstValue("Content-Type")).hasValue("application/x-pem-file");
        assertThat(pem.body()).isEqualTo(body.at("/caCrt").asText());
        assertThat(t.viewer.get("/api/v1/ca", "Accept", "text/plain").body()).isEqualTo(pem.body());
        assertThat(json.body() + pem.body()).doesNotContain("PRIVATE KEY");

        assertThat(t.anonymous.get("/api/v1/ca").statusCode()).isEqualTo(401);
        assertThat(t.editor.post("/api/v1/ca", "text/plain", "x").statusCode()).isEqualTo(405);
    }

    @Test
    void editorsGetAPemCsrSignedAndTheSignatureIsAudited() throws Exception {
        KeyPair pair = TestCertificates.keyPair("EC", 0);
        HttpResponse<String> response = t.editor.post("/api/v1/certificates", PKCS10,
                TestCertificates.csr(pair, false, "middle.egress-middle.cluster.local"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = ApiClient.json(response);
        List<X509Certificate> chain = TestCertificates.certificates(body.at("/certificate").asText());
        X509Certificate ca = TestCertificates.certificates(body.at("/caCrt").asText()).get(0);
        assertThat(chain).hasSize(2);
        assertThat(chain.get(1)).isEqualTo(ca);
        assertThat(chain.get(0).getPublicKey()).isEqualTo(pair.getPublic());
        TestCertificates.validate(chain.get(0), ca, Instant.now());
        assertThat(TestCertificates.dnsNames(chain.get(0))).containsExactly("middle.egress-middle.cluster.local");
        Duration lifetime = Duration.between(chain.get(0).getNotBefore().toInstant(), chain.get(0).getNotAfter().toInstant());
        assertThat(lifetime).isEqualTo(Duration.ofHours(24).plusMinutes(1));

        JsonNode rows = ApiClient.json(t.viewer.get("/api/v1/audit?kind=Certificate&verb=sign"
                + "&name=middle.egress-middle.cluster.local")).at("/items");
        assertThat(rows.size()).isEqualTo(1);
        assertThat(rows.get(0).at("/actor").asText()).isEqualTo("test-editor");
        assertThat(rows.get(0).at("/message").asText()).contains(body.at("/info/serial").asText())
                .contains("middle.egress-middle.cluster.local");
        assertThat(rows.get(0).toString()).doesNotContain("PRIVATE KEY");
    }

    @Test
    void jsonRequestsChooseTheValidityAndPemAnswersAreTheChain() throws Exception {
        String csr = TestCertificates.csr(TestCertificates.keyPair("EC", 0), false, "json.example");
        String request = Jsons.MAPPER.createObjectNode().put("csr", csr).put("validityDuration", "2h").toString();
        HttpResponse<String> response = t.editor.post("/api/v1/certificates", "application/json", request,
                "Accept", "application/x-pem-file");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<X509Certificate> chain = TestCertificates.certificates(response.body());
        assertThat(chain).hasSize(2);
        assertThat(Duration.between(chain.get(0).getNotBefore().toInstant(), chain.get(0).getNotAfter().toInstant()))
                .isEqualTo(Duration.ofHours(2).plusMinutes(1));
    }

    @Test
    void refusedRequestsSayWhyAndAreAudited() throws Exception {
        assertRefused(TestCertificates.csr(TestCertificates.keyPair("EC", 0), true, "ca.example"), "CA:true");
        assertRefused(TestCertificates.csr(TestCertificates.keyPair("RSA", 1024), false, "weak.example"),
                "weak key: RSA 1024 bits");
        assertRefused(TestCertificates.csr(TestCertificates.keyPair("EC", 0), false), "no subject alternative names");
        assertRefused("not a csr", "no PEM certificate signing request");

        String csr = TestCertificates.csr(TestCertificates.keyPair("EC", 0), false, "v.example");
        for (String bad : List.of("forever", "10s", "9000h")) {
            HttpResponse<String> r = t.editor.post("/api/v1/certificates", "application/json",
                    Jsons.MAPPER.createObjectNode().put("csr", csr).put("validityDuration", bad).toString());
            assertThat(r.statusCode()).isEqualTo(422);
            assertThat(ApiClient.json(r).at("/errors/0/field").asText()).isEqualTo("validityDuration");
        }
        JsonNode rejected = ApiClient.json(t.viewer.get("/api/v1/audit?kind=Certificate&verb=rejected")).at("/items");
        assertThat(rejected.size()).isGreaterThanOrEqualTo(7);
        // the reason is the problem type: its detail may quote the submitted CSR's names
        assertThat(rejected.toString()).contains("-> 422: Unprocessable Content (csr-rejected)");
    }

    @Test
    void signingNeedsTheEditorRole() throws Exception {
        String csr = TestCertificates.csr(TestCertificates.keyPair("EC", 0), false, "viewer.example");
        assertThat(t.viewer.post("/api/v1/certificates", PKCS10, csr).statusCode()).isEqualTo(403);
        assertThat(t.anonymous.post("/api/v1/certificates", PKCS10, csr).statusCode()).isEqualTo(401);
        assertThat(t.editor.get("/api/v1/certificates").statusCode()).isEqualTo(405);
        assertThat(t.admin.post("/api/v1/certificates", PKCS10, csr).statusCode()).isEqualTo(200);
    }

    private static void assertRefused(String csr, String reason) {
        HttpResponse<String> r = t.editor.post("/api/v1/certificates", PKCS10, csr);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = ApiClient.json(r);
        assertThat(problem.at("/detail").asText()).contains(reason);
        assertThat(problem.at("/errors/0/field").asText()).isEqualTo("csr");
    }
}
