package io.meshgate.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The mesh CA's Secret, its public ConfigMap and the webhooks' caBundle against fabric8's mock API
 * server (CRUD mode), with the configurations created as the chart renders them (caBundle empty).
 */
class ClusterTrustKeeperTest {
    private static final String NS = "fsm-system";
    private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIBmesh\n-----END CERTIFICATE-----\n";
    private static final String OTHER_PEM = "-----BEGIN CERTIFICATE-----\nMIIBother\n-----END CERTIFICATE-----\n";
    private static final String BUNDLE = Base64.getEncoder().encodeToString(PEM.getBytes(StandardCharsets.US_ASCII));

    private final MockCluster cluster = new MockCluster();
    private final NamespacedKubernetesClient client = cluster.newClient();
    private ClusterTrustKeeper keeper;

    @AfterEach
    void close() {
        if (keeper != null) {
            keeper.close();
        }
        cluster.close();
    }

    @Test
    void everyWebhookGetsTheCaBundleAndTheConfigMapTheCertificateOnly() {
        createChartWebhooks();
        keeper = keeper(Set.of("fsm-controller.fsm-system.svc"), Duration.ofMinutes(1));

        ClusterTrustKeeper.Check first = keeper.checkNow();
        assertThat(first.configMapWritten()).isTrue();
        assertThat(first.webhooksPatched()).isEqualTo(3);
        assertThat(first.problems()).isEmpty();
        assertThat(mutating().getWebhooks()).extracting(w -> w.getClientConfig().getCaBundle())
                .containsExactly(BUNDLE, BUNDLE);
        assertThat(validating().getWebhooks()).extracting(w -> w.getClientConfig().getCaBundle())
                .containsExactly(BUNDLE);
        // the rest of each webhook as the chart rendered it
        assertThat(mutating().getWebhooks().get(0).getClientConfig().getService().getPath()).isEqualTo("/webhooks/inject");
        assertThat(mutating().getWebhooks().get(1).getName()).isEqualTo("inject2.meshgate.flomesh.io");

        ConfigMap bundle = client.configMaps().inNamespace(NS).withName(CaBundleConfigMap.NAME).get();
        assertThat(bundle.getData()).isEqualTo(Map.of("ca.crt", PEM));

        // nothing differs: nothing is written
        String mutatingVersion = mutating().getMetadata().getResourceVersion();
        ClusterTrustKeeper.Check second = keeper.checkNow();
        assertThat(second.configMapWritten()).isFalse();
        assertThat(second.webhooksPatched()).isZero();
        assertThat(mutating().getMetadata().getResourceVersion()).isEqualTo(mutatingVersion);
    }

    @Test
    void aResetCaBundleAndADeletedConfigMapArePutBackByThePeriodicCheck() {
        createChartWebhooks();
        keeper = keeper(null, Duration.ofMillis(200)).start();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(validating().getWebhooks().get(0)
                .getClientConfig().getCaBundle()).isEqualTo(BUNDLE));

        // what a `helm upgrade` does: the configuration as rendered, caBundle empty again
        ValidatingWebhookConfiguration reset = validating();
        reset.getWebhooks().get(0).getClientConfig().setCaBundle(null);
        client.admissionRegistration().v1().validatingWebhookConfigurations().resource(reset).update();
        client.configMaps().inNamespace(NS).withName(CaBundleConfigMap.NAME).delete();
        ConfigMap edited = new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata()
                .withName(CaBundleConfigMap.NAME).withNamespace(NS).endMetadata()
                .withData(Map.of("ca.crt", OTHER_PEM, "extra", "kept")).build();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(validating().getWebhooks().get(0).getClientConfig().getCaBundle()).isEqualTo(BUNDLE);
            assertThat(client.configMaps().inNamespace(NS).withName(CaBundleConfigMap.NAME).get()).isNotNull();
        });

        // someone else's content in the ConfigMap: the certificate is put back, other keys stay
        client.configMaps().inNamespace(NS).withName(CaBundleConfigMap.NAME).delete();
        client.configMaps().inNamespace(NS).resource(edited).create();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(client.configMaps().inNamespace(NS)
                .withName(CaBundleConfigMap.NAME).get().getData()).isEqualTo(Map.of("ca.crt", PEM, "extra", "kept")));
    }

    @Test
    void aMissingConfigurationAndAHostTheCertificateLacksAreReported() {
        createChartWebhooks();
        client.admissionRegistration().v1().mutatingWebhookConfigurations().withName("meshgate-sidecar-injector").delete();
        keeper = keeper(Set.of("meshgate.example"), Duration.ofMinutes(1));

        ClusterTrustKeeper.Check check = keeper.checkNow();

        assertThat(check.webhooksPatched()).isEqualTo(1);
        assertThat(check.problems()).anySatisfy(p -> assertThat(p)
                .contains("MutatingWebhookConfiguration meshgate-sidecar-injector not found"));
        assertThat(check.problems()).anySatisfy(p -> assertThat(p)
                .contains("fsm-controller.fsm-system.svc", "--controller-service"));
    }

    @Test
    void withoutWebhooksOnlyTheConfigMapIsKept() {
        createChartWebhooks();
        keeper = new ClusterTrustKeeper(new CaBundleConfigMap(client, NS), null, PEM, null, Duration.ofMinutes(1));

        assertThat(keeper.checkNow().webhooksPatched()).isZero();
        assertThat(mutating().getWebhooks().get(0).getClientConfig().getCaBundle()).isNull();
        assertThat(client.configMaps().inNamespace(NS).withName(CaBundleConfigMap.NAME).get().getData())
                .containsEntry("ca.crt", PEM);
    }

    @Test
    void theCaSecretIsCreatedOnceAndNeverReplaced() {
        CaSecret secret = new CaSecret(client, NS, CaSecret.DEFAULT_NAME);
        AtomicInteger made = new AtomicInteger();

        CaSecret.Outcome first = secret.readOrCreate(() -> {
            made.incrementAndGet();
            return new CaSecret.Content(PEM, "KEY-1");
        });
        assertThat(first.created()).isTrue();
        var stored = client.secrets().inNamespace(NS).withName(CaSecret.DEFAULT_NAME).get();
        assertThat(stored.getType()).isEqualTo("Opaque");
        assertThat(stored.getMetadata().getLabels()).containsEntry(CaSecret.LABEL, CaSecret.LABEL_VALUE);
        assertThat(stored.getData()).containsOnlyKeys("ca.crt", "ca.key");

        CaSecret.Outcome second = new CaSecret(cluster.newClient(), NS, CaSecret.DEFAULT_NAME).readOrCreate(() -> {
            made.incrementAndGet();
            return new CaSecret.Content(OTHER_PEM, "KEY-2");
        });
        assertThat(second.created()).isFalse();
        assertThat(second.content()).isEqualTo(new CaSecret.Content(PEM, "KEY-1"));
        assertThat(made).hasValue(1);
        assertThat(second.content().toString()).doesNotContain("KEY-1");
    }

    @Test
    void aReplicaThatLosesTheRaceToCreateReadsTheWinnersCa() {
        CaSecret secret = new CaSecret(client, NS, "meshgate-ca");
        CaSecret.Outcome outcome = secret.readOrCreate(() -> {
            // another replica creates it between this one's read and its create
            new CaSecret(cluster.newClient(), NS, "meshgate-ca").readOrCreate(() -> new CaSecret.Content(PEM, "WINNER"));
            return new CaSecret.Content(OTHER_PEM, "LOSER");
        });
        assertThat(outcome.created()).isFalse();
        assertThat(outcome.content()).isEqualTo(new CaSecret.Content(PEM, "WINNER"));
    }

    @Test
    void aBrokenCaSecretIsAnErrorNamingItAndAHandMadeOneIsLabelled() {
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("meshgate-ca")
                .withNamespace(NS).endMetadata().withData(Map.of("ca.crt", "bm90IGEgY2VydA==")).build()).create();
        assertThatThrownBy(() -> new CaSecret(client, NS, "meshgate-ca").readOrCreate(() -> {
            throw new AssertionError("must not make a new CA");
        })).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Secret fsm-system/meshgate-ca has no data key ca.key");

        client.secrets().inNamespace(NS).withName("meshgate-ca").edit(s -> new SecretBuilder(s)
                .addToData("ca.key", "%%% not base64").build());
        assertThatThrownBy(() -> new CaSecret(client, NS, "meshgate-ca").read())
                .hasMessageContaining("data key ca.key is not base64");

        client.secrets().inNamespace(NS).withName("meshgate-ca").edit(s -> new SecretBuilder(s)
                .addToData("ca.key", Base64.getEncoder().encodeToString("KEY".getBytes(StandardCharsets.US_ASCII)))
                .build());
        CaSecret handMade = new CaSecret(client, NS, "meshgate-ca");
        handMade.readOrCreate(() -> {
            throw new AssertionError("must not make a new CA");
        });
        assertThat(client.secrets().inNamespace(NS).withName("meshgate-ca").get().getMetadata().getLabels())
                .doesNotContainKey(CaSecret.LABEL);
        handMade.labelIfMissing();
        assertThat(client.secrets().inNamespace(NS).withName("meshgate-ca").get().getMetadata().getLabels())
                .containsEntry(CaSecret.LABEL, CaSecret.LABEL_VALUE);
    }

    private ClusterTrustKeeper keeper(Set<String> servingNames, Duration interval) {
        return new ClusterTrustKeeper(new CaBundleConfigMap(client, NS),
                new WebhookCaBundles(client, "meshgate-sidecar-injector", "meshgate-validator"), PEM, servingNames,
                interval);
    }

    private MutatingWebhookConfiguration mutating() {
        return client.admissionRegistration().v1().mutatingWebhookConfigurations().withName("meshgate-sidecar-injector")
                .get();
    }

    private ValidatingWebhookConfiguration validating() {
        return client.admissionRegistration().v1().validatingWebhookConfigurations().withName("meshgate-validator").get();
    }

    /** As charts/meshgate templates/webhooks.yaml renders them (a second injector webhook added). */
    private void createChartWebhooks() {
        List<MutatingWebhook> injectors = List.of(injector("inject.meshgate.flomesh.io"),
                injector("inject2.meshgate.flomesh.io"));
        client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(
                new MutatingWebhookConfigurationBuilder().withNewMetadata().withName("meshgate-sidecar-injector")
                        .endMetadata().withWebhooks(injectors).build()).create();
        client.admissionRegistration().v1().validatingWebhookConfigurations().resource(
                new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName("meshgate-validator")
                        .endMetadata().addNewWebhook().withName("validate.meshgate.flomesh.io")
                        .withAdmissionReviewVersions("v1").withSideEffects("None").withFailurePolicy("Fail")
                        .withNewClientConfig().withNewService().withName("fsm-controller").withNamespace(NS)
                        .withPort(9091).withPath("/webhooks/validate").endService().endClientConfig()
                        .endWebhook().build()).create();
    }

    private static MutatingWebhook injector(String name) {
        return new MutatingWebhookBuilder().withName(name).withAdmissionReviewVersions("v1").withSideEffects("None")
                .withFailurePolicy("Fail").withReinvocationPolicy("Never")
                .withNewClientConfig().withNewService().withName("fsm-controller").withNamespace(NS).withPort(9091)
                .withPath("/webhooks/inject").endService().endClientConfig().build();
    }

}
