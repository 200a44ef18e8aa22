package io.meshgate.config.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/** Reading through {@link ParsedFragments} gives the config a plain read gives, reusing unchanged parts. */
class ParsedFragmentsTest {

    @Test
    void everyKindOfConfigReadsTheSameWithAndWithoutFragments() {
        String json = ProxyConfigJson.writeCompact(ConfigSamples.everything());
        ParsedFragments fragments = new ParsedFragments();
        assertThat(ProxyConfigJson.read(json, fragments)).isEqualTo(ProxyConfigJson.read(json));
        assertThat(fragments.reusedByLastRead()).isZero();
        assertThat(ProxyConfigJson.read(json, fragments)).isEqualTo(ProxyConfigJson.read(json));
        assertThat(fragments.reusedByLastRead()).as("every host and cluster again").isPositive();
        String pretty = ProxyConfigJson.write(ConfigSamples.everything(), false);
        assertThat(ProxyConfigJson.read(pretty, fragments)).as("another layout: bound anew, the same config")
                .isEqualTo(ProxyConfigJson.read(pretty));
    }

    @Test
    void aChangedVirtualHostIsBoundAnewAndTheOthersAreTheSameRecords() {
        ParsedFragments fragments = new ParsedFragments();
        ProxyConfig before = config(50, -1);
        ProxyConfig first = ProxyConfigJson.read(ProxyConfigJson.writeCompact(before), fragments);
        assertThat(first).isEqualTo(before);

        ProxyConfig after = config(50, 7);
        ProxyConfig second = ProxyConfigJson.read(ProxyConfigJson.writeCompact(after), fragments);
        assertThat(second).isEqualTo(after);
        List<VirtualHost> was = hosts(first);
        List<VirtualHost> now = hosts(second);
        for (int i = 0; i < 50; i++) {
            if (i == 7) {
                assertThat(now.get(i)).isNotSameAs(was.get(i)).isNotEqualTo(was.get(i));
            } else {
                assertThat(now.get(i)).as("host " + i).isSameAs(was.get(i));
            }
            assertThat(second.clusters().get(i)).isSameAs(first.clusters().get(i));
        }
        assertThat(fragments.reusedByLastRead()).isEqualTo(49 + 50);
    }

    @Test
    void aBadConfigIsRefusedWithItsPlaceAndTheLastGoodFragmentsStay() {
        ParsedFragments fragments = new ParsedFragments();
        String good = ProxyConfigJson.writeCompact(config(5, -1));
        ProxyConfigJson.read(good, fragments);

        // an unknown property inside a virtual host whose text was never seen: bound anew, strictly
        String unknown = good.replace("\"name\":\"h3\"", "\"name\":\"h3\",\"bogus\":1");
        assertThat(unknown).isNotEqualTo(good);
        assertThatThrownBy(() -> ProxyConfigJson.read(unknown, fragments))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("virtualHosts").hasMessageContaining("bogus");
        // a duplicate key is refused while the host is skipped over, before any reuse
        String duplicate = good.replace("\"name\":\"h2\"", "\"name\":\"h2\",\"name\":\"h2\"");
        assertThatThrownBy(() -> ProxyConfigJson.read(duplicate, fragments))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");

        assertThat(ProxyConfigJson.read(good, fragments)).isEqualTo(config(5, -1));
        assertThat(fragments.reusedByLastRead()).as("the failed reads kept nothing of theirs").isEqualTo(10);
    }

    private static List<VirtualHost> hosts(ProxyConfig config) {
        return ((HttpListener) config.listeners().get(0)).virtualHosts();
    }

    /** {@code n} hosts with a route and a cluster each; host {@code changed} (if >= 0) routes another path. */
    private static ProxyConfig config(int n, int changed) {
        List<VirtualHost> hosts = new ArrayList<>();
        List<Cluster> clusters = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clusters.add(Cluster.of("c" + i, List.of()));
            Route route = new Route("r" + i, RouteMatch.path(PathMatch.prefix(i == changed ? "/changed" : "/app" + i)),
                    List.of(new WeightedCluster("c" + i, 1)), List.of(), null);
            hosts.add(new VirtualHost("h" + i, List.of("h" + i + ".example"), List.of(route)));
        }
        List<Listener> listeners = List.of(HttpListener.plain("http", "127.0.0.1", 8000, hosts));
        return new ProxyConfig("v1", listeners, clusters);
    }
}
