package io.meshgate.config.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.Cluster;
import io.meshgate.config.HttpListener;
import io.meshgate.config.Listener;
import io.meshgate.config.PathMatch;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.VirtualHost;
import io.meshgate.config.WeightedCluster;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Copying routes and clusters from {@link ConfigFragments} writes exactly the text of a plain compact write. */
class ConfigFragmentsTest {

    @Test
    void everyKindOfConfigIsWrittenTheSameWithAndWithoutFragments() {
        ProxyConfig everything = ConfigSamples.everything();
        ConfigFragments fragments = new ConfigFragments();
        String plain = ProxyConfigJson.writeCompact(everything);
        assertThat(ProxyConfigJson.writeCompact(everything, fragments)).isEqualTo(plain);
        long misses = fragments.misses();
        assertThat(misses).isPositive();
        assertThat(ProxyConfigJson.writeCompact(everything, fragments)).as("second write, from the cache")
                .isEqualTo(plain);
        assertThat(fragments.misses()).as("nothing serialised again").isEqualTo(misses);
        assertThat(ProxyConfigJson.read(ProxyConfigJson.writeCompact(everything, fragments))).isEqualTo(everything);
    }

    @Test
    void aChangedRouteIsWrittenAnewAndTheOthersAreCopied() {
        ConfigFragments fragments = new ConfigFragments();
        List<Route> routes = new ArrayList<>();
        List<Cluster> clusters = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            clusters.add(Cluster.of("c" + i, List.of()));
            routes.add(route(i, "/app" + i));
        }
        ProxyConfig before = config(routes, clusters);
        assertThat(ProxyConfigJson.writeCompact(before, fragments)).isEqualTo(ProxyConfigJson.writeCompact(before));
        fragments.endRound();
        routes.set(7, route(7, "/changed"));
        ProxyConfig after = config(routes, clusters);
        long misses = fragments.misses();
        String written = ProxyConfigJson.writeCompact(after, fragments);
        assertThat(written).isEqualTo(ProxyConfigJson.writeCompact(after)).contains("/changed").doesNotContain("/app7\"");
        assertThat(fragments.misses() - misses).as("only the new route and its (new) virtual host are serialised")
                .isEqualTo(2);
        fragments.endRound();
        fragments.endRound();
        long missesBeforeCold = fragments.misses();
        assertThat(ProxyConfigJson.writeCompact(after, fragments)).isEqualTo(written);
        assertThat(fragments.misses() - missesBeforeCold).as("two rounds without a write forget everything")
                .isEqualTo(101);
    }

    private static Route route(int i, String path) {
        return new Route("r" + i, RouteMatch.path(PathMatch.prefix(path)), List.of(new WeightedCluster("c" + i, 1)),
                List.of(), null);
    }

    private static ProxyConfig config(List<Route> routes, List<Cluster> clusters) {
        List<Listener> listeners = List.of(HttpListener.plain("http", "127.0.0.1", 8000,
                List.of(new VirtualHost("any", List.of("*"), List.copyOf(routes)))));
        return new ProxyConfig("v1", listeners, List.copyOf(clusters));
    }
}
