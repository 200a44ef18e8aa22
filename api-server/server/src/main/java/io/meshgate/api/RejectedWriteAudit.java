package io.meshgate.api;

import io.meshgate.db.AuditEntry;
import io.meshgate.db.AuditLog;
import io.meshgate.resources.KindRegistry;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every refused write of an authenticated caller leaves an audit row with verb {@code rejected},
 * naming the resource when the path names one. 401s have no actor to record; 5xx are the server's
 * failures, not refusals.
 *
 * <p>The row keeps the method, path, status and reason (the problem's title and the names of the
 * offending fields) and nothing the client submitted: field messages quote submitted values, and
 * a value typed into the wrong field can be a token. Rows are rate-limited per actor
 * ({@link RefusedWriteLimiter}); refusals past the limit are counted in the metric
 * {@code meshgate_api_refused_writes_suppressed} and summed up in one row per window.
 */
final class RejectedWriteAudit implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RejectedWriteAudit.class.getName());
    private static final Set<String> WRITE_METHODS = Set.of("PUT", "PATCH", "POST", "DELETE");

    private final AuditLog audit;
    private final KindRegistry kinds;
    private final RefusedWriteLimiter limiter;
    private final Runnable suppressedMetric;

    RejectedWriteAudit(AuditLog audit, KindRegistry kinds, RefusedWriteLimiter limiter, Runnable suppressedMetric) {
        this.audit = audit;
        this.kinds = kinds;
        this.limiter = limiter;
        this.suppressedMetric = suppressedMetric;
    }

    void record(Exchange ex, ApiException e) {
        if (ex.caller == null || !WRITE_METHODS.contains(ex.method) || e.status() >= 500) {
            return;
        }
        writeSummaries(limiter.endedWindows(false));
        if (!limiter.admit(ex.caller.actor())) {
            suppressedMetric.run();
            return;
        }
        List<String> segments = PathSegments.of(ex.path());
        String kind = null;
        String namespace = null;
        String name = null;
        try {
            PathTarget t = PathTarget.parse(segments.subList(2, segments.size()), kinds);
            kind = t.info().kind();
            namespace = t.namespace() == null ? null : t.storeNamespace();
            name = t.name();
        } catch (RuntimeException notAResourcePath) {
            // apply, audit or tokens: the path in the message says what was refused
            if (segments.size() == 3 && segments.get(2).equals("certificates")) {
                kind = CertificateService.AUDIT_KIND;
            }
        }
        append(ex.caller.actor(), AuditEntry.rejected(kind, namespace, name, null, message(ex.method, ex.path(), e)));
    }

    /** {@code PUT /path -> 422 Unprocessable Content [spec.ports[0].port]}: no submitted value. */
    static String message(String method, String path, ApiException e) {
        String fields = e.errors().stream().map(ApiException.Detail::field).filter(f -> f != null && !f.isEmpty())
                .distinct().collect(Collectors.joining(", "));
        return method + " " + path + " -> " + e.status() + " " + e.title() + (fields.isEmpty() ? "" : " [" + fields + "]");
    }

    /** Writes the summaries still owed, also of open windows (at server stop). */
    @Override
    public void close() {
        writeSummaries(limiter.endedWindows(true));
    }

    private void writeSummaries(List<RefusedWriteLimiter.Suppressed> ended) {
        for (RefusedWriteLimiter.Suppressed s : ended) {
            append(s.actor(), AuditEntry.rejected(null, null, null, null, s.count()
                    + " more refused writes suppressed (window from " + s.windowStart() + ")"));
        }
    }

    private void append(io.meshgate.db.Actor actor, AuditEntry entry) {
        try {
            audit.recordRejected(actor, entry);
        } catch (RuntimeException auditFailure) {
            LOG.log(Level.WARNING, "could not record a rejected write in the audit", auditFailure);
        }
    }
}
