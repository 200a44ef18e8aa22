package io.meshgate.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.resources.schema.FieldPath;
import java.util.List;

/**
 * One credential-holding field of one object, as a path of member names from the object's root
 * (e.g. {@code spec, kubeconfig} or {@code data, tls.key}). Found by {@link SensitiveFields#in}.
 *
 * @param path            member names from the root of the object's JSON
 * @param copyOfTheObject true for kubectl's last-applied annotation: it is not a credential of its
 *                        own but a copy of the whole object, so dropping it loses nothing
 */
public record SensitiveField(List<String> path, boolean copyOfTheObject) {

    public SensitiveField {
        path = List.copyOf(path);
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a sensitive field has a path");
        }
    }

    /** The value at this path in {@code object}, or null when absent (or JSON null). */
    public JsonNode valueIn(JsonNode object) {
        JsonNode node = object;
        for (String member : path) {
            node = node == null ? null : node.get(member);
        }
        return node == null || node.isNull() ? null : node;
    }

    /** Sets this field in {@code object}; its parent must exist. */
    public void set(ObjectNode object, JsonNode value) {
        parent(object).set(path.get(path.size() - 1), value);
    }

    /** Removes this field from {@code object} when it is there. */
    public void remove(ObjectNode object) {
        if (valueIn(object) != null) {
            parent(object).remove(path.get(path.size() - 1));
        }
    }

    private ObjectNode parent(ObjectNode object) {
        JsonNode node = object;
        for (String member : path.subList(0, path.size() - 1)) {
            node = node.get(member);
        }
        if (!(node instanceof ObjectNode parent)) {
            throw new IllegalArgumentException("no object holds " + this);
        }
        return parent;
    }

    /**
     * The Kubernetes-style field name, as validation errors write it: map keys in brackets, since
     * Secret keys and annotation names contain dots ({@code data[tls.key]}).
     */
    @Override
    public String toString() {
        FieldPath field = FieldPath.of(path.get(0));
        boolean mapKeys = path.get(0).equals("data") || path.get(0).equals("stringData");
        for (int i = 1; i < path.size(); i++) {
            String member = path.get(i);
            boolean key = mapKeys || (path.get(0).equals("metadata") && i == 2);
            field = key ? field.key(member) : field.child(member);
        }
        return field.toString();
    }
}
