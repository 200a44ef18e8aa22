package io.meshgate.kernel.observe;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The admin listener's endpoints: the read-only ones (GET) anyone who reaches the listener may ask
 * for ({@link AdminAccess} may require a secret beyond loopback), and the mutating ones (POST),
 * served to loopback peers only.
 */
enum AdminEndpoint {
    READY("/ready", false),
    STATS("/stats", false),
    /** FSM's Prometheus scrape path; {@link #METRICS} is the same text. */
    STATS_PROMETHEUS("/stats/prometheus", false),
    METRICS("/metrics", false),
    CONFIG_DUMP("/config_dump", false),
    CLUSTERS("/clusters", false),
    LISTENERS("/listeners", false),
    CERTS("/certs", false),
    /** Stops the process, as Envoy's and FSM's do: a Job's workload ends its sidecar with it. */
    QUIT("/quitquitquit", true);

    private final String path;
    private final boolean mutating;

    AdminEndpoint(String path, boolean mutating) {
        this.path = path;
        this.mutating = mutating;
    }

    String path() {
        return path;
    }

    /** True for endpoints that change the process; they take POST, the others GET. */
    boolean mutating() {
        return mutating;
    }

    HttpMethod method() {
        return mutating ? HttpMethod.POST : HttpMethod.GET;
    }

    static Optional<AdminEndpoint> of(String path) {
        for (AdminEndpoint e : values()) {
            if (e.path.equals(path)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Every path, for the 404 answer: read-only first, then {@code POST} ones marked as such. */
    static String listing() {
        return Arrays.stream(values()).map(e -> e.mutating ? "POST " + e.path + " (loopback only)" : e.path)
                .collect(Collectors.joining(" "));
    }
}
