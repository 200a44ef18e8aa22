package io.meshgate.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.db.Actor;
import io.meshgate.db.AuditLog;
import io.meshgate.db.AuditQuery;
import io.meshgate.db.AuditRecord;
import io.meshgate.db.AuditVerb;
import io.meshgate.db.Page;
import io.meshgate.db.StoredObject;
import io.meshgate.resources.RedactedCredentials;

import java.util.List;
import java.util.Optional;

/**
 * {@code POST /api/v1/audit/{id}/revert}: puts back the object as it was before one audited change
 * (or deletes it when that change created it).
 *
 * <p>Two things a blind restore of the audit copy would get wrong. The copy is redacted, so each
 * redacted credential keeps its current value ({@link RedactedCredentials}); when the object no
 * longer has it there is nothing true to store, and the revert is refused naming the field. And
 * the object may have changed since: restoring would silently undo those later changes, so the
 * revert is refused naming the newest of them unless the caller forces it.
 */
final class AuditRevert {
    private final AuditLog audit;
    private final ResourceWrites writes;

    AuditRevert(AuditLog audit, ResourceWrites writes) {
        this.audit = audit;
        this.writes = writes;
    }

    /**
     * Reverts {@code record}.
     *
     * @param force revert even when the object changed after {@code record}
     */
    WriteOutcome revert(Actor actor, AuditRecord record, boolean force) {
        if (record.verb() == AuditVerb.REJECTED || record.kind() == null) {
            throw ApiException.badRequest("audit row " + record.id() + " changed nothing; there is nothing to revert");
        }
        if (!writes.storesKind(record.kind())) {
            // tokens, proxies and signed certificates are audited but not stored as resources: a revert
            // would have nothing to put back (token values are never kept)
            throw ApiException.badRequest("audit row " + record.id() + " records a " + record.kind()
                    + " change, which revert cannot undo; use the " + record.kind() + " API instead");
        }
        Optional<StoredObject> current = writes.stored(record.kind(), record.namespace(), record.name());
        if (!force) {
            newerChange(record).ifPresent(newer -> {
                throw new ApiException(409, "changed-since", "Conflict", ResourceWrites.describe(record.kind(),
                        record.namespace(), record.name()) + " changed after audit row " + record.id()
                        + ": audit row " + newer.id() + " (" + newer.verb().wireName() + ", resourceVersion "
                        + newer.resourceVersion() + ") is newer and reverting would undo it too; pass ?force=true to "
                        + "revert anyway", List.of());
            });
        }
        Long seenVersion = current.map(StoredObject::resourceVersion).orElse(null);
        if (record.beforeJson() == null) {
            return writes.revertTo(actor, record, null, seenVersion);
        }
        ObjectNode restored;
        try {
            restored = RedactedCredentials.restore(record.kind(), Jsons.readStored(record.beforeJson()),
                    current.map(o -> Jsons.readStored(o.bodyJson())).orElse(null));
        } catch (RedactedCredentials.MissingCredentialException e) {
            throw new ApiException(409, "credential-not-restorable", "Conflict", "audit row " + record.id()
                    + " cannot be reverted: " + e.getMessage() + " (the audit history keeps no credentials)",
                    List.of(ApiException.Detail.of(e.field(), "redacted in the audit copy and absent now")));
        }
        return writes.revertTo(actor, record, writes.prepareRestored(restored), seenVersion);
    }

    /**
     * The newest audit row after {@code record} that changed the object; status writes do not
     * count (a revert keeps the stored status) and neither do refused writes.
     */
    private Optional<AuditRecord> newerChange(AuditRecord record) {
        String token = null;
        do {
            Page<AuditRecord> page = audit.query(AuditQuery.builder().kind(record.kind())
                    .namespace(record.namespace()).name(record.name()).limit(AuditQuery.MAX_LIMIT)
                    .continueToken(token).build());
            for (AuditRecord row : page.items()) {
                if (row.id() <= record.id()) {
                    return Optional.empty();
                }
                if (row.verb() != AuditVerb.STATUS && row.verb() != AuditVerb.REJECTED) {
                    return Optional.of(row);
                }
            }
            token = page.hasMore() ? page.continueToken() : null;
        } while (token != null);
        return Optional.empty();
    }
}
