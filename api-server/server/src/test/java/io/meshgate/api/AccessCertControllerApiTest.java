package io.meshgate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.db.DatabaseConfig;
import io.meshgate.reconcile.TranslatorRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AccessCert of FSM's demos 6.3 and 6.4 ("Encrypted transfers") against a running API: nothing
 * is issued until MeshConfig turns {@code enableAccessCertPolicy} on; then the Secret holds a
 * certificate of the mesh CA for the subjectAltNames, the AccessCert reports it, viewers never see the
 * key, renewal comes with a third of the lifetime left, and the Secret goes with its AccessCert. A
 * Secret the controller did not issue is never overwritten.
 */
class AccessCertControllerApiTest {
    private static final String MESH_CONFIG = "/api/v1/namespaces/fsm-system/meshconfigs/fsm-mesh-config";
    private static final String ACCESS_CERT = "/api/v1/namespaces/httpbin/accesscerts/curl-mtls-cert";
    private static final String SECRET = "/api/v1/namespaces/curl/secrets/curl-mtls-secret";
    private static final String MERGE = "application/merge-patch+json";
    private static final String JSON = "application/json";
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
        for (String ns : new String[] {"httpbin", "curl"}) {
            put("/api/v1/namespaces/" + ns, """
                    {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"%s"}}""".formatted(ns));
        }
    }

    @AfterEach
    void stop() {
        t.close();
    }

    /** The seed's AccessCert, with the Secret it names. */
    private static String accessCert(String name, String secretName, String... subjectAltNames) {
        return """
                {"kind":"AccessCert","apiVersion":"policy.flomesh.io/v1alpha1",
                 "metadata":{"name":"%s","namespace":"httpbin"},
                 "spec":{"subjectAltNames":["%s"],"secret":{"name":"%s","namespace":"curl"}}}"""
                .formatted(name, String.join("\",\"", subjectAltNames), secretName);
    }

    @Test
    void offByDefaultThenTheSeedsAccessCertGetsACertificateOfTheMeshCa() throws Exception {
        put(ACCESS_CERT, accessCert("curl-mtls-cert", "curl-mtls-secret", "curl.curl.cluster.local"));
        JsonNode disabled = awaitStatus(ACCESS_CERT, s -> s.at("/conditions/0/reason").asText().equals("PolicyDisabled"));
        assertThat(disabled.at("/currentStatus").asText()).isEqualTo("error");
        assertThat(disabled.at("/conditions/0/type").asText()).isEqualTo("Ready");
        assertThat(disabled.at("/conditions/0/status").asText()).isEqualTo("False");
        assertThat(t.admin.get(SECRET).statusCode()).isEqualTo(404);

        // the seed's step: kubectl patch meshconfig ... enableAccessCertPolicy true
        patchMeshConfig("{\"spec\":{\"featureFlags\":{\"enableAccessCertPolicy\":true}}}");
        JsonNode secret = awaitSecret(SECRET, s -> true);
        assertThat(secret.at("/type").asText()).isEqualTo("kubernetes.io/tls");
        assertThat(secret.at("/metadata/labels/meshgate.io~1issued-by").asText()).isEqualTo("meshgate-ca");
        assertThat(secret.at("/metadata/labels/meshgate.io~1certificate").asText()).isEqualTo("access-cert");
        assertThat(secret.at("/metadata/annotations/meshgate.io~1access-cert").asText()).isEqualTo("httpbin/curl-mtls-cert");
        X509Certificate leaf = leaf(secret);
        X509Certificate ca = TestCertificates.certificates(data(secret, "ca.crt")).get(0);
        assertThat(data(secret, "ca.crt")).isEqualTo(Files.readString(dir.resolve("ca/ca.crt")));
        TestCertificates.validate(leaf, ca, clock.instant());
        assertThat(TestCertificates.dnsNames(leaf)).containsExactly("curl.curl.cluster.local");
        assertThat(leaf.getExtendedKeyUsage()).as("a client certificate (and a server one)")
                .containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(TestCertificates.keyMatches(TestCertificates.privateKey(data(secret, "tls.key")), leaf.getPublicKey()))
                .isTrue();
        assertThat(lifetime(leaf)).as("serviceCertValidityDuration 24h, backdated a minute")
                .isEqualTo(Duration.ofHours(24).plusMinutes(1));

        JsonNode ready = awaitStatus(ACCESS_CERT, s -> s.at("/conditions/0/reason").asText().equals("Issued"));
        assertThat(ready.at("/currentStatus").asText()).isEqualTo("committed");
        assertThat(ready.at("/reason").asText()).isEqualTo("successfully committed by the system");
        assertThat(ready.at("/conditions/0/status").asText()).isEqualTo("True");
        assertThat(ready.at("/conditions/0/message").asText()).contains("curl/curl-mtls-secret", "curl.curl.cluster.local",
                leaf.getNotAfter().toInstant().toString());

        // the key: in the Secret only, never for viewers or in the audit history; writes by the controller
        String key = secret.at("/data/tls.key").asText();
        assertThat(t.viewer.get(SECRET).body()).doesNotContain(key).contains("[redacted]");
        assertThat(t.viewer.get("/api/v1/namespaces/curl/secrets").body()).doesNotContain(key);
        assertThat(t.viewer.get(ACCESS_CERT).body()).doesNotContain(key).doesNotContain("PRIVATE KEY");
        JsonNode rows = ApiClient.json(t.viewer.get("/api/v1/audit?kind=Secret&name=curl-mtls-secret")).at("/items");
        assertThat(rows.size()).isEqualTo(1);
        assertThat(rows.get(0).at("/actor").asText()).isEqualTo(AccessCertController.ACTOR_NAME);
        assertThat(rows.get(0).at("/after/data/tls.key").asText()).isEqualTo("[redacted]");
        JsonNode statusRows = ApiClient.json(t.viewer.get("/api/v1/audit?kind=AccessCert&name=curl-mtls-cert&verb=status"))
                .at("/items");
        assertThat(statusRows.size()).as("PolicyDisabled, then Issued").isEqualTo(2);
        assertThat(statusRows.get(0).at("/actor").asText()).isEqualTo(AccessCertController.ACTOR_NAME);

        // a pass with nothing due writes nothing
        long secretVersion = secret.at("/metadata/resourceVersion").asLong();
        long certVersion = ApiClient.json(t.admin.get(ACCESS_CERT)).at("/metadata/resourceVersion").asLong();
        t.server.accessCerts().pass();
        assertThat(ApiClient.json(t.admin.get(SECRET)).at("/metadata/resourceVersion").asLong()).isEqualTo(secretVersion);
        assertThat(ApiClient.json(t.admin.get(ACCESS_CERT)).at("/metadata/resourceVersion").asLong()).isEqualTo(certVersion);
    }

    @Test
    void renewedWithAThirdOfTheLifetimeLeftAndReissuedForNewNames() throws Exception {
        patchMeshConfig("{\"spec\":{\"featureFlags\":{\"enableAccessCertPolicy\":true},"
                + "\"certificate\":{\"serviceCertValidityDuration\":\"2m\"}}}");
        put(ACCESS_CERT, accessCert("curl-mtls-cert", "curl-mtls-secret", "curl.curl.cluster.local"));
        JsonNode first = awaitSecret(SECRET, s -> true);
        assertThat(lifetime(leaf(first))).isEqualTo(Duration.ofMinutes(3));

        // 3 minutes of lifetime from a minute ago: renewal is due when less than 60 s are left, a minute from now
        clock.advance(Duration.ofSeconds(30));
        t.server.accessCerts().pass();
        assertThat(serial(ApiClient.json(t.admin.get(SECRET)))).isEqualTo(serial(first));
        clock.advance(Duration.ofSeconds(40));
        t.server.accessCerts().recheck();
        JsonNode renewed = awaitSecret(SECRET, s -> !serial(s).equals(serial(first)));
        assertThat(leaf(renewed).getNotAfter().toInstant()).isAfter(leaf(first).getNotAfter().toInstant());
        awaitStatus(ACCESS_CERT, s -> s.at("/conditions/0/message").asText()
                .contains(leaf(renewed).getNotAfter().toInstant().toString()));

        put(ACCESS_CERT, accessCert("curl-mtls-cert", "curl-mtls-secret", "curl.curl.cluster.local", "curl.example.com"));
        JsonNode renamed = awaitSecret(SECRET, s -> !serial(s).equals(serial(renewed)));
        assertThat(TestCertificates.dnsNames(leaf(renamed))).containsExactly("curl.curl.cluster.local", "curl.example.com");
    }

    @Test
    void theSecretGoesWithItsAccessCertAndMovesWhenRenamed() {
        patchMeshConfig("{\"spec\":{\"featureFlags\":{\"enableAccessCertPolicy\":true}}}");
        put(ACCESS_CERT, accessCert("curl-mtls-cert", "curl-mtls-secret", "curl.curl.cluster.local"));
        awaitSecret(SECRET, s -> true);

        put(ACCESS_CERT, accessCert("curl-mtls-cert", "curl-mtls-secret-2", "curl.curl.cluster.local"));
        awaitSecret("/api/v1/namespaces/curl/secrets/curl-mtls-secret-2", s -> true);
        await().atMost(WAIT).until(() -> t.admin.get(SECRET).statusCode() == 404);

        assertThat(t.admin.delete(ACCESS_CERT).statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> t.admin.get("/api/v1/namespaces/curl/secrets/curl-mtls-secret-2").statusCode() == 404);
        JsonNode rows = ApiClient.json(t.viewer.get(
                "/api/v1/audit?kind=Secret&name=curl-mtls-secret-2&verb=delete")).at("/items");
        assertThat(rows.get(0).at("/actor").asText()).isEqualTo(AccessCertController.ACTOR_NAME);
    }

    @Test
    void aSecretItDidNotIssueIsNeverOverwrittenAndASecretHasOneAccessCert() throws Exception {
        String userSecret = """
                {"apiVersion":"v1","kind":"Secret","metadata":{"name":"curl-mtls-secret","namespace":"curl"},
                 "type":"Opaque","data":{"x":"eA=="}}""";
        put(SECRET, userSecret);
        patchMeshConfig("{\"spec\":{\"featureFlags\":{\"enableAccessCertPolicy\":true}}}");
        put(ACCESS_CERT, accessCert("curl-mtls-cert", "curl-mtls-secret", "curl.curl.cluster.local"));
        JsonNode refused = awaitStatus(ACCESS_CERT, s -> s.at("/conditions/0/reason").asText().equals("SecretExists"));
        assertThat(refused.at("/currentStatus").asText()).isEqualTo("error");
        assertThat(refused.at("/reason").asText()).contains("curl/curl-mtls-secret", "not issued for this AccessCert");
        assertThat(ApiClient.json(t.admin.get(SECRET)).at("/data/x").asText()).isEqualTo("eA==");

        // once the user's Secret is gone, the AccessCert gets it; a second AccessCert naming it does not
        assertThat(t.admin.delete(SECRET).statusCode()).isEqualTo(200);
        awaitSecret(SECRET, s -> s.at("/type").asText().equals("kubernetes.io/tls"));
        String second = "/api/v1/namespaces/httpbin/accesscerts/another";
        put(second, accessCert("another", "curl-mtls-secret", "other.curl.cluster.local"));
        JsonNode conflict = awaitStatus(second, s -> s.at("/conditions/0/reason").asText().equals("SecretConflict"));
        assertThat(conflict.at("/conditions/0/message").asText()).contains("httpbin/curl-mtls-cert");
        assertThat(TestCertificates.dnsNames(leaf(ApiClient.json(t.admin.get(SECRET))))).containsExactly("curl.curl.cluster.local");
    }

    private void put(String path, String body) {
        HttpResponse<String> r = t.admin.put(path, JSON, body);
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
    }

    private void patchMeshConfig(String body) {
        HttpResponse<String> r = t.admin.patch(MESH_CONFIG, MERGE, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private JsonNode awaitSecret(String path, Predicate<JsonNode> condition) {
        return await().atMost(WAIT).until(() -> {
            HttpResponse<String> r = t.admin.get(path);
            return r.statusCode() == 200 ? ApiClient.json(r) : null;
        }, s -> s != null && condition.test(s));
    }

    private JsonNode awaitStatus(String path, Predicate<JsonNode> condition) {
        return await().atMost(WAIT).until(() -> ApiClient.json(t.viewer.get(path)).path("status"),
                s -> s.isObject() && condition.test(s));
    }

    private static String data(JsonNode secret, String key) {
        return new String(Base64.getDecoder().decode(secret.at("/data/" + key).asText()), StandardCharsets.US_ASCII);
    }

    private static X509Certificate leaf(JsonNode secret) {
        try {
            return TestCertificates.certificates(data(secret, "tls.crt")).get(0);
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
