package io.meshgate.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Objects;

/**
 * Computes an RFC 6902 JSON patch ({@code add}, {@code remove}, {@code replace}) that turns one
 * document into another: what the audit history stores for each change. Objects are compared
 * member by member, lists element by element (growing or shrinking at the end), so a changed
 * port shows as one {@code replace} of {@code /spec/ports/0/port}. Paths are JSON Pointers with
 * {@code ~0}/{@code ~1} escaping. {@link JsonPatch#apply} applied to {@code before} yields
 * {@code after}.
 */
public final class JsonPatchDiff {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonPatchDiff() {}

    /** The operations turning {@code before} into {@code after}; empty when they are equal. */
    public static ArrayNode diff(JsonNode before, JsonNode after) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        ArrayNode ops = NODES.arrayNode();
        diff("", before, after, ops);
        return ops;
    }

    private static void diff(String path, JsonNode before, JsonNode after, ArrayNode ops) {
        if (before.equals(after)) {
            return;
        }
        if (before.isObject() && after.isObject()) {
            for (Iterator<String> it = before.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!after.has(name)) {
                    ops.add(op("remove", path + "/" + JsonPointers.escape(name), null));
                }
            }
            for (Iterator<String> it = after.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                String child = path + "/" + JsonPointers.escape(name);
                if (before.has(name)) {
                    diff(child, before.get(name), after.get(name), ops);
                } else {
                    ops.add(op("add", child, after.get(name)));
                }
            }
            return;
        }
        if (before.isArray() && after.isArray()) {
            int common = Math.min(before.size(), after.size());
            for (int i = 0; i < common; i++) {
                diff(path + "/" + i, before.get(i), after.get(i), ops);
            }
            for (int i = common; i < after.size(); i++) {
                ops.add(op("add", path + "/" + i, after.get(i)));
            }
            // remove from the end so the indexes of the remaining elements stay valid
            for (int i = before.size() - 1; i >= common; i--) {
                ops.add(op("remove", path + "/" + i, null));
            }
            return;
        }
        ops.add(op("replace", path, after));
    }

    private static ObjectNode op(String name, String path, JsonNode value) {
        ObjectNode op = NODES.objectNode();
        op.put("op", name);
        op.put("path", path);
        if (value != null) {
            op.set("value", value.deepCopy());
        }
        return op;
    }
}
