package io.meshgate.config;

/**
 * Envoy's circuit-breaker limits of a cluster (FSM's {@code UpstreamTrafficSetting.spec.connectionSettings},
 * which FSM's own sidecar accepts and, but for {@code maxRequestsPerConnection}, ignores). 0 = no limit. The
 * counts are of this proxy alone (every event loop summed), as Envoy's are per proxy.
 *
 * @param maxConnections           connections to all endpoints of the cluster, open or being opened; a request
 *                                 that needs a new connection beyond it gets 503 ({@code upstream_cx_overflow})
 * @param maxRequests              requests to the cluster in progress; one more gets 503
 *                                 ({@code upstream_rq_pending_overflow}, Envoy's counter for it too)
 * @param maxPendingRequests       requests waiting for a connection to be opened; one more gets 503
 *                                 ({@code upstream_rq_pending_overflow})
 * @param maxRequestsPerConnection requests one HTTP/1.1 upstream connection carries before it is closed (HTTP/2
 *                                 connections are not limited by it yet)
 * @param maxRetries               retries to the cluster in progress; a retry beyond it is not made
 *                                 ({@code upstream_rq_retry_overflow}), on top of the route's retry budget
 */
public record ConnectionLimits(int maxConnections, int maxRequests, int maxPendingRequests,
                               int maxRequestsPerConnection, int maxRetries) {

    public ConnectionLimits {
        notNegative(maxConnections, "limits.maxConnections");
        notNegative(maxRequests, "limits.maxRequests");
        notNegative(maxPendingRequests, "limits.maxPendingRequests");
        notNegative(maxRequestsPerConnection, "limits.maxRequestsPerConnection");
        notNegative(maxRetries, "limits.maxRetries");
    }

    /** True when no field limits anything. */
    public boolean none() {
        return maxConnections == 0 && maxRequests == 0 && maxPendingRequests == 0 && maxRequestsPerConnection == 0
                && maxRetries == 0;
    }

    private static void notNegative(int value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative (0 = no limit), got " + value);
        }
    }
}
