package io.meshgate.kernel.observe;

import io.meshgate.config.DestinationRule;
import io.meshgate.config.HttpListener;
import io.meshgate.config.Listener;
import io.meshgate.config.MeshListener;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.RetryPolicy;
import io.meshgate.config.Route;
import io.meshgate.config.VirtualHost;
import io.meshgate.config.WeightedCluster;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The clusters some route with a {@link RetryPolicy} sends to: their retry stat lines are printed at 0 too. */
final class RetryingClusters {
    private RetryingClusters() {}

    static Set<String> of(ProxyConfig config) {
        Set<String> clusters = new TreeSet<>();
        for (Listener listener : config.listeners()) {
            switch (listener) {
                case HttpListener http -> addAll(clusters, http.virtualHosts());
                case MeshListener mesh -> {
                    for (DestinationRule rule : mesh.destinations()) {
                        addAll(clusters, rule.virtualHosts());
                    }
                }
                default -> {
                    // TCP, DNS and tunnel listeners have no HTTP routes
                }
            }
        }
        return clusters;
    }

    private static void addAll(Set<String> clusters, List<VirtualHost> hosts) {
        if (hosts == null) {
            return;
        }
        for (VirtualHost host : hosts) {
            for (Route route : host.routes()) {
                if (route.filters().stream().anyMatch(RetryPolicy.class::isInstance)) {
                    for (WeightedCluster cluster : route.clusters()) {
                        clusters.add(cluster.cluster());
                    }
                }
            }
        }
    }
}
