package io.meshgate.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meshgate aot-train up}'s workload against the real stack: its Ingresses apply, its traffic goes through the
 * gateway's cleartext and TLS listeners without a failed request, through config changes; and its flag.
 */
class AotTrainingTest {
    @Test
    void trafficGoesThroughTheStackWithoutFailuresAcrossConfigChanges(@TempDir Path dataDir) throws Exception {
        AotTraining.Result result = new AotTraining(Duration.ofSeconds(5), Map.of("MESHGATE_KERNEL_WARM_UP", "0"))
                .run(dataDir);

        assertThat(result.requests()).isGreaterThan(100);
        assertThat(result.failures()).isZero();
        assertThat(result.configChanges()).isGreaterThanOrEqualTo(2);
        assertThat(AotTrainingMain.worked(result)).isTrue();
    }

    @Test
    void worksOnlyWhenTrafficWentThrough() {
        assertThat(AotTrainingMain.worked(new AotTraining.Result(0, 0, 1))).isFalse();
        assertThat(AotTrainingMain.worked(new AotTraining.Result(1_000, 10, 1))).isTrue();
        assertThat(AotTrainingMain.worked(new AotTraining.Result(1_000, 11, 1))).isFalse();
    }

    @Test
    void secondsFlag() {
        assertThat(AotTrainingMain.seconds(new String[0])).isEqualTo(Duration.ofSeconds(20));
        assertThat(AotTrainingMain.seconds(new String[] {"--seconds", "7"})).isEqualTo(Duration.ofSeconds(7));
        assertThatThrownBy(() -> AotTrainingMain.seconds(new String[] {"--seconds", "0"}))
                .hasMessageContaining("--seconds must be a whole number of seconds from 1 to 3600, got '0'");
        assertThatThrownBy(() -> AotTrainingMain.seconds(new String[] {"--seconds", "ten"}))
                .hasMessageContaining("got 'ten'");
        assertThatThrownBy(() -> AotTrainingMain.seconds(new String[] {"--minutes", "1"}))
                .hasMessageContaining("expected --seconds N, got '--minutes 1'");
    }
}
