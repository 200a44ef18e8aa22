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
}
