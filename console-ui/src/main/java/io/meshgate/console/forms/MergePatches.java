package io.meshgate.console.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.console.api.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builders of RFC 7386 JSON merge patches, so a screen that edits a few fields sends only those
 * (and cannot overwrite what someone else changed elsewhere in the object meanwhile). Paths are
 * lists of field names because annotation keys contain dots and slashes.
 */
public final class MergePatches {
    private MergePatches() {}

    /** {@code {"a":{"b":value}}} for the path {@code [a, b]}; a null value removes the field. */
    public static ObjectNode set(List<String> path, JsonNode value) {
        ObjectNode patch = Json.MAPPER.createObjectNode();
        put(patch, path, value);
        return patch;
    }

    /** Adds one field to an existing patch (creating the enclosing objects). */
    public static ObjectNode put(ObjectNode patch, List<String> path, JsonNode value) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a merge patch path needs at least one field");
        }
        ObjectNode at = patch;
        for (String field : path.subList(0, path.size() - 1)) {
            at = at.withObjectProperty(field);
        }
        at.set(path.getLast(), value == null ? NullNode.getInstance() : value);
        return patch;
    }

    /** Sets ({@code value} non-null) or removes ({@code null}) one annotation. */
    public static ObjectNode annotation(String key, String value) {
        return set(List.of("metadata", "annotations", key),
                value == null ? NullNode.getInstance() : Json.MAPPER.getNodeFactory().textNode(value));
    }

    /**
     * The patch that takes {@code stored} to the {@code desired} values: only the paths whose
     * stored value differs. An empty object means nothing to send.
     */
    public static ObjectNode changes(JsonNode stored, Map<List<String>, JsonNode> desired) {
        ObjectNode patch = Json.MAPPER.createObjectNode();
        desired.forEach((path, value) -> {
            if (!valueAt(stored, path).equals(value == null ? NullNode.getInstance() : value)) {
                put(patch, path, value);
            }
        });
        return patch;
    }

    /**
     * Read-after-write: the paths whose value in {@code stored} is not the desired one (a removal
     * is desired as absent). Empty when the API stored exactly what was asked.
     */
    public static List<List<String>> mismatches(JsonNode stored, Map<List<String>, JsonNode> desired) {
        List<List<String>> wrong = new ArrayList<>();
        desired.forEach((path, value) -> {
            JsonNode want = value == null ? NullNode.getInstance() : value;
            if (!valueAt(stored, path).equals(want)) {
                wrong.add(path);
            }
        });
        return wrong;
    }

    /** The value at {@code path}, or JSON null when any step is absent. */
    public static JsonNode valueAt(JsonNode object, List<String> path) {
        JsonNode at = object;
        for (String field : path) {
            at = at == null ? null : at.get(field);
        }
        return at == null || at.isMissingNode() ? NullNode.getInstance() : at;
    }

    /** The dotted field path the API reports for {@code path} ({@code spec.traffic.enableEgress}). */
    public static String fieldPath(List<String> path) {
        StringBuilder s = new StringBuilder();
        for (String field : path) {
            if (field.contains(".") || field.contains("/")) {
                s.append('[').append(field).append(']');
            } else {
                s.append(s.isEmpty() ? "" : ".").append(field);
            }
        }
        return s.toString();
    }
}
