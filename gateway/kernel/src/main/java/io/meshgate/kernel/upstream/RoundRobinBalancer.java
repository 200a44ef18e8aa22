package io.meshgate.kernel.upstream;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Smooth weighted round robin (nginx's algorithm), made lock-free: the whole cycle of picks is
 * computed once, when the cluster is compiled, and {@link #pick} only advances an atomic counter
 * through it. Weights 3:1 give the interleaving A A B A rather than A A A B, exactly as nginx does.
 *
 * <p>The counter starts at a random position so that event loops and proxy replicas that compiled
 * the same cluster at the same moment do not all send their first request to the same endpoint.
 */
public final class RoundRobinBalancer implements LoadBalancer {
    /** Longest precomputed cycle; larger weight sums are scaled down proportionally. */
    static final int MAX_CYCLE = 1 << 16;

    private final EndpointState[] cycle;
    private final AtomicLong position;

    public RoundRobinBalancer(List<EndpointState> endpoints) {
        this.cycle = buildCycle(endpoints);
        this.position = new AtomicLong(cycle.length == 0 ? 0 : ThreadLocalRandom.current().nextInt(cycle.length));
    }

    @Override
    public EndpointState pick(InetAddress clientAddress) {
        if (cycle.length == 0) {
            return null;
        }
        return cycle[(int) Long.remainderUnsigned(position.getAndIncrement(), cycle.length)];
    }

    /** The picks of one full cycle, in order (for tests and diagnostics). */
    List<EndpointState> cycle() {
        return List.of(cycle);
    }

    private static EndpointState[] buildCycle(List<EndpointState> endpoints) {
        List<EndpointState> eligible = new ArrayList<>();
        for (EndpointState e : endpoints) {
            if (e.weight() > 0) {
                eligible.add(e);
            }
        }
        int n = eligible.size();
        if (n == 0) {
            return new EndpointState[0];
        }
        int[] weights = normalisedWeights(eligible);
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        // nginx's smooth weighted round robin: every step each endpoint gains its weight, the
        // richest is picked and pays the total back.
        long[] current = new long[n];
        EndpointState[] result = new EndpointState[total];
        for (int step = 0; step < total; step++) {
            int best = 0;
            for (int i = 0; i < n; i++) {
                current[i] += weights[i];
                if (current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            result[step] = eligible.get(best);
        }
        return result;
    }

    /** Divides by the common divisor (2:2:2 is a cycle of 3) and caps the sum at MAX_CYCLE. */
    private static int[] normalisedWeights(List<EndpointState> eligible) {
        int gcd = 0;
        long sum = 0;
        for (EndpointState e : eligible) {
            gcd = gcd(gcd, e.weight());
            sum += e.weight();
        }
        int[] weights = new int[eligible.size()];
        long reducedSum = sum / gcd;
        for (int i = 0; i < weights.length; i++) {
            long w = eligible.get(i).weight() / gcd;
            if (reducedSum > MAX_CYCLE) {
                w = Math.max(1, w * MAX_CYCLE / reducedSum);
            }
            weights[i] = (int) w;
        }
        return weights;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
