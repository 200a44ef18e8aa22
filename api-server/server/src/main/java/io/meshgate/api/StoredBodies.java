package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.db.StoredObject;
import io.meshgate.resources.JsonPatchDiff;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;
import io.meshgate.resources.SecretRedactor;
import io.meshgate.resources.SensitiveFields;

import java.util.List;

/** Conversions between stored rows, resources and the redacted forms the audit and viewers see. */
final class StoredBodies {
    /** Metadata the store stamps; ignored when deciding whether an apply changes anything. */
    static final List<String> SERVER_METADATA = List.of("uid", "resourceVersion", "generation", "creationTimestamp");

    private final ResourceCodec codec;

    StoredBodies(ResourceCodec codec) {
        this.codec = codec;
    }

    Resource toResource(StoredObject stored) {
        return codec.fromJson(Jsons.readStored(stored.bodyJson()));
    }

    /** The stored JSON as-is, or with its credentials hidden ({@link SensitiveFields}). */
    String body(StoredObject stored, boolean withSecrets) {
        return body(stored.kind(), stored.bodyJson(), withSecrets);
    }

    /**
     * What a reader sees of a stored body of {@code kind}: as-is for callers that see credentials,
     * else with every sensitive field of the kind hidden (get, list, YAML and watch all come here).
     */
    String body(String kind, String bodyJson, boolean withSecrets) {
        if (withSecrets || bodyJson == null || !SensitiveFields.has(kind)) {
            return bodyJson;
        }
        return redactedJson(bodyJson);
    }

    /** What the audit history keeps of an object (credentials never reach the audit table). */
    String redactedJson(String bodyJson) {
        if (bodyJson == null) {
            return null;
        }
        return Jsons.write(redactedTree(bodyJson));
    }

    ObjectNode redactedTree(String bodyJson) {
        return SecretRedactor.redact(codec.fromJson(Jsons.readStored(bodyJson))).toJson();
    }

    /** RFC 6902 patch between two redacted bodies; create and delete are whole-document operations. */
    String auditPatch(String beforeRedacted, String afterRedacted) {
        ArrayNode patch = Jsons.MAPPER.createArrayNode();
        if (beforeRedacted == null && afterRedacted == null) {
            return Jsons.write(patch);
        }
        if (beforeRedacted == null) {
            patch.addObject().put("op", "add").put("path", "").set("value", Jsons.readStored(afterRedacted));
        } else if (afterRedacted == null) {
            patch.addObject().put("op", "remove").put("path", "");
        } else {
            patch = JsonPatchDiff.diff(Jsons.readStored(beforeRedacted), Jsons.readStored(afterRedacted));
        }
        return Jsons.write(patch);
    }

    /** The object without the fields the store stamps, normalized to what a re-parse gives. */
    static ObjectNode withoutServerMetadata(JsonNode body) {
        ObjectNode copy = Jsons.readStored(Jsons.write(body));
        if (copy.get("metadata") instanceof ObjectNode meta) {
            SERVER_METADATA.forEach(meta::remove);
        }
        return copy;
    }

    /** {@code metadata.resourceVersion} of a client body as a number, null when absent. */
    static Long bodyResourceVersion(Resource resource) {
        String rv = resource.metadata().resourceVersion();
        if (rv == null || rv.isEmpty()) {
            return null;
        }
        try {
            long value = Long.parseLong(rv);
            if (value <= 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.invalid("metadata.resourceVersion is not a resource version",
                    List.of(ApiException.Detail.of("metadata.resourceVersion",
                            "Invalid value: \"" + rv + "\": must be a positive integer returned by this server")));
        }
    }
}
