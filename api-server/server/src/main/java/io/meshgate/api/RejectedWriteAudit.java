package io.meshgate.api;

import io.meshgate.db.AuditEntry;
import io.meshgate.db.AuditLog;
import io.meshgate.resources.KindRegistry;

import java.util.List;
import java.util.Set;
import java.lang.System.Logger.Level;

/**
 * Every refused write of an authenticated caller leaves an audit row with verb {@code rejected},
 * naming the resource when the path names one. 401s have no actor to record; 5xx are the server's
 * failures, not refusals.
 */
final class RejectedWriteAudit {
    private static final System.Logger LOG = System.getLogger(RejectedWriteAudit.class.getName());
    private static final Set<String> WRITE_METHODS = Set.of("PUT", "PATCH", "POST", "DELETE");

    private final AuditLog audit;
    private final KindRegistry kinds;

    RejectedWriteAudit(AuditLog audit, KindRegistry kinds) {
        this.audit = audit;
        this.kinds = kinds;
    }

    void record(Exchange ex, ApiException e) {
        if (ex.caller == null || !WRITE_METHODS.contains(ex.method) || e.status() >= 500) {
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
            // apply, audit or tokens: the message says what was refused
            if (segments.size() == 3 && segments.get(2).equals("certificates")) {
                kind = CertificateService.AUDIT_KIND;
            }
        }
        String message = ex.method + " " + ex.path() + " -> " + e.status() + ": " + e.getMessage()
                + (e.errors().isEmpty() ? "" : " " + e.errors().stream()
                .map(d -> d.field() + ": " + d.message()).toList());
        try {
            audit.recordRejected(ex.caller.actor(), AuditEntry.rejected(kind, namespace, name, null, message));
        } catch (RuntimeException auditFailure) {
            LOG.log(Level.WARNING, "could not record a rejected write in the audit", auditFailure);
        }
    }
}
