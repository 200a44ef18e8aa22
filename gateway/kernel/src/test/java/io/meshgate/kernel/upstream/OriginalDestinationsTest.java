package io.meshgate.kernel.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.Cluster;
import io.meshgate.config.EgressTunnel;
import io.meshgate.config.Endpoint;
import io.meshgate.config.TunnelMode;
import io.meshgate.config.UpstreamTls;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The endpoints of original-destination clusters: shared per destination, bounded, named for TLS and tunnels. */
class OriginalDestinationsTest {
    private static final InetSocketAddress HTTPBIN = new InetSocketAddress("203.0.113.7", 443);

    @Test
    void theSameDestinationAndHostShareOneEndpointSoTheirConnectionsArePooled() {
        UpstreamCluster cluster = UpstreamCluster.compile(Cluster.originalDestination("egress", null, null));
        EndpointState a = cluster.originalDestination(HTTPBIN, "httpbin.org");
        assertThat(cluster.originalDestination(new InetSocketAddress("203.0.113.7", 443), "httpbin.org")).isSameAs(a);
        assertThat(cluster.originalDestination(HTTPBIN, "www.httpbin.org")).isNotSameAs(a);
        assertThat(cluster.originalDestination(HTTPBIN, null).tunnelHost()).isEqualTo("203.0.113.7");
        assertThat(a.tunnelHost()).isEqualTo("httpbin.org");
        assertThat(a.socketAddress()).isEqualTo(HTTPBIN);
        assertThat(cluster.endpoints()).isEmpty();
    }

    @Test
    void theTlsNameIsTheConfiguredServerNameElseTheRequestHostElseTheAddress() {
        EndpointState named = EndpointState.originalDestination(HTTPBIN, "httpbin.org", "httpbin.org");
        EndpointState bare = EndpointState.originalDestination(HTTPBIN, null, null);
        UpstreamTls verifying = new UpstreamTls(null, true, null, null, null);
        assertThat(UpstreamTlsContexts.peerHost(verifying, named)).isEqualTo("httpbin.org");
        assertThat(UpstreamTlsContexts.peerHost(verifying, bare)).isEqualTo("203.0.113.7");
        assertThat(UpstreamTlsContexts.peerHost(new UpstreamTls("api.example", true, null, null, null), named))
                .isEqualTo("api.example");
    }

    @Test
    void beyondTheCapIdleDestinationsAreRetiredAndForgotten() {
        UpstreamCluster cluster = UpstreamCluster.compile(Cluster.originalDestination("egress", null, null));
        EndpointState busy = cluster.originalDestination(HTTPBIN, "busy");
        busy.requestStarted();
        EndpointState idle = cluster.originalDestination(HTTPBIN, "idle");
        for (int i = 0; i < OriginalDestinations.MAX_DESTINATIONS; i++) {
            cluster.originalDestination(new InetSocketAddress("203.0.113.8", 1 + i), null);
        }
        assertThat(idle.isRetired()).isTrue();
        assertThat(busy.isRetired()).as("a destination with a request in flight stays").isFalse();
        assertThat(cluster.originalDestination(HTTPBIN, "busy")).isSameAs(busy);
        assertThat(cluster.originalDestination(HTTPBIN, "idle")).isNotSameAs(idle);
    }

    @Test
    void aConfigSwapKeepsTheDestinationsOnlyWhileTheWayThereIsTheSame() {
        Cluster direct = Cluster.originalDestination("egress", null, null);
        UpstreamCluster first = UpstreamCluster.compile(direct);
        EndpointState kept = first.originalDestination(HTTPBIN, "httpbin.org");
        UpstreamCluster same = UpstreamCluster.compile(direct, first);
        assertThat(same.originalDestination(HTTPBIN, "httpbin.org")).isSameAs(kept);

        UpstreamCluster tunnelled = UpstreamCluster.compile(
                Cluster.originalDestination("egress", null, new EgressTunnel("gw", TunnelMode.SOCKS5)), same);
        assertThat(kept.isRetired()).as("its pooled connections went directly: closed").isTrue();
        assertThat(tunnelled.originalDestination(HTTPBIN, "httpbin.org")).isNotSameAs(kept);
    }

    @Test
    void aClusterWithEndpointsHasNoOriginalDestinations() {
        UpstreamCluster cluster = UpstreamCluster.compile(Cluster.of("c", List.of(Endpoint.of("127.0.0.1", 80))));
        assertThat(cluster.connectsToOriginalDestination()).isFalse();
        assertThatThrownBy(() -> cluster.originalDestination(HTTPBIN, null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'c'");
    }
}
