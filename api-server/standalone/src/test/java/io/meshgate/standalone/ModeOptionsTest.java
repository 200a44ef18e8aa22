package io.meshgate.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mode flags and the chart's environment variables; everything else is left for StandaloneOptions. */
class ModeOptionsTest {

    @Test
    void standaloneByDefaultAndTheRestLeftAlone() {
        ModeOptions.Split split = ModeOptions.split(new String[] {"--api-port", "9000", "--bind=0.0.0.0"}, Map.of());
        assertThat(split.options().kubernetes()).isFalse();
        assertThat(split.options().database().postgresql()).isFalse();
        assertThat(split.rest()).containsExactly("--api-port", "9000", "--bind=0.0.0.0");
    }

    @Test
    void theChartsEnvironmentSelectsKubernetesModeWithItsLeaseAndDatabase() {
        ModeOptions options = ModeOptions.split(new String[0], Map.of("MESHGATE_MODE", "kubernetes",
                "MESHGATE_NAMESPACE", "mesh-system", "MESHGATE_LEASE_NAME", "fsm-controller-leader",
                "MESHGATE_LEASE_DURATION", "30s", "MESHGATE_RENEW_DEADLINE", "20s", "MESHGATE_RETRY_PERIOD", "500ms",
                "MESHGATE_DATABASE", "postgresql", "MESHGATE_DATABASE_URL", "jdbc:postgresql://db:5432/meshgate",
                "MESHGATE_DATABASE_USER", "meshgate", "MESHGATE_DATABASE_PASSWORD", "s3cret")).options();
        assertThat(options.kubernetes()).isTrue();
        assertThat(options.namespace()).isEqualTo("mesh-system");
        assertThat(options.leaseName()).isEqualTo("fsm-controller-leader");
        assertThat(options.timing().leaseDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.timing().retryPeriod()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.database().config(java.nio.file.Path.of("data")).jdbcUrl())
                .isEqualTo("jdbc:postgresql://db:5432/meshgate");
        assertThat(options.database().toString()).doesNotContain("s3cret");
    }

    @Test
    void flagsWinOverTheEnvironment() {
        ModeOptions options = ModeOptions.split(new String[] {"--mode", "kubernetes", "--namespace=ns"},
                Map.of("MESHGATE_MODE", "standalone", "MESHGATE_NAMESPACE", "other")).options();
        assertThat(options.kubernetes()).isTrue();
        assertThat(options.namespace()).isEqualTo("ns");
    }

    @Test
    void badValuesAreRefusedNamingTheFlag() {
        assertThatThrownBy(() -> ModeOptions.split(new String[] {"--mode", "cluster"}, Map.of()))
                .hasMessageContaining("--mode / MESHGATE_MODE must be standalone or kubernetes");
        assertThatThrownBy(() -> ModeOptions.split(new String[] {"--lease-duration", "soon"}, Map.of()))
                .hasMessageContaining("--lease-duration must be a duration");
        assertThatThrownBy(() -> ModeOptions.split(new String[] {"--retry-period", "20s"}, Map.of()))
                .hasMessageContaining("leaseDuration > renewDeadline > retryPeriod");
        assertThatThrownBy(() -> ModeOptions.split(new String[] {"--mode", "kubernetes", "--database", "postgresql"},
                Map.of())).hasMessageContaining("MESHGATE_DATABASE_URL");
        assertThatThrownBy(() -> ModeOptions.split(new String[] {"--database", "postgresql", "--database-url",
                "jdbc:postgresql://db/m", "--database-user", "u"}, Map.of()))
                .hasMessageContaining("only read in Kubernetes mode");
        assertThatThrownBy(() -> ModeOptions.split(new String[] {"--namespace"}, Map.of()))
                .hasMessageContaining("--namespace needs a value");
    }

    @Test
    void theChartsWebhookEnvironmentNamesTheCaSecretAndTheConfigurations() {
        ModeOptions defaults = ModeOptions.split(new String[0], Map.of()).options();
        assertThat(defaults.trust()).isEqualTo(ClusterTrust.DEFAULT);
        assertThat(defaults.trust().caSecret()).isEqualTo("meshgate-ca");
        assertThat(defaults.trust().controlPlaneCerts()).isTrue();

        ClusterTrust chart = ModeOptions.split(new String[0], Map.of("MESHGATE_MODE", "kubernetes",
                "MESHGATE_WEBHOOK_CERT_SOURCE", "controlPlane", "MESHGATE_INJECTOR_WEBHOOK", "meshgate-sidecar-injector",
                "MESHGATE_VALIDATING_WEBHOOK", "meshgate-validator", "MESHGATE_CA_SECRET", "fsm-ca")).options().trust();
        assertThat(chart).isEqualTo(new ClusterTrust("fsm-ca", true, "meshgate-sidecar-injector", "meshgate-validator"));

        ClusterTrust flags = ModeOptions.split(new String[] {"--webhook-cert-source", "certManager", "--ca-secret=ca",
                "--injector-webhook", "inj", "--validating-webhook=val"}, Map.of("MESHGATE_INJECTOR_WEBHOOK", "other"))
                .options().trust();
        assertThat(flags).isEqualTo(new ClusterTrust("ca", false, "inj", "val"));
        // a disabled webhook: the chart leaves its variable out, an empty one means the same
        assertThat(ModeOptions.split(new String[] {"--injector-webhook="}, Map.of()).options().trust().injectorWebhook())
                .isNull();
    }

    @Test
    void badWebhookSettingsAreRefusedNamingTheFlagAndVariable() {
        assertThatThrownBy(() -> ModeOptions.split(new String[0], Map.of("MESHGATE_WEBHOOK_CERT_SOURCE", "vault")))
                .hasMessageContaining("--webhook-cert-source / MESHGATE_WEBHOOK_CERT_SOURCE must be controlPlane or"
                        + " certManager, got 'vault'");
        assertThatThrownBy(() -> ModeOptions.split(new String[] {"--ca-secret", " "}, Map.of()))
                .hasMessageContaining("--ca-secret / MESHGATE_CA_SECRET must not be empty");
        assertThatThrownBy(() -> ModeOptions.split(new String[] {"--ca-secret", "Mesh_CA"}, Map.of()))
                .hasMessageContaining("--ca-secret / MESHGATE_CA_SECRET must be a Kubernetes object name, got 'Mesh_CA'");
        assertThatThrownBy(() -> ModeOptions.split(new String[0], Map.of("MESHGATE_VALIDATING_WEBHOOK", "-bad")))
                .hasMessageContaining("--validating-webhook / MESHGATE_VALIDATING_WEBHOOK must be a Kubernetes object name");
        assertThatThrownBy(() -> ModeOptions.split(new String[] {"--injector-webhook"}, Map.of()))
                .hasMessageContaining("--injector-webhook needs a value");
    }
}
