package io.meshgate.reconcile.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.Cluster;
import io.meshgate.config.Endpoint;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.json.ProxyConfigJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Labelling the unlabelled JSON gives exactly what serialising the labelled config gives. */
class ConfigVersionTest {
    private final ProxyConfig config = new ProxyConfig("ignored", List.of(),
            List.of(Cluster.of("a", List.of(Endpoint.of("127.0.0.1", 8080)))));

    @Test
    void labellingTheUnlabelledJsonEqualsWritingTheLabelledConfig() {
        String unlabelled = ConfigVersion.unlabelledJson(config);
        assertThat(unlabelled).as("compact on the wire").doesNotContain("\n").doesNotContain("  ");
        String hash = ConfigVersion.hashOfUnlabelled(unlabelled);
        assertThat(hash).isEqualTo(ConfigVersion.contentHash(config));
        String version = ConfigVersion.of(42, hash);
        assertThat(ConfigVersion.labelJson(unlabelled, version))
                .isEqualTo(ProxyConfigJson.writeCompact(ConfigVersion.label(config, version)));
    }

    @Test
    void refusesWhatIsNotUnlabelledOrAVersionThatNeedsEscaping() {
        String labelled = ProxyConfigJson.write(ConfigVersion.label(config, "r1-abc"), false);
        assertThatThrownBy(() -> ConfigVersion.labelJson(labelled, "r2-abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConfigVersion.labelJson(ConfigVersion.unlabelledJson(config), "a\"b"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
