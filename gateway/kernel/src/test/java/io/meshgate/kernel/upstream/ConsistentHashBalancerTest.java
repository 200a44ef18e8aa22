package io.meshgate.kernel.upstream;

import static io.meshgate.kernel.upstream.Balancers.client;
import static io.meshgate.kernel.upstream.Balancers.endpoints;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConsistentHashBalancerTest {
    private static final int CLIENTS = 3000;

    @Test
    void aClientAlwaysLandsOnTheSameEndpoint() {
        ConsistentHashBalancer balancer = new ConsistentHashBalancer(endpoints(1, 1, 1));
        for (int i = 0; i < CLIENTS; i++) {
            EndpointState first = balancer.pick(client(i));
            for (int repeat = 0; repeat < 3; repeat++) {
                assertThat(balancer.pick(client(i))).isSameAs(first);
            }
        }
    }

    @Test
    void clientsSpreadOverAllEndpoints() {
        List<EndpointState> eps = endpoints(1, 1, 1);
        Map<EndpointState, Integer> counts = counts(new ConsistentHashBalancer(eps));

        for (EndpointState e : eps) {
            // a third each, give or take what a 100-point ring allows
            assertThat(counts.get(e)).isBetween(CLIENTS / 5, CLIENTS / 2);
        }
    }

    @Test
    void weightsScaleTheShare() {
        List<EndpointState> eps = endpoints(3, 1);
        Map<EndpointState, Integer> counts = counts(new ConsistentHashBalancer(eps));

        assertThat(counts.get(eps.get(0))).isBetween(CLIENTS * 60 / 100, CLIENTS * 88 / 100);
    }

    @Test
    void removingAnEndpointMovesOnlyItsClients() {
        List<EndpointState> eps = endpoints(1, 1, 1, 1, 1);
        ConsistentHashBalancer before = new ConsistentHashBalancer(eps);
        EndpointState removed = eps.get(2);
        List<EndpointState> remaining = new ArrayList<>(eps);
        remaining.remove(removed);
        ConsistentHashBalancer after = new ConsistentHashBalancer(remaining);

        int moved = 0;
        for (int i = 0; i < CLIENTS; i++) {
            EndpointState was = before.pick(client(i));
            EndpointState now = after.pick(client(i));
            if (was != removed) {
                assertThat(now).as("client %d stays on %s", i, was).isSameAs(was);
            } else {
                moved++;
                assertThat(now).isNotSameAs(removed);
            }
        }
        assertThat(moved).isPositive();
    }

    @Test
    void theMappingDependsOnAddressesNotOnListOrderOrInstances() {
        ConsistentHashBalancer original = new ConsistentHashBalancer(endpoints(1, 2, 1, 1));
        List<EndpointState> shuffled = new ArrayList<>(endpoints(1, 2, 1, 1));
        Collections.shuffle(shuffled, new Random(42));
        ConsistentHashBalancer recompiled = new ConsistentHashBalancer(shuffled);

        for (int i = 0; i < CLIENTS; i++) {
            assertThat(recompiled.pick(client(i)).endpoint()).isEqualTo(original.pick(client(i)).endpoint());
        }
    }

    @Test
    void zeroWeightIsNeverPickedAndNoneEligibleGivesNull() {
        List<EndpointState> eps = endpoints(0, 1);
        ConsistentHashBalancer balancer = new ConsistentHashBalancer(eps);
        for (int i = 0; i < 500; i++) {
            assertThat(balancer.pick(client(i))).isSameAs(eps.get(1));
        }
        assertThat(new ConsistentHashBalancer(endpoints(0, 0)).pick(client(1))).isNull();
    }

    @Test
    void anUnknownClientStillGetsAnEndpoint() {
        List<EndpointState> eps = endpoints(1, 1);
        ConsistentHashBalancer balancer = new ConsistentHashBalancer(eps);

        assertThat(balancer.pick(null)).isIn(eps);
    }

    @Test
    void theRingIsBounded() {
        int[] weights = new int[100];
        java.util.Arrays.fill(weights, 100);
        assertThat(new ConsistentHashBalancer(endpoints(weights)).ringSize())
                .isLessThanOrEqualTo(ConsistentHashBalancer.MAX_POINTS);
    }

    private static Map<EndpointState, Integer> counts(ConsistentHashBalancer balancer) {
        Map<EndpointState, Integer> counts = new HashMap<>();
        for (int i = 0; i < CLIENTS; i++) {
            counts.merge(balancer.pick(client(i)), 1, Integer::sum);
        }
        return counts;
    }
}
