package io.meshgate.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.db.Actor;
import io.meshgate.db.AuditEntry;
import io.meshgate.db.AuditLog;
import io.meshgate.db.AuditQuery;
import io.meshgate.db.AuditRecord;
import io.meshgate.db.AuditVerb;
import io.meshgate.db.ResourceStore;
import io.meshgate.resources.ResourceCodec;
import io.meshgate.resources.ResourceParseException;
import io.meshgate.resources.SensitiveFields;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;

/**
 * Kubernetes mode's audit history: every add, update and delete the informers observe in the cluster
 * becomes one row of the store's audit chain (the same table, the same hash chain, written through
 * {@link ResourceStore#write} like every other row), with the object before and after, the RFC 6902
 * patch between them, and the actor the cluster names (the object's last field manager, else
 * {@code kubernetes}; for a write the REST API made, the API's caller).
 *
 * <p>Secret data is redacted exactly as the store's writes redact it ({@link StoredBodies}).
 * {@code metadata.managedFields} is left out: it changes on every write and says nothing the actor
 * does not. A change already recorded (same object, same or older resourceVersion: a restart re-lists
 * every object, a new leader replays what it observed as a follower) is not recorded again, so
 * restarts and leader hand-overs do not repeat the history.
 */
public final class ObservedChangeAudit {
    private static final System.Logger LOG = System.getLogger(ObservedChangeAudit.class.getName());

    /** Rows of one object read to find its last recorded change (refused writes may sit on top). */
    private static final int LOOK_BACK = 20;
    private static final java.util.Set<AuditVerb> CHANGES = java.util.EnumSet.of(AuditVerb.CREATE, AuditVerb.UPDATE,
            AuditVerb.STATUS, AuditVerb.DELETE, AuditVerb.REVERT);

    private final ResourceStore store;
    private final AuditLog audit;
    private final StoredBodies bodies = new StoredBodies(new ResourceCodec());
    private final ExpectedActors actors;

    /** @param actors the callers of the REST API's writes to the cluster, who are the actors of those changes */
    public ObservedChangeAudit(ResourceStore store, AuditLog audit, ExpectedActors actors) {
        this.store = Objects.requireNonNull(store, "store");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.actors = Objects.requireNonNull(actors, "actors");
    }

    /**
     * Records one observed change.
     *
     * @param namespace       "" for cluster-scoped objects
     * @param beforeJson      the object before, null for an add
     * @param afterJson       the object after, null for a delete
     * @param actor           who made it, as the cluster says
     * @param resourceVersion the cluster's resourceVersion of the change (of the object for a delete)
     * @param statusOnly      only {@code status} changed: recorded as a status write
     * @return the row written, or null when this change was recorded before
     */
    public synchronized AuditRecord record(String kind, String namespace, String name, String beforeJson,
                                           String afterJson, String actor, String resourceVersion, boolean statusOnly) {
        AuditVerb verb = beforeJson == null ? AuditVerb.CREATE : afterJson == null ? AuditVerb.DELETE
                : statusOnly ? AuditVerb.STATUS : AuditVerb.UPDATE;
        Long version = numeric(resourceVersion);
        if (alreadyRecorded(kind, namespace, name, verb, version)) {
            return null;
        }
        // a write the REST API made for one of its callers: that caller, not the control plane's field manager
        String by = actors.take(kind, namespace, name).orElse(actor);
        String before = redacted(kind, beforeJson);
        String after = redacted(kind, afterJson);
        AuditEntry entry = new AuditEntry(verb, kind, namespace == null ? "" : namespace, name, version, before,
                after, bodies.auditPatch(before, after), "observed in the cluster");
        return store.writeAndReturn(Actor.system(by), tx -> tx.audit(entry));
    }

    /**
     * This change, or a later one of the object, is in the history already: a re-list after a restart,
     * or (with several replicas) a change the previous leader recorded and a new leader replays
     * ({@code LeaderOnlyAudit}). The cluster's resourceVersions grow with every change (etcd's
     * revision), so "already recorded" is "not newer than the last recorded", where at one version a
     * delete follows the change that made that version (a delete carries the deleted object's version).
     */
    private boolean alreadyRecorded(String kind, String namespace, String name, AuditVerb verb, Long version) {
        if (version == null) {
            return false;
        }
        AuditRecord last = lastObserved(kind, namespace, name);
        if (last == null) {
            return false;
        }
        int order = Long.compare(version, last.resourceVersion());
        if (order != 0) {
            return order < 0;
        }
        return verb != AuditVerb.DELETE || last.verb() == AuditVerb.DELETE;
    }

    /** The newest row of this object that records a change at a resourceVersion (refused writes name none). */
    private AuditRecord lastObserved(String kind, String namespace, String name) {
        List<AuditRecord> newest = audit.query(AuditQuery.builder().kind(kind).namespace(namespace == null ? ""
                : namespace).name(name).limit(LOOK_BACK).build()).items();
        return newest.stream().filter(row -> row.resourceVersion() != null && CHANGES.contains(row.verb()))
                .findFirst().orElse(null);
    }

    /** The body as the audit keeps it: credentials redacted as the store's writes do, no managedFields. */
    private String redacted(String kind, String json) {
        if (json == null) {
            return null;
        }
        ObjectNode tree;
        try {
            tree = bodies.redactedTree(json);
        } catch (ResourceParseException | IllegalArgumentException e) {
            // the model cannot read it: keep it only when it holds nothing secret
            tree = Jsons.readStored(json);
            if (SensitiveFields.has(kind)) {
                LOG.log(Level.DEBUG, "keeping only the metadata of an unreadable " + kind + " in the audit history");
                ObjectNode kept = Jsons.MAPPER.createObjectNode();
                kept.set("apiVersion", tree.get("apiVersion"));
                kept.set("kind", tree.get("kind"));
                kept.set("metadata", tree.get("metadata"));
                tree = kept;
            }
        }
        if (tree.get("metadata") instanceof ObjectNode metadata) {
            metadata.remove("managedFields");
        }
        return Jsons.write(tree);
    }

    private static Long numeric(String resourceVersion) {
        if (resourceVersion == null) {
            return null;
        }
        try {
            long value = Long.parseLong(resourceVersion);
            return value > 0 ? value : null;
        } catch (NumberFormatException e) {
            return null; // opaque to clients by the API's contract; etcd's are numbers
        }
    }
}
