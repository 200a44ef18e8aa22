package io.meshgate.kernel.routing;

import io.meshgate.config.Route;
import io.meshgate.kernel.filter.HttpFilter;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.util.List;

/**
 * A {@link Route} ready to serve: its match compiled (regexes, canonical paths), its filters built
 * in registry order, its weights precomputed. Immutable and shared by all event loops.
 */
public final class CompiledRoute {
    private final Route config;
    private final RequestMatcher match;
    private final List<HttpFilter> filters;
    private final ClusterPicker clusters;

    CompiledRoute(Route config, String where, List<HttpFilter> filters) {
        this.config = config;
        this.match = RequestMatcher.compile(config.match(), where);
        this.filters = List.copyOf(filters);
        this.clusters = ClusterPicker.of(config.clusters());
    }

    /** True when the request takes this route: path, then method, then every header condition. */
    boolean matches(String requestPath, String method, HttpHeaders requestHeaders) {
        return match.matches(requestPath, method, requestHeaders);
    }

    public String name() {
        return config.name();
    }

    public Route config() {
        return config;
    }

    /** The route's filters, built and in the order they run on requests. */
    public List<HttpFilter> filters() {
        return filters;
    }

    /** Whole-request timeout once sent upstream; null means the cluster's own. */
    public Duration timeout() {
        return config.timeout();
    }

    /**
     * Chooses the cluster for one request by weight ({@link java.util.concurrent.ThreadLocalRandom});
     * a cluster of weight 0 is never chosen. Returns null when every weight is 0: answer 503.
     */
    public String pickCluster() {
        return clusters.pick();
    }

    @Override
    public String toString() {
        return "CompiledRoute[" + config.name() + "]";
    }
}
