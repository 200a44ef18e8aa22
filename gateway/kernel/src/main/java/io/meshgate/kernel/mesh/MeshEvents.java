package io.meshgate.kernel.mesh;

import io.meshgate.kernel.http.ResponseFlags;
import io.meshgate.kernel.observe.AccessLog;
import io.meshgate.kernel.observe.AccessLogEntry;
import io.meshgate.kernel.observe.KernelMetrics;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * Reports what a mesh listener did with a connection it did not serve (no rule, not redirected, no
 * original destination) or whose rule's access refused it: a counter, an access-log line saying why
 * (protocol {@code TCP}, no status; the HTTP proxy writes its own lines for 403s) and a debug log
 * line. Unserved connections are ordinary traffic on a sidecar that refuses egress, so they are not
 * warnings.
 */
final class MeshEvents {
    private static final System.Logger LOG = System.getLogger(MeshEvents.class.getName());

    private final KernelMetrics metrics;
    private final AccessLog accessLog;

    MeshEvents(KernelMetrics metrics, AccessLog accessLog) {
        this.metrics = metrics;
        this.accessLog = accessLog;
    }

    /**
     * @param reason   one of a few fixed phrases (the counter's tag)
     * @param original the original destination, when known
     * @param detail   the specific cause, for the log lines
     */
    void unserved(String listener, Channel ch, String reason, InetSocketAddress original, String detail) {
        metrics.meshConnectionUnserved(listener, reason);
        log(listener, null, null, ch, original, ResponseFlags.NO_ROUTE, detail);
        LOG.log(System.Logger.Level.DEBUG, () -> "mesh listener " + listener + ": closing connection from "
                + ch.remoteAddress() + " unserved: " + detail);
    }

    void denied(String listener, String rule, String cluster, Channel ch, InetSocketAddress original, Peer peer,
                String reason) {
        metrics.accessDenied(listener, rule, reason);
        log(listener, rule, cluster, ch, original, ResponseFlags.ACCESS_DENIED, reason);
        LOG.log(System.Logger.Level.DEBUG, () -> "mesh listener " + listener + " rule " + rule + ": connection from "
                + peer + " denied: " + reason);
    }

    /** A connection the rule's connection rate limit refused (counted by the limiter itself). */
    void rateLimited(String listener, String rule, String cluster, Channel ch, InetSocketAddress original) {
        log(listener, rule, cluster, ch, original, ResponseFlags.RATE_LIMITED, "connection rate limit");
        LOG.log(System.Logger.Level.DEBUG, () -> "mesh listener " + listener + " rule " + rule + ": connection from "
                + ch.remoteAddress() + " reset by the connection rate limit");
    }

    /** A relayed connection whose upstream (an original destination, a tunnel) could not be opened. */
    void upstreamFailed(String listener, String rule, String cluster, Channel ch, InetSocketAddress original,
                        Throwable cause) {
        metrics.upstreamConnectFailed(cluster);
        log(listener, rule, cluster, ch, original, ResponseFlags.UPSTREAM_CONNECT_FAILURE, String.valueOf(cause.getMessage()));
    }

    private void log(String listener, String rule, String cluster, Channel ch, InetSocketAddress original,
                     String flags, String details) {
        if (!accessLog.enabled()) {
            return;
        }
        String destination = original == null ? null : original.getAddress().getHostAddress() + ":" + original.getPort();
        // no upstream was reached: the original destination is where the client was going (authority)
        accessLog.log(new AccessLogEntry(Instant.now(), listener, rule == null ? KernelMetrics.NONE : rule, cluster,
                null, String.valueOf(ch.remoteAddress()), null, destination, null, "TCP", 0, 0, 0, 0, -1,
                null, null, flags, details));
    }
}
