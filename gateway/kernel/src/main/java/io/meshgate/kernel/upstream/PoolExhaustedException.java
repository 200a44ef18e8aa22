package io.meshgate.kernel.upstream;

import java.io.IOException;

/**
 * An endpoint already has {@code maxConnectionsPerEndpoint} connections (busy, idle or being
 * opened) on this event loop. The request was not sent: answer 503 (Envoy's "UO" overflow).
 *
 * <p>Thrown under overload, so it skips the stack trace: the message says everything.
 */
public final class PoolExhaustedException extends IOException {
    private static final long serialVersionUID = 1L;

    public PoolExhaustedException(String clusterName, EndpointState endpoint, int limit) {
        super("upstream " + endpoint + " (cluster '" + clusterName + "'): connection pool full ("
                + limit + " connections per endpoint and event loop)");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
