package io.meshgate.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.meshgate.api.TestServer;
import io.meshgate.kube.ClusterControlPlane;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificate controllers in Kubernetes mode, against fabric8's mock API server (CRUD mode): the
 * seed's AccessCert (6.3, 6.4) and MeshConfig {@code certificate.ingressGateway} (6.2) applied to the
 * cluster get their Secrets of the mesh CA written to the cluster by the leader, the AccessCert its
 * status on the object, the audit history the observed writes with the controller as actor and the
 * key redacted; a replica that does not lead writes nothing until it leads.
 */
class KubernetesModeCertificatesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MESH_CONFIG = """
            apiVersion: config.flomesh.io/v1alpha3
            kind: MeshConfig
            metadata: {name: fsm-mesh-config, namespace: fsm-system}
            spec:
              featureFlags: {enableAccessCertPolicy: true}
              certificate:
                ingressGateway:
                  secret: {name: ingress-controller-cert, namespace: fsm-system}
                  subjectAltNames: [fsm.fsm-system.cluster.local]
                  validityDuration: 24h
            """;
    private static final String ACCESS_CERT = """
            kind: AccessCert
            apiVersion: policy.flomesh.io/v1alpha1
            metadata: {name: curl-mtls-cert, namespace: httpbin}
            spec:
              subjectAltNames: [curl.curl.cluster.local]
              secret: {name: curl-mtls-secret, namespace: curl}
            """;

    @TempDir
    Path dir;
    private MockCluster cluster;
    private KubernetesStack stack;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void cluster() {
        cluster = new MockCluster();
        cluster.create(MESH_CONFIG);
        cluster.create(ACCESS_CERT);
    }

    @AfterEach
    void close() {
        cluster.close(); // stops the stack too
    }

    private KubernetesStack startStack() {
        return cluster.startStack(dir, "--lease-duration", "3s", "--renew-deadline", "2s", "--retry-period", "250ms");
    }

    @Test
    void theLeaderWritesTheSecretsAndTheAccessCertStatusToTheCluster() throws Exception {
        stack = startStack();
        String caPem = send("/api/v1/ca?output=pem");

        // the AccessCert's Secret, in the namespace it names, for the SAN it asks
        GenericKubernetesResource secret = awaitSecret("curl", "curl-mtls-secret");
        assertThat(secret.getAdditionalProperties().get("type")).isEqualTo("kubernetes.io/tls");
        Map<String, String> data = data(secret);
        assertThat(data).containsOnlyKeys("ca.crt", "tls.crt", "tls.key");
        assertThat(certificate(data.get("ca.crt"))).isEqualTo(certificate(caPem));
        X509Certificate leaf = certificate(data.get("tls.crt"));
        assertThat(dnsNames(leaf)).containsExactly("curl.curl.cluster.local");
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(certificate(caPem).getSubjectX500Principal());
        assertThat(data.get("tls.key")).contains("PRIVATE KEY");

        // its status, on the object in the cluster
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode status = tree(cluster.get("AccessCert", "httpbin", "curl-mtls-cert")).path("status");
            assertThat(status.path("currentStatus").asText()).isEqualTo("committed");
            assertThat(status.at("/conditions/0/type").asText()).isEqualTo("Ready");
            assertThat(status.at("/conditions/0/status").asText()).isEqualTo("True");
            assertThat(status.at("/conditions/0/reason").asText()).isEqualTo("Issued");
        });

        // the MeshConfig's ingress gateway certificate
        GenericKubernetesResource gateway = awaitSecret("fsm-system", "ingress-controller-cert");
        assertThat(dnsNames(certificate(data(gateway).get("tls.crt")))).containsExactly("fsm.fsm-system.cluster.local");

        // the observed writes are in the audit history, the controller as actor, the key never in clear
        String key = (String) ((Map<?, ?>) secret.getAdditionalProperties().get("data")).get("tls.key");
        await().atMost(WAIT).untilAsserted(() -> assertThat(send("/api/v1/audit?kind=Secret&name=curl-mtls-secret"))
                .contains("\"actor\":\"system:access-cert-controller\""));
        await().atMost(WAIT).untilAsserted(() -> assertThat(send("/api/v1/audit?kind=Secret&name=ingress-controller-cert"))
                .contains("\"actor\":\"system:certificate-issuer\""));
        for (String name : List.of("curl-mtls-secret", "ingress-controller-cert")) {
            long row = JSON.readTree(send("/api/v1/audit?kind=Secret&name=" + name)).path("items").get(0).path("id").asLong();
            String detail = send("/api/v1/audit/" + row);
            assertThat(detail).contains("redacted").doesNotContain("PRIVATE KEY").doesNotContain(key);
        }
        assertThat(send("/api/v1/audit?kind=Secret")).doesNotContain(key);

        // a Secret edited in the cluster is issued again (a write at the version read)
        secret.getAdditionalProperties().put("data", Map.of("ca.crt", base64("x"), "tls.crt", base64("x"),
                "tls.key", base64("x")));
        cluster.operation("Secret").inNamespace("curl").resource(secret).update();
        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, String> again = data(cluster.get("Secret", "curl", "curl-mtls-secret"));
            assertThat(again.get("tls.crt")).contains("BEGIN CERTIFICATE");
            assertThat(dnsNames(certificate(again.get("tls.crt")))).containsExactly("curl.curl.cluster.local");
        });

        // the AccessCert deleted: its Secret goes with it; the ingress gateway setting removed: its Secret too
        cluster.operation("AccessCert").inNamespace("httpbin").withName("curl-mtls-cert").delete();
        GenericKubernetesResource meshConfig = cluster.get("MeshConfig", "fsm-system", "fsm-mesh-config");
        ((Map<?, ?>) meshConfig.getAdditionalProperties().get("spec")).remove("certificate");
        cluster.operation("MeshConfig").inNamespace("fsm-system").resource(meshConfig).update();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(cluster.get("Secret", "curl", "curl-mtls-secret")).isNull();
            assertThat(cluster.get("Secret", "fsm-system", "ingress-controller-cert")).isNull();
        });
        assertThat(send("/api/v1/audit/verify")).contains("\"ok\":true");
    }

    @Test
    void aReplicaThatDoesNotLeadWritesNothingUntilItLeads() throws Exception {
        // another replica holds the control plane's Lease
        cluster.client().leases().inNamespace("fsm-system").resource(new LeaseBuilder().withNewMetadata()
                .withName(ClusterControlPlane.DEFAULT_LEASE_NAME).withNamespace("fsm-system").endMetadata()
                .withNewSpec().withHolderIdentity("meshgate-other-replica").withLeaseDurationSeconds(3600)
                .withAcquireTime(ZonedDateTime.now()).withRenewTime(ZonedDateTime.now()).withLeaseTransitions(0)
                .endSpec().build()).create();
        stack = startStack();
        // it reads the cluster (its informers hold the AccessCert) and its controllers have looked ...
        assertThat(send("/api/v1/namespaces/httpbin/accesscerts/curl-mtls-cert")).contains("curl-mtls-secret");
        Thread.sleep(1500); // well past the controllers' first pass (100 ms debounce)
        // ... but write nothing while another replica leads
        assertThat(stack.cluster().isLeader()).isFalse();
        assertThat(cluster.get("Secret", "curl", "curl-mtls-secret")).isNull();
        assertThat(cluster.get("Secret", "fsm-system", "ingress-controller-cert")).isNull();
        assertThat(tree(cluster.get("AccessCert", "httpbin", "curl-mtls-cert")).has("status")).isFalse();

        // the other replica goes away (its Lease released): this one leads and issues at once
        cluster.client().leases().inNamespace("fsm-system").withName(ClusterControlPlane.DEFAULT_LEASE_NAME).delete();
        awaitSecret("curl", "curl-mtls-secret");
        awaitSecret("fsm-system", "ingress-controller-cert");
        assertThat(stack.cluster().isLeader()).isTrue();
    }

    private GenericKubernetesResource awaitSecret(String namespace, String name) {
        return await().atMost(WAIT).until(() -> cluster.get("Secret", namespace, name), s -> s != null);
    }

    private static Map<String, String> data(GenericKubernetesResource secret) {
        Map<String, String> out = new java.util.TreeMap<>();
        ((Map<?, ?>) secret.getAdditionalProperties().get("data")).forEach((k, v) -> out.put((String) k,
                new String(Base64.getDecoder().decode((String) v), StandardCharsets.US_ASCII)));
        return out;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static JsonNode tree(GenericKubernetesResource object) throws Exception {
        return JSON.readTree(MockCluster.YAML.asJson(object));
    }

    private static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static List<String> dnsNames(X509Certificate certificate) throws Exception {
        List<String> names = new ArrayList<>();
        for (List<?> san : certificate.getSubjectAlternativeNames()) {
            if (Integer.valueOf(2).equals(san.get(0))) {
                names.add((String) san.get(1));
            }
        }
        return names;
    }

    private String send(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + stack.apiPort() + path))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).timeout(Duration.ofSeconds(10)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }
}
