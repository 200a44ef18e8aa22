package io.meshgate.api.traffic;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading the kernel's {@code /stats} page and naming the Service behind a cluster. */
class RequestCountersTest {

    @Test
    void onlyTheClustersRequestCountersAreRead() {
        String page = """
                cluster.shop/shop-v1|8080.upstream_rq_2xx: 7
                cluster.shop/shop-v1|8080.upstream_rq_total: 9
                cluster.shop/shop-v2:80~sticky.upstream_rq_total: 3
                cluster.inbound|8080.upstream_rq_total: 12
                cluster.odd.upstream_rq_total: 1.5
                cluster.neg.upstream_rq_total: -1
                listener.outbound.downstream_rq_total: 40
                meshgate_requests_total{cluster="x"} 4
                """;

        assertThat(RequestCounters.parse(page)).containsExactly(
                java.util.Map.entry("shop/shop-v1|8080", 9L),
                java.util.Map.entry("shop/shop-v2:80~sticky", 3L),
                java.util.Map.entry("inbound|8080", 12L));
        assertThat(RequestCounters.parse(null)).isEmpty();
        assertThat(RequestCounters.parse("garbage\ncluster..upstream_rq_total: 3")).isEmpty();
    }

    @Test
    void sidecarAndIngressClusterNamesNameTheirService() {
        assertThat(BackendCluster.of("shop/shop-v1|8080")).contains(new BackendCluster("shop", "shop-v1"));
        assertThat(BackendCluster.of("shop/shop-v1:80")).contains(new BackendCluster("shop", "shop-v1"));
        assertThat(BackendCluster.of("shop/shop-v1:80~sticky~h2")).contains(new BackendCluster("shop", "shop-v1"));
    }

    @Test
    void clustersOfNoSingleServiceNameNone() {
        assertThat(BackendCluster.of("shop/shop|9000|split")).isEmpty(); // a TCP split's shared cluster
        assertThat(BackendCluster.of("inbound|8080")).isEmpty();
        assertThat(BackendCluster.of("egress|httpbin.org|80")).isEmpty();
        assertThat(BackendCluster.of("shop/shop-v1:80~unresolved")).isEmpty();
        assertThat(BackendCluster.of("shop/web~unresolved")).isEmpty();
        assertThat(BackendCluster.of("/x|80")).isEmpty();
        assertThat(BackendCluster.of("shop/|80")).isEmpty();
    }
}
