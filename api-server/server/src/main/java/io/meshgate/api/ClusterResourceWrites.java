package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.db.Actor;
import io.meshgate.db.AuditRecord;
import io.meshgate.db.StoredObject;
import io.meshgate.resources.KindInfo;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The REST API's resource writes in Kubernetes mode: the same checks as the store's
 * ({@link ResourceWrites}: validation, If-Match, a client's write never changing the status of a
 * kind with a status subresource, a patch that names a stale resourceVersion refused), then one
 * write to the cluster through {@link ClusterWriter}, at the resourceVersion the checks were made
 * against, so a concurrent change is a 409 rather than lost.
 *
 * <p>No audit row is written here: the informers observe the change and {@link ObservedChangeAudit}
 * records it, like every other change of the cluster, with the API's caller as actor
 * ({@link ExpectedActors}). {@code apply} writes its objects one by one: unlike the store, the
 * cluster has no transaction, so an apply refused half-way keeps the objects written before.
 */
final class ClusterResourceWrites {
    private final ClusterWriter cluster;
    private final ResourceWrites checks;
    private final ResourceCodec codec;
    private final StoredBodies bodies;
    private final ExpectedActors actors;

    ClusterResourceWrites(ClusterWriter cluster, ResourceWrites checks, ResourceCodec codec, StoredBodies bodies,
                          ExpectedActors actors) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.checks = Objects.requireNonNull(checks, "checks");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.bodies = Objects.requireNonNull(bodies, "bodies");
        this.actors = Objects.requireNonNull(actors, "actors");
    }

    Optional<StoredObject> current(String kind, String namespace, String name) {
        return cluster.current(kind, namespace, name);
    }

    /** PUT (and each object of an apply): create, or replace at the version just read. */
    WriteOutcome put(Actor actor, ResourceWrites.Candidate c, Long ifMatch) {
        String ns = c.storeNamespace();
        StoredObject before = cluster.current(c.info().kind(), ns, c.resource().name()).orElse(null);
        ResourceWrites.checkIfMatch(before, ifMatch);
        Resource r = ResourceWrites.withStoredStatus(c.resource(), before);
        Long named = StoredBodies.bodyResourceVersion(r);
        if (named != null && (before == null || named != before.resourceVersion())) {
            throw ApiException.conflict("the object has been modified: resourceVersion " + named + " is stale"
                    + (before == null ? ", the object does not exist" : ", current is " + before.resourceVersion()));
        }
        ObjectNode body = r.toJson();
        if (before != null && unchanged(before, body)) {
            return new WriteOutcome(WriteOutcome.Result.UNCHANGED, before, before, null);
        }
        StoredObject after = as(actor, c.info().kind(), ns, c.resource().name(), () -> before == null
                ? cluster.create(c.info(), body) : cluster.update(c.info(), body, before.resourceVersion()));
        return outcome(before == null ? WriteOutcome.Result.CREATED : WriteOutcome.Result.CONFIGURED, before, after);
    }

    /** Every object of an apply, in order (no transaction: see the class comment). */
    List<WriteOutcome> apply(Actor actor, List<ResourceWrites.Candidate> candidates) {
        List<WriteOutcome> out = new ArrayList<>();
        for (ResourceWrites.Candidate c : candidates) {
            out.add(put(actor, c, null));
        }
        return out;
    }

    WriteOutcome patch(Actor actor, KindInfo info, String namespace, String name, ResourceWrites.PatchType type,
                       JsonNode patch, Long ifMatch) {
        StoredObject before = existing(info, namespace, name);
        ResourceWrites.checkIfMatch(before, ifMatch);
        Resource result = codec.fromJson(checks.applyPatch(Jsons.readStored(before.bodyJson()), type, patch));
        PathTarget.checkIdentity(result, info, namespace, name);
        ResourceWrites.checkPatchedVersion(result, before);
        ResourceWrites.Candidate c = checks.prepare(result, 0, 0, null);
        return put(actor, c, before.resourceVersion());
    }

    WriteOutcome delete(Actor actor, KindInfo info, String namespace, String name, Long ifMatch) {
        StoredObject before = existing(info, namespace, name);
        ResourceWrites.checkIfMatch(before, ifMatch);
        as(actor, info.kind(), namespace, name, () -> {
            cluster.delete(info, namespace, name, before.resourceVersion());
            return null;
        });
        return new WriteOutcome(WriteOutcome.Result.DELETED, before, null, null);
    }

    /** PUT of {@code .../status}: only the status changes. */
    WriteOutcome writeStatus(Actor actor, KindInfo info, String namespace, String name, ObjectNode status,
                             Long expectedVersion, Long ifMatch) {
        ResourceWrites.requireStatusSubresource(info);
        StoredObject before = existing(info, namespace, name);
        ResourceWrites.checkIfMatch(before, ifMatch);
        if (expectedVersion != null && expectedVersion != before.resourceVersion()) {
            throw ApiException.conflict("the object has been modified: resourceVersion " + expectedVersion
                    + " is stale, current is " + before.resourceVersion());
        }
        ObjectNode body = Jsons.readStored(before.bodyJson());
        if (status == null || status.isEmpty()) {
            body.remove("status");
        } else {
            body.set("status", status);
            checks.checkStatus(body);
        }
        if (unchanged(before, body)) {
            return new WriteOutcome(WriteOutcome.Result.UNCHANGED, before, before, null);
        }
        StoredObject after = as(actor, info.kind(), namespace, name,
                () -> cluster.updateStatus(info, body, before.resourceVersion()));
        return outcome(WriteOutcome.Result.CONFIGURED, before, after);
    }

    /** PATCH of {@code .../status}: the patch applied to the whole object, only its status kept. */
    WriteOutcome patchStatus(Actor actor, KindInfo info, String namespace, String name, ResourceWrites.PatchType type,
                             JsonNode patch, Long ifMatch) {
        ResourceWrites.requireStatusSubresource(info);
        StoredObject before = existing(info, namespace, name);
        ResourceWrites.checkIfMatch(before, ifMatch);
        Resource patched = codec.fromJson(checks.applyPatch(Jsons.readStored(before.bodyJson()), type, patch));
        ResourceWrites.checkPatchedVersion(patched, before);
        return writeStatus(actor, info, namespace, name, patched.hasStatus() ? patched.status() : null, null,
                before.resourceVersion());
    }

    /**
     * A revert: {@code restored} put back (or, when null, the object deleted), only if the object is
     * still the one the caller decided on ({@code seenVersion}, or absent when null).
     */
    WriteOutcome revertTo(Actor actor, AuditRecord record, ResourceWrites.Candidate restored, Long seenVersion) {
        Optional<StoredObject> now = cluster.current(record.kind(), record.namespace(), record.name());
        if (!Objects.equals(now.map(StoredObject::resourceVersion).orElse(null), seenVersion)) {
            throw ApiException.conflict(ResourceWrites.describe(record.kind(), record.namespace(), record.name())
                    + " changed while the revert of audit row " + record.id() + " was prepared; retry");
        }
        if (restored == null) {
            if (now.isEmpty()) {
                throw ApiException.conflict(ResourceWrites.describe(record.kind(), record.namespace(), record.name())
                        + " does not exist: there is nothing to delete");
            }
            return delete(actor, checks.kindInfo(record.kind()), record.namespace(), record.name(), null);
        }
        // the restored body carries no resourceVersion: it replaces whatever is there now (checked above)
        return put(actor, restored, null);
    }

    private StoredObject existing(KindInfo info, String namespace, String name) {
        return cluster.current(info.kind(), namespace, name).orElseThrow(() -> ApiException.notFound(
                ResourceWrites.describe(info.kind(), namespace, name) + " not found"));
    }

    /** Same object but for what the server stamps (resourceVersion, uid, timestamps, ...). */
    private static boolean unchanged(StoredObject before, ObjectNode body) {
        return StoredBodies.withoutServerMetadata(Jsons.readStored(before.bodyJson()))
                .equals(StoredBodies.withoutServerMetadata(body));
    }

    /** Runs one cluster write on behalf of {@code actor}, whom the observed change's audit row then names. */
    private <T> T as(Actor actor, String kind, String namespace, String name, Supplier<T> write) {
        actors.expect(kind, namespace, name, actor.name());
        try {
            return write.get();
        } catch (RuntimeException e) {
            actors.forget(kind, namespace, name);
            throw e;
        }
    }

    private WriteOutcome outcome(WriteOutcome.Result result, StoredObject before, StoredObject after) {
        String beforeRedacted = before == null ? null : bodies.redactedJson(before.bodyJson());
        String afterRedacted = after == null ? null : bodies.redactedJson(after.bodyJson());
        return new WriteOutcome(result, before, after, bodies.auditPatch(beforeRedacted, afterRedacted));
    }
}
