package io.meshgate.kernel.upstream;

import static io.meshgate.kernel.upstream.Balancers.endpoints;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeastWorkBalancerTest {

    private static void load(EndpointState e, int requests) {
        for (int i = 0; i < requests; i++) {
            e.requestStarted();
        }
    }

    @Test
    void prefersTheIdleEndpoint() {
        List<EndpointState> eps = endpoints(1, 1, 1);
        load(eps.get(0), 5);
        load(eps.get(2), 3);
        LeastWorkBalancer balancer = new LeastWorkBalancer(eps);

        for (int i = 0; i < 100; i++) {
            assertThat(balancer.pick(null)).isSameAs(eps.get(1));
        }
    }

    @Test
    void followsTheLoadAsRequestsStartAndFinish() {
        List<EndpointState> eps = endpoints(1, 1);
        LeastWorkBalancer balancer = new LeastWorkBalancer(eps);
        int[] picks = new int[2];
        for (int i = 0; i < 100; i++) {
            EndpointState chosen = balancer.pick(null);
            chosen.requestStarted();
            picks[eps.indexOf(chosen)]++;
        }
        // every pick went to the less loaded one, so the load stayed balanced
        assertThat(picks).containsExactly(50, 50);
        eps.get(0).requestFinished();
        assertThat(balancer.pick(null)).isSameAs(eps.get(0));
    }

    @Test
    void workIsMeasuredRelativeToWeight() {
        List<EndpointState> eps = endpoints(3, 1);
        load(eps.get(0), 2); // (2+1)/3 = 1
        load(eps.get(1), 1); // (1+1)/1 = 2
        LeastWorkBalancer balancer = new LeastWorkBalancer(eps);

        assertThat(balancer.pick(null)).isSameAs(eps.get(0));
    }

    @Test
    void tiesAreBrokenRandomly() {
        List<EndpointState> eps = endpoints(1, 1, 1);
        LeastWorkBalancer balancer = new LeastWorkBalancer(eps);
        Map<EndpointState, Integer> counts = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            counts.merge(balancer.pick(null), 1, Integer::sum);
        }

        for (EndpointState e : eps) {
            assertThat(counts.get(e)).isBetween(700, 1300);
        }
    }

    @Test
    void zeroWeightIsNeverPickedEvenWhenIdle() {
        List<EndpointState> eps = endpoints(0, 1);
        load(eps.get(1), 50);
        LeastWorkBalancer balancer = new LeastWorkBalancer(eps);

        assertThat(balancer.pick(null)).isSameAs(eps.get(1));
        assertThat(new LeastWorkBalancer(endpoints(0)).pick(null)).isNull();
    }

    @Test
    void largeClustersUseTwoRandomChoicesAndNeverPickTheBusiest() {
        int n = LeastWorkBalancer.FULL_SCAN_LIMIT * 2;
        int[] weights = new int[n];
        java.util.Arrays.fill(weights, 1);
        List<EndpointState> eps = endpoints(weights);
        for (EndpointState e : eps) {
            load(e, 10);
        }
        EndpointState busiest = eps.get(0);
        EndpointState idle = eps.get(1);
        load(busiest, 1000);
        for (int i = 0; i < 10; i++) {
            idle.requestFinished();
        }
        LeastWorkBalancer balancer = new LeastWorkBalancer(eps);
        Map<EndpointState, Integer> counts = new HashMap<>();
        for (int i = 0; i < 3200; i++) {
            counts.merge(balancer.pick(null), 1, Integer::sum);
        }

        // the busiest loses every comparison; the idle one wins every comparison it is drawn into
        assertThat(counts).doesNotContainKey(busiest);
        int idlePicks = counts.get(idle);
        counts.remove(idle);
        assertThat(idlePicks).isGreaterThan(counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow());
    }
}
