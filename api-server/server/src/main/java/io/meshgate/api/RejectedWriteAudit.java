package io.meshgate.api;

import io.meshgate.db.AuditEntry;
import io.meshgate.db.AuditLog;
import io.meshgate.db.Role;
import io.meshgate.resources.KindRegistry;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every refused write of an authenticated caller leaves an audit row with verb {@code rejected},
 * naming the resource when the path names one; for sidecar tokens every refused request does,
 * reads included (such a token has no business reading, so a read is a finding). 401s have no actor to record; 5xx are the server's
 * failures, not refusals.
 *
 * <p>The row keeps the method, path, status and reason and nothing the client submitted: problem
 * details and field messages may quote submitted values (a value typed into the wrong field can be a
 * token), so the reason is the problem's title, type and the names of the offending fields; only
 * the details of {@link #SERVER_COMPOSED} problem types, built from the method, the caller's
 * role and binding and names already checked against Kubernetes' name rules, are kept.
 *
 * <p>Rows of callers that cannot write (viewers) are rate-limited per actor ({@link RefusedWriteLimiter}):
 * refusals are the only rows such a token can add, so a leaked viewer token looping on writes would
 * otherwise grow the history without bound. Refusals past the limit are counted in the metric
 * {@code meshgate_api_refused_writes_suppressed} and summed up in one row per window. Editors and
 * admins are not limited: they add rows at will by writing, so a limit would protect nothing and
 * only hide their mistakes.
 */
final class RejectedWriteAudit implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RejectedWriteAudit.class.getName());
    private static final Set<String> WRITE_METHODS = Set.of("PUT", "PATCH", "POST", "DELETE");
    /** Problem types whose detail holds nothing the client sent but the method (and its own role). */
    static final Set<String> SERVER_COMPOSED = Set.of("forbidden", "method-not-allowed",
            WorkloadService.OWNED_ELSEWHERE);

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
        if (ex.caller == null || (!WRITE_METHODS.contains(ex.method) && !ex.caller.isSidecar()) || e.status() >= 500) {
            return;
        }
        writeSummaries(limiter.endedWindows(false));
        if (!ex.caller.role().includes(Role.EDITOR) && !limiter.admit(ex.caller.actor())) {
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
        RefusalTarget target = ex.req.context().get(RefusalTarget.class).orElse(null);
        if (target != null) {
            kind = target.kind();
            namespace = target.namespace();
            name = target.name();
        }
        append(ex.caller.actor(), AuditEntry.rejected(kind, namespace, name, null, message(ex.method, ex.path(), e)));
    }

    /** {@code PUT /path -> 422: Unprocessable Content (invalid) [spec.ports[0].port]}: no submitted value. */
    static String message(String method, String path, ApiException e) {
        String fields = e.errors().stream().map(ApiException.Detail::field).filter(f -> f != null && !f.isEmpty())
                .distinct().collect(Collectors.joining(", "));
        String reason = SERVER_COMPOSED.contains(e.slug()) ? e.getMessage() : e.title() + " (" + e.slug() + ")";
        return method + " " + path + " -> " + e.status() + ": " + reason + (fields.isEmpty() ? "" : " [" + fields + "]");
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
