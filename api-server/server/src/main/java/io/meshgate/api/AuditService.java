package io.meshgate.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.db.AuditLog;
import io.meshgate.db.AuditQuery;
import io.meshgate.db.AuditRecord;
import io.meshgate.db.AuditVerb;
import io.meshgate.db.Page;
import io.meshgate.db.Role;
import io.meshgate.db.VerifyResult;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** {@code /api/v1/audit}, {@code /audit/{id}}, {@code /audit/{id}/revert} and {@code /audit/verify}. */
final class AuditService implements EndpointsService {
    private final AuditLog audit;
    private final AuditRevert reverts;
    private final Endpoints endpoints;

    AuditService(AuditLog audit, ResourceWrites writes) {
        this.audit = audit;
        this.reverts = new AuditRevert(audit, writes);
        this.endpoints = Endpoints.builder()
                .path("/").get(this::query)
                // before /{id}, which would take "verify" for an id
                .path("/verify").get(this::verify)
                .path("/{id}").get(this::one)
                .path("/{id}/revert").post(this::revert)
                .otherPaths(ex -> {
                    throw ApiException.notFound("no such path");
                })
                .build();
    }

    @Override
    public String mountPath() {
        return "/api/v1/audit";
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    private void one(Exchange ex) {
        ex.caller.require(Role.VIEWER);
        ex.sendJson(200, toJson(find(ex.pathParam("id").orElseThrow())));
    }

    private void revert(Exchange ex) {
        ex.caller.require(Role.EDITOR);
        AuditRecord target = find(ex.pathParam("id").orElseThrow());
        WriteOutcome outcome = reverts.revert(ex.caller.actor(), target, ex.flag("force"));
        ObjectNode body = Jsons.MAPPER.createObjectNode();
        body.put("reverted", target.id());
        body.put("kind", target.kind());
        body.put("namespace", target.namespace());
        body.put("name", target.name());
        body.put("result", outcome.result().wireName());
        if (outcome.after() != null) {
            body.put("resourceVersion", String.valueOf(outcome.after().resourceVersion()));
        }
        ex.sendJson(200, body);
    }

    private AuditRecord find(String idText) {
        long id;
        try {
            id = Long.parseLong(idText);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("audit ids are numbers");
        }
        return audit.get(id).orElseThrow(() -> ApiException.notFound("audit row " + id + " not found"));
    }

    private void query(Exchange ex) {
        ex.caller.require(Role.VIEWER);
        AuditQuery.Builder q = AuditQuery.builder()
                .kind(ex.query("kind").orElse(null))
                .namespace(ex.query("namespace").orElse(null))
                .name(ex.query("name").orElse(null))
                .actor(ex.query("actor").orElse(null))
                .from(instant(ex, "since"))
                .to(instant(ex, "until"))
                .limit(ex.intQuery("limit", AuditQuery.DEFAULT_LIMIT))
                .continueToken(ex.query("continue").orElse(null));
        ex.query("verb").ifPresent(v -> {
            try {
                q.verb(AuditVerb.parse(v));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("unknown verb '" + v + "'");
            }
        });
        Page<AuditRecord> page;
        try {
            page = audit.query(q.build());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        ObjectNode body = Jsons.MAPPER.createObjectNode();
        ArrayNode items = body.putArray("items");
        page.items().forEach(r -> items.add(toJson(r)));
        if (page.hasMore()) {
            body.put("continue", page.continueToken());
        }
        ex.sendJson(200, body);
    }

    private static Instant instant(Exchange ex, String name) {
        return ex.query(name).filter(v -> !v.isEmpty()).map(v -> {
            try {
                return Instant.parse(v);
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest(name + " must be an RFC 3339 instant such as 2026-01-31T12:00:00Z");
            }
        }).orElse(null);
    }

    /**
     * Checks the rows added since the last successful verification (and that last verified row);
     * {@code ?full=true} (admins: it reads the whole history) re-hashes everything from row 1.
     */
    private void verify(Exchange ex) {
        ex.caller.require(Role.VIEWER);
        boolean full = ex.query("full").map(Boolean::parseBoolean).orElse(false);
        if (full) {
            ex.caller.require(Role.ADMIN);
        }
        VerifyResult result = full ? audit.verify() : audit.verifySinceCheckpoint();
        ObjectNode body = Jsons.MAPPER.valueToTree(result);
        ex.sendJson(result.ok() ? 200 : 409, body);
    }

    static ObjectNode toJson(AuditRecord r) {
        ObjectNode o = Jsons.MAPPER.createObjectNode();
        o.put("id", r.id());
        o.put("at", r.at().toString());
        o.put("actor", r.actor());
        o.put("sourceAddress", r.sourceAddress());
        o.put("verb", r.verb().wireName());
        o.put("kind", r.kind());
        o.put("namespace", r.namespace());
        o.put("name", r.name());
        if (r.resourceVersion() != null) {
            o.put("resourceVersion", String.valueOf(r.resourceVersion()));
        }
        o.set("before", r.beforeJson() == null ? null : Jsons.readStoredArray(r.beforeJson()));
        o.set("after", r.afterJson() == null ? null : Jsons.readStoredArray(r.afterJson()));
        o.set("patch", r.patchJson() == null ? null : Jsons.readStoredArray(r.patchJson()));
        o.put("message", r.message());
        o.put("prevHash", r.prevHash());
        o.put("hash", r.hash());
        return o;
    }
}
