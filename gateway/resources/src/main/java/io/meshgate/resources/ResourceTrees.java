package io.meshgate.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Conversions between {@link Resource} and its JSON tree (the Kubernetes wire shape). */
final class ResourceTrees {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ResourceTrees() {}

    /** A structural problem at a JSON pointer inside one document. */
    static final class TreeProblem extends Exception {
        private static final long serialVersionUID = 1L;
        final String[] path;

        TreeProblem(String message, String... path) {
            super(message, null, false, false);
            this.path = path;
        }
    }

    static ObjectNode toTree(Resource resource) {
        ObjectNode root = NODES.objectNode();
        root.put("apiVersion", resource.apiVersion());
        root.put("kind", resource.kind());
        root.set("metadata", metadataToTree(resource.metadata()));
        root.setAll(resource.body());
        if (resource.hasStatus()) {
            root.set("status", resource.status());
        }
        return root;
    }

    static ObjectNode metadataToTree(ObjectMeta meta) {
        ObjectNode node = NODES.objectNode();
        putIfPresent(node, "name", meta.name());
        putIfPresent(node, "namespace", meta.namespace());
        if (!meta.labels().isEmpty()) {
            ObjectNode labels = node.putObject("labels");
            meta.labels().forEach(labels::put);
        }
        if (!meta.annotations().isEmpty()) {
            ObjectNode annotations = node.putObject("annotations");
            meta.annotations().forEach(annotations::put);
        }
        putIfPresent(node, "uid", meta.uid());
        putIfPresent(node, "resourceVersion", meta.resourceVersion());
        if (meta.generation() != null) {
            node.put("generation", meta.generation());
        }
        if (meta.creationTimestamp() != null) {
            node.put("creationTimestamp", DateTimeFormatter.ISO_INSTANT.format(meta.creationTimestamp()));
        }
        return node;
    }

    /**
     * Reads one object. apiVersion and kind must be non-empty strings (whether they are known is a
     * validation question); metadata fields must have their Kubernetes types.
     */
    static Resource fromTree(JsonNode root) throws TreeProblem {
        if (!(root instanceof ObjectNode object)) {
            throw new TreeProblem("a resource must be an object with apiVersion, kind and metadata");
        }
        String apiVersion = requiredText(object, "apiVersion", "e.g. \"networking.k8s.io/v1\"");
        String kind = requiredText(object, "kind", "e.g. \"Ingress\"");
        ObjectMeta meta = metadata(object.get("metadata"));
        JsonNode status = object.get("status");
        if (status != null && !status.isNull() && !status.isObject()) {
            throw new TreeProblem("status must be an object", "status");
        }
        ObjectNode body = NODES.objectNode();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (!Resource.RESERVED.contains(field.getKey())) {
                body.set(field.getKey(), field.getValue());
            }
        }
        return Resource.of(apiVersion, kind, meta, body, status instanceof ObjectNode s ? s : null);
    }

    private static String requiredText(ObjectNode object, String field, String example) throws TreeProblem {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw new TreeProblem(field + " is required (" + example + ")");
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw new TreeProblem(field + " must be a non-empty string (" + example + ")", field);
        }
        return value.textValue();
    }

    private static ObjectMeta metadata(JsonNode node) throws TreeProblem {
        if (node == null || node.isNull()) {
            return ObjectMeta.named(null);
        }
        if (!node.isObject()) {
            throw new TreeProblem("metadata must be an object", "metadata");
        }
        String namespace = text(node, "namespace");
        JsonNode generation = node.get("generation");
        if (generation != null && !generation.isNull()
                && (!generation.isIntegralNumber() || !generation.canConvertToLong())) {
            throw new TreeProblem("metadata.generation must be an integer", "metadata", "generation");
        }
        return new ObjectMeta(
                text(node, "name"),
                namespace == null || namespace.isEmpty() ? null : namespace,
                stringMap(node, "labels"),
                stringMap(node, "annotations"),
                text(node, "uid"),
                text(node, "resourceVersion"),
                generation == null || generation.isNull() ? null : generation.longValue(),
                timestamp(node));
    }

    private static String text(JsonNode meta, String field) throws TreeProblem {
        JsonNode value = meta.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new TreeProblem("metadata." + field + " must be a string", "metadata", field);
        }
        return value.textValue();
    }

    private static Map<String, String> stringMap(JsonNode meta, String field) throws TreeProblem {
        JsonNode value = meta.get(field);
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw new TreeProblem("metadata." + field + " must be a map of strings", "metadata", field);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!entry.getValue().isTextual()) {
                throw new TreeProblem("metadata." + field + "[" + entry.getKey() + "] must be a string"
                        + (entry.getValue().isValueNode() && !entry.getValue().isNull()
                        ? " (quote it in YAML: \"" + entry.getValue().asText() + "\")" : ""),
                        "metadata", field, entry.getKey());
            }
            map.put(entry.getKey(), entry.getValue().textValue());
        }
        return map;
    }

    private static Instant timestamp(JsonNode meta) throws TreeProblem {
        String value = text(meta, "creationTimestamp");
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new TreeProblem("metadata.creationTimestamp must be an RFC 3339 time such as 2024-01-31T12:00:00Z",
                    "metadata", "creationTimestamp");
        }
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
