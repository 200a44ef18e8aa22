package io.meshgate.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Writes the store-owned fields into an object's {@code metadata}, so the stored body is the
 * complete object a client reads back (Kubernetes style: resourceVersion is a string,
 * creationTimestamp is RFC 3339 in whole seconds).
 */
final class MetadataStamper {

    private MetadataStamper() {
    }

    /** The {@code metadata} object of {@code body}, created when absent. */
    static ObjectNode metadataOf(ObjectNode body) {
        JsonNode metadata = body.get("metadata");
        if (metadata == null || metadata.isNull()) {
            return body.putObject("metadata");
        }
        if (!(metadata instanceof ObjectNode object)) {
            throw new IllegalArgumentException("metadata must be a JSON object");
        }
        return object;
    }

    /** Rejects a body whose metadata names a different object than the key it is stored under. */
    static void checkIdentity(ObjectNode body, String namespace, String name) {
        ObjectNode metadata = metadataOf(body);
        JsonNode bodyName = metadata.get("name");
        if (bodyName != null && !bodyName.isNull() && !name.equals(bodyName.asText())) {
            throw new IllegalArgumentException(
                    "metadata.name '" + bodyName.asText() + "' does not match the name '" + name + "'");
        }
        JsonNode bodyNamespace = metadata.get("namespace");
        if (bodyNamespace != null && !bodyNamespace.isNull() && !bodyNamespace.asText().isEmpty()
                && !namespace.equals(bodyNamespace.asText())) {
            throw new IllegalArgumentException("metadata.namespace '" + bodyNamespace.asText()
                    + "' does not match the namespace '" + namespace + "'");
        }
    }

    /** metadata.labels of {@code body} (empty when absent). */
    static Map<String, String> labelsOf(ObjectNode body) {
        JsonNode labels = metadataOf(body).get("labels");
        if (labels == null || labels.isNull()) {
            return Map.of();
        }
        if (!labels.isObject()) {
            throw new IllegalArgumentException("metadata.labels must be a JSON object");
        }
        return Json.stringMap(labels, "metadata.labels");
    }

    /** Stamps every store-owned metadata field into {@code body} (in place) and returns it. */
    static ObjectNode stamp(ObjectNode body, String namespace, String name, String uid, long resourceVersion,
                            long generation, Instant createdAt, Map<String, String> labels) {
        ObjectNode metadata = metadataOf(body);
        metadata.put("name", name);
        if (namespace.isEmpty()) {
            metadata.remove("namespace");
        } else {
            metadata.put("namespace", namespace);
        }
        metadata.put("uid", uid);
        metadata.put("resourceVersion", Long.toString(resourceVersion));
        metadata.put("generation", generation);
        metadata.put("creationTimestamp",
                DateTimeFormatter.ISO_INSTANT.format(createdAt.truncatedTo(ChronoUnit.SECONDS)));
        if (labels.isEmpty()) {
            metadata.remove("labels");
        } else {
            ObjectNode labelNode = metadata.putObject("labels");
            labels.forEach(labelNode::put);
        }
        return body;
    }

    /** Only resourceVersion changes, e.g. the final state recorded for a delete. */
    static ObjectNode withResourceVersion(ObjectNode body, long resourceVersion) {
        metadataOf(body).put("resourceVersion", Long.toString(resourceVersion));
        return body;
    }

    /** True when the two bodies differ outside metadata and status (Kubernetes' generation rule). */
    static boolean specDiffers(ObjectNode before, ObjectNode after) {
        ObjectNode a = before.deepCopy();
        ObjectNode b = after.deepCopy();
        a.remove("metadata");
        a.remove("status");
        b.remove("metadata");
        b.remove("status");
        return !a.equals(b);
    }
}
