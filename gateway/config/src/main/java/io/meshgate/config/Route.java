package io.meshgate.config;

import java.time.Duration;
import java.util.List;

/**
 * A match and what to do with it: send to weighted clusters after running the route's filters.
 * A cluster with weight 0 receives nothing; a route whose weights are all 0 answers 503.
 *
 * @param timeout whole-request timeout once the request is sent upstream (null: the cluster's)
 */
public record Route(String name, RouteMatch match, List<WeightedCluster> clusters, List<FilterConfig> filters,
                    Duration timeout) {

    public Route {
        Checks.name(name, "route.name");
        match = match == null ? RouteMatch.ANY : match;
        clusters = Checks.list(clusters);
        if (clusters.isEmpty()) {
            throw new IllegalArgumentException("route " + name + " needs at least one cluster");
        }
        filters = Checks.list(filters);
    }

    /** A route to one cluster with no filters. */
    public static Route to(String name, RouteMatch match, String cluster) {
        return new Route(name, match, List.of(new WeightedCluster(cluster, 1)), List.of(), null);
    }

    public Route withFilters(List<FilterConfig> newFilters) {
        return new Route(name, match, clusters, newFilters, timeout);
    }
}
