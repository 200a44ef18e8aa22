package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.reconcile.StatusSubresource;
import io.meshgate.db.Actor;
import io.meshgate.db.AuditEntry;
import io.meshgate.db.AuditRecord;
import io.meshgate.db.AuditVerb;
import io.meshgate.db.ResourceStore;
import io.meshgate.db.SpecChange;
import io.meshgate.db.StoredObject;
import io.meshgate.db.Tx;
import io.meshgate.resources.FieldError;
import io.meshgate.resources.JsonPatch;
import io.meshgate.resources.JsonPatchLimitException;
import io.meshgate.resources.JsonPatchLimits;
import io.meshgate.resources.KindInfo;
import io.meshgate.resources.KindRegistry;
import io.meshgate.resources.MergePatch;
import io.meshgate.resources.Pods;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;
import io.meshgate.resources.ResourceValidator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every state change of the API: validate, store and audit in one store transaction. HTTP
 * concerns (paths, media types, status codes) stay in the route classes.
 */
final class ResourceWrites {
    /** Set in Kubernetes mode: where client writes go instead of the store; null in standalone mode. */
    private volatile ClusterResourceWrites cluster;
    private final ResourceStore store;
    private final KindRegistry kinds;
    private final ResourceValidator validator;
    private final ResourceCodec codec;
    private final StoredBodies bodies;
    /** Hears the duration (ns) of each write transaction, for the store latency metric. */
    private final java.util.function.LongConsumer writeTimer;
    private final JsonPatchLimits patchLimits;
    private final ClusterIps clusterIps;

    ResourceWrites(ResourceStore store, KindRegistry kinds, ResourceValidator validator, ResourceCodec codec,
                   StoredBodies bodies, java.util.function.LongConsumer writeTimer, JsonPatchLimits patchLimits,
                   ClusterIps clusterIps) {
        this.writeTimer = writeTimer;
        this.patchLimits = patchLimits;
        this.clusterIps = clusterIps;
        this.store = store;
        this.kinds = kinds;
        this.validator = validator;
        this.codec = codec;
        this.bodies = bodies;
    }

    /**
     * Kubernetes mode: the client writes of the REST API (PUT, PATCH, DELETE, apply, status, revert)
     * go to the cluster from now on, after the same checks ({@link ClusterResourceWrites}).
     */
    void writeToCluster(ClusterResourceWrites value) {
        cluster = java.util.Objects.requireNonNull(value, "value");
    }

    /** The kind's registry entry (kinds the API serves). */
    KindInfo kindInfo(String kind) {
        return kinds.byKind(kind).orElseThrow(() -> ApiException.badRequest("unknown kind " + kind));
    }

    /** True for the kinds this API stores as resources (not tokens, proxies or signed certificates). */
    boolean storesKind(String kind) {
        return kinds.byKind(kind).isPresent();
    }

    /** {@link ResourceStore#writeAndReturn}, timed (including refused and rolled-back writes). */
    private <T> T timedWrite(io.meshgate.db.Actor actor, java.util.function.Function<io.meshgate.db.Tx, T> work) {
        long started = System.nanoTime();
        try {
            return store.writeAndReturn(actor, work);
        } finally {
            writeTimer.accept(System.nanoTime() - started);
        }
    }

    /** A validated object ready to store, with where it came from for error messages. */
    record Candidate(Resource resource, KindInfo info, int document, int line) {
        String storeNamespace() {
            return info.namespaced() ? resource.namespace() : "";
        }
    }

    /** Checks {@code resource} and prepares it for storage (Secret stringData folded into data). */
    Candidate prepare(Resource resource, int document, int line, java.util.function.ToIntFunction<String> lineOf) {
        KindInfo info = kinds.byKind(resource.kind()).orElse(null);
        List<FieldError> errors = validator.validate(resource);
        if (!errors.isEmpty() || info == null) {
            List<ApiException.Detail> details = new ArrayList<>();
            for (FieldError e : errors) {
                details.add(new ApiException.Detail(e.field(), e.message(), document,
                        lineOf == null ? null : lineOf.applyAsInt(e.field())));
            }
            if (details.isEmpty()) {
                details.add(new ApiException.Detail("kind", "Unsupported value: \"" + resource.kind() + "\"",
                        document, line));
            }
            throw ApiException.invalid(resource.kind() + " \"" + resource.name() + "\" is invalid", details);
        }
        if (info.namespaced() && (resource.namespace() == null || resource.namespace().isEmpty())) {
            throw ApiException.invalid(resource.kind() + " is namespaced",
                    List.of(new ApiException.Detail("metadata.namespace", "Required value", document, line)));
        }
        return new Candidate(Pods.withDefaults(resource.normalizeSecret()), info, document, line);
    }

    /**
     * Creates or replaces one object inside {@code tx}.
     *
     * @param ifMatch resourceVersion the client expects (If-Match), null for no check
     */
    WriteOutcome put(Tx tx, Candidate c, Long ifMatch, AuditVerb updateVerb, String note) {
        return put(tx, c, ifMatch, updateVerb, note, false);
    }

    /**
     * Creates or replaces one object inside {@code tx}, its status included as submitted: for the
     * server's own writes of objects whose status it knows (a workload's Pod), never for a client's
     * write of the main object.
     */
    WriteOutcome putWithStatus(Tx tx, Candidate c, AuditVerb updateVerb, String note) {
        return put(tx, c, null, updateVerb, note, true);
    }

    private WriteOutcome put(Tx tx, Candidate c, Long ifMatch, AuditVerb updateVerb, String note,
                             boolean submittedStatus) {
        String ns = c.storeNamespace();
        StoredObject before = tx.get(c.resource().kind(), ns, c.resource().name()).orElse(null);
        checkIfMatch(before, ifMatch);
        Resource r = submittedStatus ? c.resource() : withStoredStatus(c.resource(), before);
        if (r.kind().equals("Service")) {
            r = clusterIps.assign(tx, new Candidate(r, c.info(), c.document(), c.line()), before);
        }
        Long expected = StoredBodies.bodyResourceVersion(r);
        StoredObject after = tx.put(r.kind(), ns, r.name(), Jsons.write(r.toJson()), null, expected);
        if (before != null && after.resourceVersion() == before.resourceVersion()) {
            return new WriteOutcome(WriteOutcome.Result.UNCHANGED, before, after, null);
        }
        String beforeRedacted = before == null ? null : bodies.redactedJson(before.bodyJson());
        String afterRedacted = bodies.redactedJson(after.bodyJson());
        String patch = bodies.auditPatch(beforeRedacted, afterRedacted);
        AuditVerb verb = before == null && updateVerb == AuditVerb.UPDATE ? AuditVerb.CREATE : updateVerb;
        tx.audit(new AuditEntry(verb, after.kind(), after.namespace(), after.name(), after.resourceVersion(),
                beforeRedacted, afterRedacted, patch, note));
        return new WriteOutcome(before == null ? WriteOutcome.Result.CREATED : WriteOutcome.Result.CONFIGURED,
                before, after, patch);
    }

    /** PUT of one object. */
    WriteOutcome put(Actor actor, Candidate c, Long ifMatch) {
        if (cluster != null) {
            return cluster.put(actor, c, ifMatch);
        }
        return timedWrite(actor, tx -> put(tx, c, ifMatch, AuditVerb.UPDATE, null));
    }

    /** Deletes one object; 404 when it does not exist. */
    WriteOutcome delete(Actor actor, KindInfo info, String namespace, String name, Long ifMatch) {
        if (cluster != null) {
            return cluster.delete(actor, info, namespace, name, ifMatch);
        }
        return timedWrite(actor, tx -> delete(tx, info.kind(), namespace, name, ifMatch, AuditVerb.DELETE,
                null));
    }

    /** Deletes one object inside {@code tx} and audits it; 404 when it does not exist. */
    WriteOutcome delete(Tx tx, String kind, String namespace, String name, Long ifMatch, AuditVerb verb,
                        String note) {
        StoredObject before = tx.get(kind, namespace, name)
                .orElseThrow(() -> ApiException.notFound(describe(kind, namespace, name) + " not found"));
        checkIfMatch(before, ifMatch);
        StoredObject gone = tx.delete(kind, namespace, name, before.resourceVersion()).orElseThrow();
        String beforeRedacted = bodies.redactedJson(before.bodyJson());
        tx.audit(new AuditEntry(verb, kind, namespace, name, gone.resourceVersion(), beforeRedacted, null,
                bodies.auditPatch(beforeRedacted, null), note));
        return new WriteOutcome(WriteOutcome.Result.DELETED, before, null, null);
    }

    /** Patch kinds the API accepts. */
    enum PatchType { MERGE, JSON }

    /**
     * Applies a patch to the stored object and stores the result, all in one transaction so no
     * concurrent write slips in between the read and the write.
     */
    WriteOutcome patch(Actor actor, KindInfo info, String namespace, String name, PatchType type, JsonNode patch,
                       Long ifMatch) {
        if (cluster != null) {
            return cluster.patch(actor, info, namespace, name, type, patch, ifMatch);
        }
        return timedWrite(actor, tx -> {
            StoredObject before = tx.get(info.kind(), namespace, name)
                    .orElseThrow(() -> ApiException.notFound(describe(info.kind(), namespace, name) + " not found"));
            checkIfMatch(before, ifMatch);
            Resource result = codec.fromJson(applyPatch(Jsons.readStored(before.bodyJson()), type, patch));
            PathTarget.checkIdentity(result, info, namespace, name);
            checkPatchedVersion(result, before);
            Candidate c = prepare(result, 0, 0, null);
            return put(tx, c, null, AuditVerb.UPDATE, null);
        });
    }

    /** {@code patch} applied to {@code current}; 400 unless the result is an object. */
    ObjectNode applyPatch(JsonNode current, PatchType type, JsonNode patch) {
        JsonNode patched = switch (type) {
            case MERGE -> MergePatch.apply(current, patch);
            case JSON -> {
                if (!(patch instanceof ArrayNode ops)) {
                    throw ApiException.badRequest("a JSON patch is an array of operations");
                }
                yield applyJsonPatch(current, ops, patchLimits);
            }
        };
        if (!(patched instanceof ObjectNode object)) {
            throw ApiException.badRequest("the patch must leave an object");
        }
        return object;
    }

    /**
     * What a client's write of the main object stores for {@code resource}: for kinds with a status
     * subresource the stored status is kept (none on create), whatever the client sent, as in
     * Kubernetes. So an apply of a manifest never wipes what the reconciler reported.
     */
    static Resource withStoredStatus(Resource resource, StoredObject before) {
        if (!StatusSubresource.exists(resource.kind())) {
            return resource;
        }
        JsonNode stored = before == null ? null : Jsons.readStored(before.bodyJson()).get("status");
        return resource.withStatus(stored instanceof ObjectNode status ? status : null);
    }

    /**
     * Replaces only the {@code status} of one stored object: spec, metadata and generation stay, the
     * resourceVersion moves on. Audited with verb status, and only when the status changed.
     *
     * @param status          the new status; null or empty removes it
     * @param expectedVersion the resourceVersion the status was computed from (409 when stale), or null
     * @param ifMatch         If-Match, or null
     */
    WriteOutcome writeStatus(Actor actor, KindInfo info, String namespace, String name, ObjectNode status,
                             Long expectedVersion, Long ifMatch) {
        if (cluster != null) {
            return cluster.writeStatus(actor, info, namespace, name, status, expectedVersion, ifMatch);
        }
        requireStatusSubresource(info);
        return timedWrite(actor, tx -> {
            StoredObject before = tx.get(info.kind(), namespace, name)
                    .orElseThrow(() -> ApiException.notFound(describe(info.kind(), namespace, name) + " not found"));
            checkIfMatch(before, ifMatch);
            if (expectedVersion != null && expectedVersion != before.resourceVersion()) {
                throw ApiException.conflict("the object has been modified: resourceVersion " + expectedVersion
                        + " is stale, current is " + before.resourceVersion());
            }
            return storeStatus(tx, before, status);
        });
    }

    /**
     * Applies a merge or JSON patch to the stored object and keeps only the {@code status} of the
     * result (a status patch cannot change anything else, as in Kubernetes).
     */
    WriteOutcome patchStatus(Actor actor, KindInfo info, String namespace, String name, PatchType type,
                             JsonNode patch, Long ifMatch) {
        if (cluster != null) {
            return cluster.patchStatus(actor, info, namespace, name, type, patch, ifMatch);
        }
        requireStatusSubresource(info);
        return timedWrite(actor, tx -> {
            StoredObject before = tx.get(info.kind(), namespace, name)
                    .orElseThrow(() -> ApiException.notFound(describe(info.kind(), namespace, name) + " not found"));
            checkIfMatch(before, ifMatch);
            Resource patched = codec.fromJson(applyPatch(Jsons.readStored(before.bodyJson()), type, patch));
            checkPatchedVersion(patched, before);
            return storeStatus(tx, before, patched.hasStatus() ? patched.status() : null);
        });
    }

    private WriteOutcome storeStatus(Tx tx, StoredObject before, ObjectNode status) {
        ObjectNode body = Jsons.readStored(before.bodyJson());
        if (status == null || status.isEmpty()) {
            body.remove("status");
        } else {
            body.set("status", status);
            checkStatus(body);
        }
        StoredObject after = tx.put(before.kind(), before.namespace(), before.name(), Jsons.write(body), null,
                before.resourceVersion(), SpecChange.UNCHANGED);
        if (after.resourceVersion() == before.resourceVersion()) {
            return new WriteOutcome(WriteOutcome.Result.UNCHANGED, before, after, null);
        }
        String beforeRedacted = bodies.redactedJson(before.bodyJson());
        String afterRedacted = bodies.redactedJson(after.bodyJson());
        String patch = bodies.auditPatch(beforeRedacted, afterRedacted);
        tx.audit(new AuditEntry(AuditVerb.STATUS, after.kind(), after.namespace(), after.name(),
                after.resourceVersion(), beforeRedacted, afterRedacted, patch, null));
        return new WriteOutcome(WriteOutcome.Result.CONFIGURED, before, after, patch);
    }

    /**
     * The status rules of the object's kind (a Pod's address and phase are read by the endpoints
     * controller and the sidecar translator): 422 naming the status fields that break them. Errors
     * elsewhere in the object are not this write's business.
     */
    void checkStatus(ObjectNode body) {
        Resource resource = codec.fromJson(body);
        List<ApiException.Detail> details = new ArrayList<>();
        for (FieldError e : validator.validate(resource)) {
            if (e.field().equals("status") || e.field().startsWith("status.")) {
                details.add(ApiException.Detail.of(e.field(), e.message()));
            }
        }
        if (!details.isEmpty()) {
            throw ApiException.invalid("the status of " + resource.kind() + " \"" + resource.name() + "\" is invalid",
                    details);
        }
    }

    static void requireStatusSubresource(KindInfo info) {
        if (!StatusSubresource.exists(info.kind())) {
            throw ApiException.notFound(info.kind() + " has no status subresource");
        }
    }

    private static JsonNode applyJsonPatch(JsonNode current, ArrayNode ops, JsonPatchLimits limits) {
        try {
            return JsonPatch.apply(current, ops, limits);
        } catch (JsonPatchLimitException e) {
            throw patchLimitProblem(e);
        } catch (IllegalArgumentException e) {
            // a failed "test" or a path that does not exist: the patch does not fit this object
            throw new ApiException(422, "patch-failed", "Unprocessable Content", e.getMessage(), List.of());
        }
    }

    /**
     * Too many operations is a request too large (413, as Kubernetes answers); a patch that would
     * grow the object past the size limit asks for something unprocessable (422). Both name the
     * operation where the patch was stopped.
     */
    private static ApiException patchLimitProblem(JsonPatchLimitException e) {
        List<ApiException.Detail> at = List.of(ApiException.Detail.of("patch[" + e.operation() + "]", e.getMessage()));
        return switch (e.limit()) {
            case OPERATIONS -> new ApiException(413, "too-many-patch-operations", "Content Too Large",
                    e.getMessage(), at);
            case DOCUMENT_SIZE -> new ApiException(422, "patched-object-too-large", "Unprocessable Content",
                    e.getMessage(), at);
        };
    }

    /** A resourceVersion left in the patched object must be the stored one (409 otherwise). */
    static void checkPatchedVersion(Resource patched, StoredObject before) {
        Long rv = StoredBodies.bodyResourceVersion(patched);
        if (rv != null && rv != before.resourceVersion()) {
            throw ApiException.conflict("the object has been modified: resourceVersion " + rv + " is stale, current is "
                    + before.resourceVersion());
        }
    }

    /** Applies all candidates in one transaction (all or none). */
    List<WriteOutcome> apply(Actor actor, List<Candidate> candidates) {
        if (cluster != null) {
            return cluster.apply(actor, candidates);
        }
        return timedWrite(actor, tx -> {
            List<WriteOutcome> out = new ArrayList<>();
            for (Candidate c : candidates) {
                out.add(put(tx, c, null, AuditVerb.UPDATE, null));
            }
            return out;
        });
    }

    /**
     * What {@link #apply} would do, computed from the current state without writing anything: the
     * store's, or in Kubernetes mode the cluster's, read as {@link #apply} reads it ({@link #stored}).
     */
    List<WriteOutcome> dryRun(List<Candidate> candidates) {
        List<WriteOutcome> out = new ArrayList<>();
        for (Candidate c : candidates) {
            Resource r = c.resource();
            Optional<StoredObject> existing = stored(r.kind(), c.storeNamespace(), r.name());
            Long expected = StoredBodies.bodyResourceVersion(r);
            if (expected != null && existing.map(StoredObject::resourceVersion).orElse(-1L).longValue() != expected) {
                throw ApiException.conflict(describe(r.kind(), c.storeNamespace(), r.name())
                        + ": resourceVersion " + expected + " is stale");
            }
            Resource kept = withStoredStatus(r, existing.orElse(null));
            if (kept.kind().equals("Service")) {
                kept = clusterIps.keepAssigned(kept, existing.orElse(null));
            }
            ObjectNode desired = StoredBodies.withoutServerMetadata(kept.toJson());
            String desiredRedacted = Jsons.write(bodies.redactedTree(Jsons.write(desired)));
            if (existing.isEmpty()) {
                out.add(new WriteOutcome(WriteOutcome.Result.CREATED, null, null,
                        bodies.auditPatch(null, desiredRedacted)));
                continue;
            }
            ObjectNode stored = StoredBodies.withoutServerMetadata(Jsons.readStored(existing.get().bodyJson()));
            if (stored.equals(desired)) {
                out.add(new WriteOutcome(WriteOutcome.Result.UNCHANGED, existing.get(), null, null));
            } else {
                String storedRedacted = Jsons.write(bodies.redactedTree(Jsons.write(stored)));
                out.add(new WriteOutcome(WriteOutcome.Result.CONFIGURED, existing.get(), null,
                        bodies.auditPatch(storedRedacted, desiredRedacted)));
            }
        }
        return out;
    }

    /** The object as stored now. */
    Optional<StoredObject> stored(String kind, String namespace, String name) {
        if (cluster != null) {
            return cluster.current(kind, namespace, name);
        }
        return store.get(kind, namespace, name);
    }

    /** A validated candidate for {@code body}, a whole object's JSON (server metadata dropped). */
    Candidate prepareRestored(ObjectNode body) {
        return prepare(codec.fromJson(StoredBodies.withoutServerMetadata(body)), 0, 0, null);
    }

    /**
     * Puts {@code restored} (or, when null, deletes the object) as a revert of audit row
     * {@code record}, in one transaction that first checks the object is still the one the caller
     * decided on: at {@code seenVersion}, or absent when that is null (409 otherwise).
     */
    WriteOutcome revertTo(Actor actor, AuditRecord record, Candidate restored, Long seenVersion) {
        if (cluster != null) {
            return cluster.revertTo(actor, record, restored, seenVersion);
        }
        String note = "revert of audit row " + record.id();
        return timedWrite(actor, tx -> {
            Long now = tx.get(record.kind(), record.namespace(), record.name())
                    .map(StoredObject::resourceVersion).orElse(null);
            if (!Objects.equals(now, seenVersion)) {
                throw ApiException.conflict(describe(record.kind(), record.namespace(), record.name())
                        + " changed while the revert of audit row " + record.id() + " was prepared; retry");
            }
            if (restored != null) {
                return put(tx, restored, null, AuditVerb.REVERT, note);
            }
            if (now == null) {
                return new WriteOutcome(WriteOutcome.Result.UNCHANGED, null, null, null);
            }
            return delete(tx, record.kind(), record.namespace(), record.name(), null, AuditVerb.REVERT, note);
        });
    }

    static void checkIfMatch(StoredObject current, Long ifMatch) {
        if (ifMatch == null) {
            return;
        }
        if (current == null) {
            throw ApiException.preconditionFailed("If-Match: the object does not exist");
        }
        if (ifMatch != PathTarget.ANY_VERSION && ifMatch != current.resourceVersion()) {
            throw ApiException.preconditionFailed("If-Match: resourceVersion " + ifMatch + " does not match the current "
                    + current.resourceVersion());
        }
    }

    static String describe(String kind, String namespace, String name) {
        Objects.requireNonNull(kind);
        return namespace == null || namespace.isEmpty() ? kind + " " + name : kind + " " + namespace + "/" + name;
    }
}
