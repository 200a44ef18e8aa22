package io.meshgate.db;

import java.util.Objects;

/**
 * What the caller asks to record in the audit history; the store adds id, time, actor and hashes.
 * Callers must redact secret material (Secret data, private keys, tokens) from the JSON fields
 * before recording: audit rows are never deleted.
 *
 * @param verb            what happened
 * @param kind            target kind, may be null for a rejected request that could not be parsed
 * @param namespace       target namespace ({@code ""} for cluster scoped), may be null like kind
 * @param name            target name, may be null like kind
 * @param resourceVersion the revision the change produced, null for rejected writes
 * @param beforeJson      the object before the change, null for create
 * @param afterJson       the object after the change (or the attempted object when rejected)
 * @param patchJson       RFC 6902 JSON Patch from before to after, computed by the caller
 * @param message         human reason, required for rejected writes
 */
public record AuditEntry(
        AuditVerb verb,
        String kind,
        String namespace,
        String name,
        Long resourceVersion,
        String beforeJson,
        String afterJson,
        String patchJson,
        String message) {

    /** Audit kind of API token rows (not a resource kind: nothing can be reverted to it). */
    public static final String TOKEN_KIND = "Token";
    /** Audit kind of proxy registration rows. */
    public static final String PROXY_KIND = "Proxy";

    public AuditEntry {
        Objects.requireNonNull(verb, "verb");
        if (verb == AuditVerb.REJECTED && (message == null || message.isBlank())) {
            throw new IllegalArgumentException("a rejected write needs a message saying why");
        }
        if (kind != null) {
            Names.checkLength("kind", kind);
        }
        if (namespace != null) {
            Names.checkLength("namespace", namespace);
        }
        if (name != null) {
            Names.checkLength("name", name);
        }
    }

    /** A create of {@code after}. */
    public static AuditEntry created(StoredObject after, String patchJson) {
        return of(AuditVerb.CREATE, null, after, patchJson);
    }

    /** An update from {@code before} to {@code after}. */
    public static AuditEntry updated(StoredObject before, StoredObject after, String patchJson) {
        return of(AuditVerb.UPDATE, before, after, patchJson);
    }

    /** A revert to an earlier state: {@code after} holds the restored object. */
    public static AuditEntry reverted(StoredObject before, StoredObject after, String patchJson) {
        return of(AuditVerb.REVERT, before, after, patchJson);
    }

    /**
     * A delete; {@code deleted} is what {@link Tx#delete} returned (the final state, carrying the
     * deletion's resourceVersion).
     */
    public static AuditEntry deleted(StoredObject deleted) {
        return new AuditEntry(AuditVerb.DELETE, deleted.kind(), deleted.namespace(), deleted.name(),
                deleted.resourceVersion(), deleted.bodyJson(), null, null, null);
    }

    /** A write refused by validation or authorization; {@code attemptedJson} may be null. */
    public static AuditEntry rejected(String kind, String namespace, String name, String attemptedJson,
                                      String message) {
        return new AuditEntry(AuditVerb.REJECTED, kind, namespace, name, null, null, attemptedJson, null, message);
    }

    /**
     * A credential (API token or proxy registration) created, rotated (update) or deleted. Only the credential's name
     * and a note are recorded, never the token or its hash: audit rows are kept forever and shown
     * to viewers.
     *
     * @param kind {@link #TOKEN_KIND} or {@link #PROXY_KIND}
     * @param note e.g. the token's role or the proxy's kind, null for none
     */
    public static AuditEntry credential(AuditVerb verb, String kind, String name, String note) {
        if (verb != AuditVerb.CREATE && verb != AuditVerb.UPDATE && verb != AuditVerb.DELETE) {
            throw new IllegalArgumentException("credentials are only created, rotated or deleted");
        }
        return new AuditEntry(verb, kind, "", name, null, null, null, null, note);
    }

    private static AuditEntry of(AuditVerb verb, StoredObject before, StoredObject after, String patchJson) {
        Objects.requireNonNull(after, "after");
        return new AuditEntry(verb, after.kind(), after.namespace(), after.name(), after.resourceVersion(),
                before == null ? null : before.bodyJson(), after.bodyJson(), patchJson, null);
    }
}
