package io.meshgate.config;

/** A route's share of traffic for one cluster; weight 0 sends nothing. */
public record WeightedCluster(String cluster, int weight) {
    public WeightedCluster {
        Checks.name(cluster, "weightedCluster.cluster");
        if (weight < 0) {
            throw new IllegalArgumentException("weight must be >= 0, got " + weight);
        }
    }
}
