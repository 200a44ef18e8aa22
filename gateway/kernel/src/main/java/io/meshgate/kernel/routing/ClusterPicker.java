package io.meshgate.kernel.routing;

import io.meshgate.config.WeightedCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Weighted random choice among a route's clusters. Clusters of weight 0 are left out at build time,
 * so they can never be drawn; with a single remaining cluster no random number is drawn at all.
 * Thread-safe and allocation-free per pick.
 */
final class ClusterPicker {
    private final String[] names;
    /** cumulative[i] = sum of the weights of names[0..i]; a draw r in [0, total) picks the first i with r < cumulative[i]. */
    private final long[] cumulative;
    private final long total;

    private ClusterPicker(String[] names, long[] cumulative, long total) {
        this.names = names;
        this.cumulative = cumulative;
        this.total = total;
    }

    static ClusterPicker of(List<WeightedCluster> clusters) {
        List<WeightedCluster> positive = new ArrayList<>(clusters.size());
        for (WeightedCluster c : clusters) {
            if (c.weight() > 0) {
                positive.add(c);
            }
        }
        String[] names = new String[positive.size()];
        long[] cumulative = new long[positive.size()];
        long total = 0; // long: many int weights must not overflow
        for (int i = 0; i < names.length; i++) {
            names[i] = positive.get(i).cluster();
            total += positive.get(i).weight();
            cumulative[i] = total;
        }
        return new ClusterPicker(names, cumulative, total);
    }

    /** A cluster name, or null when every weight is 0 (the proxy answers 503). */
    String pick() {
        if (names.length <= 1) {
            return names.length == 0 ? null : names[0];
        }
        long draw = ThreadLocalRandom.current().nextLong(total);
        for (int i = 0; i < cumulative.length - 1; i++) {
            if (draw < cumulative[i]) {
                return names[i];
            }
        }
        return names[names.length - 1];
    }
}
