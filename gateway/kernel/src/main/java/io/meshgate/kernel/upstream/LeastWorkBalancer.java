package io.meshgate.kernel.upstream;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends each request to the endpoint with the least work relative to its weight:
 * {@code (inFlight + 1) / weight}, so a weight-3 endpoint carries about three times the concurrent
 * requests of a weight-1 one. Small clusters are scanned fully with random tie-breaking; larger
 * ones use the power of two random choices, which is nearly as good and O(1).
 */
public final class LeastWorkBalancer implements LoadBalancer {
    /** Up to this many endpoints every pick looks at all of them. */
    static final int FULL_SCAN_LIMIT = 16;

    private final EndpointState[] candidates;

    public LeastWorkBalancer(List<EndpointState> endpoints) {
        List<EndpointState> eligible = new ArrayList<>();
        for (EndpointState e : endpoints) {
            if (e.weight() > 0) {
                eligible.add(e);
            }
        }
        this.candidates = eligible.toArray(new EndpointState[0]);
    }

    @Override
    public EndpointState pick(InetAddress clientAddress) {
        int n = candidates.length;
        if (n <= 1) {
            return n == 0 ? null : candidates[0];
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (n > FULL_SCAN_LIMIT) {
            int a = random.nextInt(n);
            int b = random.nextInt(n - 1);
            if (b >= a) {
                b++;
            }
            return compare(candidates[b], candidates[a]) < 0 ? candidates[b] : candidates[a];
        }
        EndpointState best = candidates[0];
        int ties = 1;
        for (int i = 1; i < n; i++) {
            int c = compare(candidates[i], best);
            if (c < 0) {
                best = candidates[i];
                ties = 1;
            } else if (c == 0 && random.nextInt(++ties) == 0) {
                // reservoir sampling: each of the tied endpoints ends up chosen with equal probability
                best = candidates[i];
            }
        }
        return best;
    }

    /** Negative when {@code a} has less work per unit of weight than {@code b}. */
    private static int compare(EndpointState a, EndpointState b) {
        long left = (a.inFlight() + 1L) * b.weight();
        long right = (b.inFlight() + 1L) * a.weight();
        return Long.compare(left, right);
    }
}
