package io.meshgate.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshgate.api.TestServer;
import io.meshgate.ca.CertificateAuthority;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubernetes mode's mesh CA against fabric8's mock API server (CRUD mode): it lives in Secret
 * {@code fsm-system/meshgate-ca}, every replica issues from it, its certificate (never its key) is
 * published in ConfigMap {@code meshgate-ca-bundle} and written into the caBundle of the chart's
 * webhook configurations, and a CA Secret that cannot be used stops the start.
 */
class KubernetesModeCaTest {
    private static final String NS = "fsm-system";
    private static final String INJECTOR = "meshgate-sidecar-injector";
    private static final String VALIDATOR = "meshgate-validator";
    private static final String SERVICE_HOST = "fsm-controller.fsm-system.svc";

    @TempDir
    Path dir;
    private MockCluster cluster;
    private KubernetesClient client;
    private final List<KubernetesStack> stacks = new ArrayList<>();

    @BeforeEach
    void cluster() {
        cluster = new MockCluster();
        client = cluster.client();
        createChartWebhooks();
    }

    @AfterEach
    void close() {
        stacks.forEach(KubernetesStack::close); // each closes its own client
        cluster.close();
    }

    @Test
    void theFirstReplicaCreatesTheCaSecretAndASecondOneIssuesFromTheSameCa() throws Exception {
        KubernetesStack first = start("replica-1");
        Secret secret = caSecret();
        assertThat(secret).as("the CA Secret").isNotNull();
        assertThat(secret.getType()).isEqualTo("Opaque");
        assertThat(secret.getData()).containsOnlyKeys("ca.crt", "ca.key");
        String caPem = decode(secret.getData().get("ca.crt"));
        assertThat(decode(secret.getData().get("ca.key"))).contains("PRIVATE KEY");
        // the API serves that CA, and its own certificate is issued by it
        assertThat(get(first, "/api/v1/ca?output=pem", caPem)).isEqualTo(caPem);

        String version = secret.getMetadata().getResourceVersion();
        KubernetesStack second = start("replica-2");
        assertThat(get(second, "/api/v1/ca?output=pem", caPem)).isEqualTo(caPem);
        assertThat(caSecret().getMetadata().getResourceVersion()).as("not rewritten").isEqualTo(version);
        assertThat(caSecret().getData()).isEqualTo(secret.getData());
        // the console of each pod trusts the same CA (the certificate only)
        assertThat(Files.readString(second.apiTrustFile())).isEqualTo(caPem);
    }

    @Test
    void everyWebhookGetsTheCaAsCaBundleAndTheServingCertificateNamesTheService() throws Exception {
        KubernetesStack stack = start("replica-1");
        String caPem = decode(caSecret().getData().get("ca.crt"));
        String bundle = Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(mutating().getWebhooks()).extracting(w -> w.getClientConfig().getCaBundle())
                    .containsExactly(bundle, bundle);
            assertThat(validating().getWebhooks()).extracting(w -> w.getClientConfig().getCaBundle())
                    .containsExactly(bundle);
        });

        // what the API server does: trust the caBundle only, and check the name it dials
        String trusted = decode(mutating().getWebhooks().get(0).getClientConfig().getCaBundle());
        X509Certificate served = servedCertificate(stack, trusted);
        List<String> names = served.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()).toList();
        assertThat(names).contains(SERVICE_HOST, SERVICE_HOST + ".cluster.local");

        // a `helm upgrade` renders the configuration again, caBundle empty: the next check puts it back
        ValidatingWebhookConfiguration reset = validating();
        reset.getWebhooks().get(0).getClientConfig().setCaBundle("");
        client.admissionRegistration().v1().validatingWebhookConfigurations().resource(reset).update();
        assertThat(validating().getWebhooks().get(0).getClientConfig().getCaBundle()).isEmpty();
        assertThat(stack.trust().checkNow().webhooksPatched()).isEqualTo(1);
        assertThat(validating().getWebhooks().get(0).getClientConfig().getCaBundle()).isEqualTo(bundle);
    }

    @Test
    void theCaCertificateIsPublishedAndItsKeyIsNowhereButTheCaSecret() throws Exception {
        // any other Secret stays visible to the API: only the CA's label is left out of the informers
        client.secrets().inNamespace("httpbin").resource(new SecretBuilder().withNewMetadata().withName("app-config")
                .withNamespace("httpbin").endMetadata().withData(Map.of("greeting", encode("hello"))).build()).create();
        KubernetesStack stack = start("replica-1");
        String caPem = decode(caSecret().getData().get("ca.crt"));
        await().atMost(Duration.ofSeconds(20)).until(() -> configMap() != null);
        assertThat(configMap().getData()).isEqualTo(Map.of("ca.crt", caPem));

        // in the cluster: no other Secret or ConfigMap holds a private key
        for (Secret s : client.secrets().inAnyNamespace().list().getItems()) {
            if (s.getMetadata().getName().equals("meshgate-ca")) {
                continue;
            }
            for (String value : s.getData() == null ? List.<String>of() : s.getData().values()) {
                assertThat(decode(value)).as(s.getMetadata().getName()).doesNotContain("PRIVATE KEY");
            }
        }
        for (ConfigMap c : client.configMaps().inAnyNamespace().list().getItems()) {
            assertThat(String.valueOf(c.getData())).as(c.getMetadata().getName()).doesNotContain("PRIVATE KEY");
        }
        // nor on this pod's disk (the CA is not kept in the data directory in Kubernetes mode)
        assertThat(Files.exists(dir.resolve("replica-1").resolve("ca"))).isFalse();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain("PRIVATE KEY");
            }
        }
        // nor in the REST API: the CA Secret is kept out of the informers the API reads
        assertThat(request(stack, "/api/v1/namespaces/fsm-system/secrets/meshgate-ca", caPem).statusCode())
                .isEqualTo(404);
        assertThat(request(stack, "/api/v1/secrets", caPem).body()).contains("\"app-config\"")
                .doesNotContain("meshgate-ca\"", "PRIVATE KEY");
    }

    @Test
    void aCorruptCaSecretStopsTheStartAndChangesNothing() {
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("meshgate-ca")
                .withNamespace(NS).endMetadata()
                .withData(Map.of("ca.crt", encode("-----BEGIN CERTIFICATE-----\nbm90\n-----END CERTIFICATE-----\n"),
                        "ca.key", encode("garbage")))
                .build()).create();
        Secret before = caSecret();

        assertThatThrownBy(() -> start("replica-1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the mesh CA in Secret fsm-system/meshgate-ca is unusable")
                .hasMessageContaining("never replaced automatically")
                .hasMessageNotContaining("garbage");

        assertThat(caSecret().getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
        assertThat(caSecret().getData()).isEqualTo(before.getData());
        assertThat(configMap()).isNull();
        assertThat(mutating().getWebhooks().get(0).getClientConfig().getCaBundle()).isNull();
        assertThat(client.leases().inNamespace(NS).list().getItems()).isEmpty();
        assertThat(dir.resolve("replica-1")).doesNotExist();
    }

    @Test
    void anExpiredCaStopsTheStartNamingTheDate() {
        Clock elevenYearsAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(11 * 365)), ZoneOffset.UTC);
        CertificateAuthority.Stored old = CertificateAuthority.create(elevenYearsAgo).stored();
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("meshgate-ca")
                .withNamespace(NS).endMetadata()
                .withData(Map.of("ca.crt", encode(old.certificatePem()), "ca.key", encode(old.keyPem())))
                .build()).create();

        assertThatThrownBy(() -> start("replica-1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the mesh CA in Secret fsm-system/meshgate-ca expired at")
                .hasMessageNotContaining("PRIVATE KEY");
        assertThat(decode(caSecret().getData().get("ca.crt"))).isEqualTo(old.certificatePem());
    }

    /** A replica: its own data directory and client, HTTPS with the chart's controller Service. */
    private KubernetesStack start(String pod) {
        StandaloneOptions options = StandaloneOptions.parse(new String[] {"--data-dir", dir.resolve(pod).toString(),
                "--api-port", "0", "--bind", "127.0.0.1", "--api-tls", "on", "--controller-service", SERVICE_HOST},
                Map.of("MESHGATE_ADMIN_TOKEN", TestServer.ADMIN_TOKEN));
        ModeOptions mode = ModeOptions.split(new String[] {"--mode", "kubernetes", "--lease-duration", "3s",
                "--renew-deadline", "2s", "--retry-period", "250ms"}, Map.of("MESHGATE_INJECTOR_WEBHOOK", INJECTOR,
                "MESHGATE_VALIDATING_WEBHOOK", VALIDATOR, "MESHGATE_WEBHOOK_CERT_SOURCE", "controlPlane")).options();
        KubernetesClient own = cluster.newClient();
        try {
            KubernetesStack stack = KubernetesStack.start(options, mode, own);
            stacks.add(stack);
            return stack;
        } catch (RuntimeException e) {
            own.close();
            throw e;
        }
    }

    private HttpResponse<String> request(KubernetesStack stack, String path, String trustedPem) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(trusting(trustedPem)).build();
        return http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + stack.apiPort() + path))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String get(KubernetesStack stack, String path, String trustedPem) throws Exception {
        HttpResponse<String> response = request(stack, path, trustedPem);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    /** The certificate the API serves, over a connection that trusts {@code trustedPem} only. */
    private X509Certificate servedCertificate(KubernetesStack stack, String trustedPem) throws Exception {
        try (var socket = (javax.net.ssl.SSLSocket) trusting(trustedPem).getSocketFactory()
                .createSocket("127.0.0.1", stack.apiPort())) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private static SSLContext trusting(String pem) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("mesh-ca", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private Secret caSecret() {
        return client.secrets().inNamespace(NS).withName("meshgate-ca").get();
    }

    private ConfigMap configMap() {
        return client.configMaps().inNamespace(NS).withName("meshgate-ca-bundle").get();
    }

    private MutatingWebhookConfiguration mutating() {
        return client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(INJECTOR).get();
    }

    private ValidatingWebhookConfiguration validating() {
        return client.admissionRegistration().v1().validatingWebhookConfigurations().withName(VALIDATOR).get();
    }

    /** As charts/meshgate templates/webhooks.yaml renders them (caBundle empty); a second injector webhook added. */
    private void createChartWebhooks() {
        client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(
                new MutatingWebhookConfigurationBuilder().withNewMetadata().withName(INJECTOR).endMetadata()
                        .addNewWebhook().withName("inject.meshgate.flomesh.io").withAdmissionReviewVersions("v1")
                        .withSideEffects("None").withFailurePolicy("Fail").withReinvocationPolicy("Never")
                        .withNewClientConfig().withNewService().withName("fsm-controller").withNamespace(NS)
                        .withPort(9091).withPath("/webhooks/inject").endService().endClientConfig().endWebhook()
                        .addNewWebhook().withName("inject-again.meshgate.flomesh.io").withAdmissionReviewVersions("v1")
                        .withSideEffects("None").withFailurePolicy("Fail")
                        .withNewClientConfig().withNewService().withName("fsm-controller").withNamespace(NS)
                        .withPort(9091).withPath("/webhooks/inject").endService().endClientConfig().endWebhook()
                        .build()).create();
        client.admissionRegistration().v1().validatingWebhookConfigurations().resource(
                new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName(VALIDATOR).endMetadata()
                        .addNewWebhook().withName("validate.meshgate.flomesh.io").withAdmissionReviewVersions("v1")
                        .withSideEffects("None").withFailurePolicy("Fail")
                        .withNewClientConfig().withNewService().withName("fsm-controller").withNamespace(NS)
                        .withPort(9091).withPath("/webhooks/validate").endService().endClientConfig().endWebhook()
                        .build()).create();
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.ISO_8859_1);
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

}
