package io.meshgate.kernel.upstream;

import java.io.IOException;

/**
 * The cluster has its {@code limits.maxConnections} connections open or being opened (all endpoints, all
 * event loops), and the request needed a new one. Not sent: answer 503 (Envoy's {@code upstream_cx_overflow}).
 * Thrown under overload, so it skips the stack trace.
 */
public final class ConnectionLimitException extends IOException {
    private static final long serialVersionUID = 1L;

    public ConnectionLimitException(String clusterName, int limit) {
        super("cluster '" + clusterName + "': connection limit reached (" + limit + " connections)");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
