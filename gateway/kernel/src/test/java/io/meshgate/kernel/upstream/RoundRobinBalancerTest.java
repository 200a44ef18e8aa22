package io.meshgate.kernel.upstream;

import static io.meshgate.kernel.upstream.Balancers.endpoints;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RoundRobinBalancerTest {

    private static Map<EndpointState, Integer> count(LoadBalancer balancer, int picks) {
        Map<EndpointState, Integer> counts = new java.util.HashMap<>();
        for (int i = 0; i < picks; i++) {
            counts.merge(balancer.pick(null), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void equalWeightsSpreadEvenly() {
        List<EndpointState> eps = endpoints(1, 1, 1);
        Map<EndpointState, Integer> counts = count(new RoundRobinBalancer(eps), 300);

        assertThat(counts).containsEntry(eps.get(0), 100).containsEntry(eps.get(1), 100).containsEntry(eps.get(2), 100);
    }

    @Test
    void weightsThreeToOneGiveThreeToOneInterleavedLikeNginx() {
        List<EndpointState> eps = endpoints(3, 1);
        RoundRobinBalancer balancer = new RoundRobinBalancer(eps);

        assertThat(balancer.cycle()).containsExactly(eps.get(0), eps.get(0), eps.get(1), eps.get(0));
        Map<EndpointState, Integer> counts = count(balancer, 400);
        assertThat(counts).containsEntry(eps.get(0), 300).containsEntry(eps.get(1), 100);
    }

    @Test
    void smoothOrderNeverBurstsTheHeavyEndpoint() {
        List<EndpointState> eps = endpoints(5, 1, 1);

        // nginx's example: {a, a, b, a, c, a, a} rather than five a's in a row
        assertThat(new RoundRobinBalancer(eps).cycle())
                .containsExactly(eps.get(0), eps.get(0), eps.get(1), eps.get(0), eps.get(2), eps.get(0), eps.get(0));
    }

    @Test
    void commonDivisorsShortenTheCycle() {
        assertThat(new RoundRobinBalancer(endpoints(200, 200, 400)).cycle()).hasSize(4);
    }

    @Test
    void hugeWeightsAreScaledToABoundedCycle() {
        RoundRobinBalancer balancer = new RoundRobinBalancer(endpoints(1_000_000, 999_999, 1));

        assertThat(balancer.cycle()).hasSizeLessThanOrEqualTo(RoundRobinBalancer.MAX_CYCLE + 3);
        assertThat(balancer.cycle().stream().distinct()).hasSize(3);
    }

    @Test
    void zeroWeightIsNeverPicked() {
        List<EndpointState> eps = endpoints(1, 0, 2);
        Map<EndpointState, Integer> counts = count(new RoundRobinBalancer(eps), 300);

        assertThat(counts).doesNotContainKey(eps.get(1)).containsEntry(eps.get(0), 100).containsEntry(eps.get(2), 200);
    }

    @Test
    void noEligibleEndpointGivesNull() {
        assertThat(new RoundRobinBalancer(endpoints(0, 0)).pick(null)).isNull();
        assertThat(new RoundRobinBalancer(List.of()).pick(null)).isNull();
    }

    @Test
    void concurrentPicksStayExact() throws Exception {
        List<EndpointState> eps = endpoints(1, 1);
        RoundRobinBalancer balancer = new RoundRobinBalancer(eps);
        Map<EndpointState, AtomicInteger> counts = new ConcurrentHashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4000; i++) {
            threads.execute(() -> counts.computeIfAbsent(balancer.pick(null), k -> new AtomicInteger()).incrementAndGet());
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        assertThat(counts.get(eps.get(0))).hasValue(2000);
        assertThat(counts.get(eps.get(1))).hasValue(2000);
    }
}
