package io.meshgate.console.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A form's save: PUT with the resourceVersion the form was opened on. The controller writes an
 * object's {@code status} (Ingress address, IngressBackend state) right after a save, which moves
 * resourceVersion on without touching anything a form edits; such a 409 is retried once on the fresh
 * version. A real concurrent edit (spec, labels or annotations changed) still fails with 409.
 */
public final class StatusTolerantPut {
    private StatusTolerantPut() {
    }

    /** Saves {@code object}, opened from {@code original} (null for a new object). */
    public static JsonNode put(ApiClient api, ApiKind kind, ObjectNode object, JsonNode original) {
        try {
            return api.put(kind, object);
        } catch (ApiProblem conflict) {
            if (conflict.status() != 409 || original == null) {
                throw conflict;
            }
            JsonNode metadata = object.path("metadata");
            JsonNode latest = api.get(kind, metadata.path("namespace").asText(), metadata.path("name").asText());
            if (!onlyStatusMoved(original, latest)) {
                throw conflict;
            }
            ((ObjectNode) metadata).put("resourceVersion", latest.path("metadata").path("resourceVersion").asText());
            return api.put(kind, object);
        }
    }

    /** Whether {@code latest} differs from {@code original} only where forms do not edit. */
    public static boolean onlyStatusMoved(JsonNode original, JsonNode latest) {
        if (original == null || latest == null) {
            return false;
        }
        JsonNode was = original.path("metadata");
        JsonNode now = latest.path("metadata");
        return was.path("generation").equals(now.path("generation"))
                && was.path("labels").equals(now.path("labels"))
                && was.path("annotations").equals(now.path("annotations"))
                && original.path("spec").equals(latest.path("spec"));
    }
}
