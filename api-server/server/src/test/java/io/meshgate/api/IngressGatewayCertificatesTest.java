package io.meshgate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.reconcile.TranslatorRegistry;
import io.meshgate.db.DatabaseConfig;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code certificate.ingressGateway} patches of FSM's "Bi-direction TLS with FSM Ingress" demo
 * against a running API: the Secret appears, follows SAN and validity changes, is rotated before
 * expiry (fake clock), repaired after edits, and deleted when the setting is patched to null.
 */
class IngressGatewayCertificatesTest {
    private static final String MESH_CONFIG = "/api/v1/namespaces/fsm-system/meshconfigs/fsm-mesh-config";
    private static final String SECRET = "/api/v1/namespaces/fsm-system/secrets/ingress-controller-cert";
    private static final String MERGE = "application/merge-patch+json";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    MutableClock clock;
    TestServer t;

    @BeforeEach
    void start() {
        clock = new MutableClock(Instant.now());
        t = new TestServer(DatabaseConfig.h2File(dir), ApiServerOptions.of(0, dir).withAdminToken(TestServer.ADMIN_TOKEN),
                TranslatorRegistry.standard(), clock);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void theSeedPatchIssuesAClientAndServerCertificateIntoTheSecret() throws Exception {
        patch(setting("[\"fsm.fsm-system.cluster.local\"]", "24h"));
        JsonNode secret = awaitSecret(s -> true);

        assertThat(secret.at("/type").asText()).isEqualTo("kubernetes.io/tls");
        assertThat(secret.at("/metadata/labels/meshgate.io~1issued-by").asText()).isEqualTo("meshgate-ca");
        X509Certificate leaf = leaf(secret);
        X509Certificate ca = TestCertificates.certificates(data(secret, "ca.crt")).get(0);
        assertThat(data(secret, "ca.crt")).isEqualTo(Files.readString(dir.resolve("ca/ca.crt")));
        TestCertificates.validate(leaf, ca, clock.instant());
        assertThat(TestCertificates.dnsNames(leaf)).containsExactly("fsm.fsm-system.cluster.local");
        assertThat(leaf.getExtendedKeyUsage()).containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(TestCertificates.keyMatches(TestCertificates.privateKey(data(secret, "tls.key")), leaf.getPublicKey()))
                .isTrue();
        assertThat(lifetime(leaf)).isEqualTo(Duration.ofHours(24).plusMinutes(1));

        // audited like any Secret write: by the issuer, data redacted
        JsonNode rows = ApiClient.json(t.viewer.get("/api/v1/audit?kind=Secret&name=ingress-controller-cert")).at("/items");
        assertThat(rows.size()).isEqualTo(1);
        assertThat(rows.get(0).at("/actor").asText()).isEqualTo("system:certificate-issuer");
        assertThat(rows.get(0).at("/after/data/tls.key").asText()).isEqualTo("[redacted]");
        assertThat(t.viewer.get(SECRET).body()).doesNotContain(secret.at("/data/tls.key").asText());

        // a valid, current certificate is left alone
        long version = secret.at("/metadata/resourceVersion").asLong();
        t.server.ingressGatewayCertificates().pass();
        assertThat(getSecret().at("/metadata/resourceVersion").asLong()).isEqualTo(version);
    }

    @Test
    void newNamesOrValidityReissueAndRotationHappensWithAThirdLeft() throws Exception {
        patch(setting("[\"fsm.fsm-system.cluster.local\"]", "24h"));
        String first = serial(awaitSecret(s -> true));

        patch(setting("[\"ingress.fsm-system.cluster.local\", \"fsm.fsm-system.cluster.local\"]", "24h"));
        JsonNode renamed = awaitSecret(s -> !serial(s).equals(first));
        assertThat(TestCertificates.dnsNames(leaf(renamed)))
                .containsExactly("ingress.fsm-system.cluster.local", "fsm.fsm-system.cluster.local");

        patch(setting("[\"ingress.fsm-system.cluster.local\", \"fsm.fsm-system.cluster.local\"]", "3m"));
        JsonNode shortLived = awaitSecret(s -> lifetime(leaf(s)).equals(Duration.ofMinutes(4)));
        String shortSerial = serial(shortLived);

        // 4 minutes of lifetime (3m + 1m backdate): renewal is due when less than 80 s are left
        clock.advance(Duration.ofMinutes(1));
        t.server.ingressGatewayCertificates().pass();
        assertThat(serial(getSecret())).isEqualTo(shortSerial);
        clock.advance(Duration.ofSeconds(90));
        t.server.ingressGatewayCertificates().recheck();
        JsonNode rotated = awaitSecret(s -> !serial(s).equals(shortSerial));
        assertThat(leaf(rotated).getNotAfter().toInstant()).isAfter(leaf(shortLived).getNotAfter().toInstant());
    }

    @Test
    void aModifiedOrDeletedSecretIsReissued() throws Exception {
        patch(setting("[\"fsm.fsm-system.cluster.local\"]", "24h"));
        JsonNode issued = awaitSecret(s -> true);
        String serial = serial(issued);

        // an editor swaps in a certificate of its own: the issuer puts one of the CA's back
        String edited = issued.toString().replace(issued.at("/data/tls.crt").asText(),
                Base64.getEncoder().encodeToString(data(issued, "ca.crt").getBytes(StandardCharsets.US_ASCII)));
        assertThat(t.editor.put(SECRET, "application/json", edited).statusCode()).isEqualTo(200);
        // the edited Secret itself (the CA certificate as tls.crt) must not count as repaired
        JsonNode repaired = awaitSecret(s -> !serial(s).equals(serial) && leaf(s).getBasicConstraints() < 0);
        assertThat(TestCertificates.dnsNames(leaf(repaired))).containsExactly("fsm.fsm-system.cluster.local");

        assertThat(t.editor.delete(SECRET).statusCode()).isEqualTo(200);
        awaitSecret(s -> !serial(s).equals(serial(repaired)));
    }

    @Test
    void patchingTheSettingToNullDeletesOnlyTheSecretItIssued() throws Exception {
        String userSecret = """
                {"apiVersion":"v1","kind":"Secret","metadata":{"name":"user-cert","namespace":"fsm-system"},
                 "type":"Opaque","data":{"x":"eA=="}}""";
        assertThat(t.editor.put("/api/v1/namespaces/fsm-system/secrets/user-cert", "application/json", userSecret)
                .statusCode()).isEqualTo(201);
        patch(setting("[\"fsm.fsm-system.cluster.local\"]", "24h"));
        awaitSecret(s -> true);

        patch("{\"spec\":{\"certificate\":{\"ingressGateway\":null}}}");
        await().atMost(WAIT).until(() -> t.editor.get(SECRET).statusCode() == 404);
        assertThat(t.editor.get("/api/v1/namespaces/fsm-system/secrets/user-cert").statusCode()).isEqualTo(200);
        JsonNode rows = ApiClient.json(t.viewer.get(
                "/api/v1/audit?kind=Secret&name=ingress-controller-cert&verb=delete")).at("/items");
        assertThat(rows.get(0).at("/actor").asText()).isEqualTo("system:certificate-issuer");
    }

    @Test
    void aRenamedSecretMovesTheCertificate() {
        patch(setting("[\"fsm.fsm-system.cluster.local\"]", "24h"));
        awaitSecret(s -> true);
        patch("{\"spec\":{\"certificate\":{\"ingressGateway\":{\"secret\":{\"name\":\"other-cert\"}}}}}");
        await().atMost(WAIT).until(() -> t.editor.get(SECRET).statusCode() == 404
                && t.editor.get("/api/v1/namespaces/fsm-system/secrets/other-cert").statusCode() == 200);
    }

    @Test
    void anInvalidValidityDurationIsRefusedWithItsFieldPath() {
        HttpResponse<String> r = t.editor.patch(MESH_CONFIG, MERGE, setting("[\"fsm.fsm-system.cluster.local\"]", "24"));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(ApiClient.json(r).at("/errors/0/field").asText())
                .isEqualTo("spec.certificate.ingressGateway.validityDuration");
    }

    private static String setting(String subjectAltNames, String validity) {
        return """
                {"spec":{"certificate":{"ingressGateway":{"secret":{"name":"ingress-controller-cert",
                 "namespace":"fsm-system"},"subjectAltNames":%s,"validityDuration":"%s"}}}}"""
                .formatted(subjectAltNames, validity);
    }

    private void patch(String body) {
        HttpResponse<String> r = t.editor.patch(MESH_CONFIG, MERGE, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private JsonNode getSecret() {
        HttpResponse<String> r = t.editor.get(SECRET);
        return r.statusCode() == 200 ? ApiClient.json(r) : null;
    }

    /** Waits until the Secret exists and {@code condition} holds for it. */
    private JsonNode awaitSecret(java.util.function.Predicate<JsonNode> condition) {
        return await().atMost(WAIT).until(this::getSecret, s -> s != null && condition.test(s));
    }

    private static String data(JsonNode secret, String key) {
        return new String(Base64.getDecoder().decode(secret.at("/data/" + key.replace("/", "~1")).asText()),
                StandardCharsets.US_ASCII);
    }

    private static X509Certificate leaf(JsonNode secret) {
        try {
            List<X509Certificate> chain = TestCertificates.certificates(data(secret, "tls.crt"));
            return chain.get(0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String serial(JsonNode secret) {
        return leaf(secret).getSerialNumber().toString(16);
    }

    private static Duration lifetime(X509Certificate certificate) {
        return Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
    }
}
