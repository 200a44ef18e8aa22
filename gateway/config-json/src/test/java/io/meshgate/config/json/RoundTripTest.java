package io.meshgate.config.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.Cluster;
import io.meshgate.config.Listener;
import io.meshgate.config.ProxyConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Write, read, equal: over the sample configs and configs drawn from their parts (listeners and
 * clusters in random subsets and orders, seeded so that a failure repeats), in every layout and through
 * both fragment caches.
 */
class RoundTripTest {

    @Test
    void everySampleReadsBackEqualInEveryLayout() {
        for (ProxyConfig config : List.of(ConfigSamples.everything(), WireSamples.everything(), WireSamples.empty(),
                WireSamples.large(7, 9))) {
            roundTrip(config);
        }
    }

    @Test
    void configsDrawnFromTheSamplesReadBackEqual() {
        ProxyConfig whole = WireSamples.everything();
        ConfigFragments written = new ConfigFragments();
        ParsedFragments parsed = new ParsedFragments();
        for (long seed = 1; seed <= 200; seed++) {
            Random random = new Random(seed);
            List<Listener> listeners = new ArrayList<>(whole.listeners());
            Collections.shuffle(listeners, random);
            listeners = listeners.subList(0, random.nextInt(listeners.size() + 1));
            List<Cluster> clusters = new ArrayList<>(whole.clusters());
            Collections.shuffle(clusters, random);
            ProxyConfig config = new ProxyConfig("seed-" + seed, listeners, clusters);

            roundTrip(config);
            String compact = ProxyConfigJson.writeCompact(config);
            assertThat(ProxyConfigJson.writeCompact(config, written)).as("seed %d", seed).isEqualTo(compact);
            assertThat(ProxyConfigJson.read(compact, parsed)).as("seed %d", seed).isEqualTo(config);
            written.endRound();
        }
    }

    private static void roundTrip(ProxyConfig config) {
        for (String json : List.of(ProxyConfigJson.write(config, false), ProxyConfigJson.writeCompact(config))) {
            ProxyConfig read = ProxyConfigJson.read(json);
            assertThat(read).isEqualTo(config);
            assertThat(json.contains("\n") ? ProxyConfigJson.write(read, false) : ProxyConfigJson.writeCompact(read))
                    .isEqualTo(json);
        }
    }
}
