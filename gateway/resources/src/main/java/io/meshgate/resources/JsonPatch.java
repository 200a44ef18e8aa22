package io.meshgate.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * Applies an RFC 6902 JSON patch ({@code add}, {@code remove}, {@code replace}, {@code move},
 * {@code copy}, {@code test}), as {@code kubectl patch --type=json} sends it, and as produced by
 * {@link JsonPatchDiff}. All or nothing: the input is never modified and any failing operation
 * throws.
 */
public final class JsonPatch {
    private JsonPatch() {}

    /**
     * Returns {@code target} with the operations applied in order.
     *
     * @throws IllegalArgumentException when an operation is malformed, a path does not exist, or a
     *                                  {@code test} fails
     */
    public static JsonNode apply(JsonNode target, ArrayNode patch) {
        Objects.requireNonNull(patch, "patch");
        JsonNode document = target.deepCopy();
        for (int i = 0; i < patch.size(); i++) {
            JsonNode op = patch.get(i);
            try {
                document = applyOne(document, op);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("operation " + i + ": " + e.getMessage(), e);
            }
        }
        return document;
    }

    private static JsonNode applyOne(JsonNode document, JsonNode op) {
        String name = text(op, "op");
        List<String> path = JsonPointers.parse(text(op, "path"));
        return switch (name) {
            case "add" -> add(document, path, value(op));
            case "remove" -> {
                get(document, path);
                yield remove(document, path);
            }
            case "replace" -> {
                get(document, path);
                yield path.isEmpty() ? value(op).deepCopy() : add(remove(document, path), path, value(op));
            }
            case "move" -> {
                List<String> from = JsonPointers.parse(text(op, "from"));
                JsonNode moved = get(document, from).deepCopy();
                yield add(remove(document, from), path, moved);
            }
            case "copy" -> add(document, path, get(document, JsonPointers.parse(text(op, "from"))).deepCopy());
            case "test" -> {
                if (!get(document, path).equals(value(op))) {
                    throw new IllegalArgumentException("test failed at " + text(op, "path"));
                }
                yield document;
            }
            default -> throw new IllegalArgumentException("unknown op \"" + name + "\"");
        };
    }

    private static JsonNode add(JsonNode document, List<String> path, JsonNode value) {
        if (path.isEmpty()) {
            return value.deepCopy();
        }
        JsonNode parent = get(document, path.subList(0, path.size() - 1));
        String last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode object) {
            object.set(last, value.deepCopy());
        } else if (parent instanceof ArrayNode array) {
            int index = last.equals("-") ? array.size() : index(last, array.size() + 1);
            array.insert(index, value.deepCopy());
        } else {
            throw new IllegalArgumentException("cannot add below a scalar at " + path);
        }
        return document;
    }

    private static JsonNode remove(JsonNode document, List<String> path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("cannot remove the whole document");
        }
        JsonNode parent = get(document, path.subList(0, path.size() - 1));
        String last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode object) {
            if (object.remove(last) == null) {
                throw new IllegalArgumentException("no member \"" + last + "\"");
            }
        } else if (parent instanceof ArrayNode array) {
            array.remove(index(last, array.size()));
        } else {
            throw new IllegalArgumentException("cannot remove below a scalar at " + path);
        }
        return document;
    }

    private static JsonNode get(JsonNode document, List<String> path) {
        JsonNode node = document;
        for (String token : path) {
            if (node.isObject() && node.has(token)) {
                node = node.get(token);
            } else if (node.isArray()) {
                node = node.get(index(token, node.size()));
            } else {
                throw new IllegalArgumentException("path not found: /" + String.join("/", path));
            }
        }
        return node;
    }

    private static int index(String token, int size) {
        if (token.isEmpty() || token.length() > 9 || !token.chars().allMatch(Character::isDigit)
                || (token.length() > 1 && token.charAt(0) == '0')) {
            throw new IllegalArgumentException("not a list index: \"" + token + "\"");
        }
        int index = Integer.parseInt(token);
        if (index >= size) {
            throw new IllegalArgumentException("list index out of range: " + index);
        }
        return index;
    }

    private static String text(JsonNode op, String field) {
        JsonNode value = op.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a string");
        }
        return value.textValue();
    }

    private static JsonNode value(JsonNode op) {
        if (!op.has("value")) {
            throw new IllegalArgumentException("\"value\" is required");
        }
        return op.get("value");
    }
}
