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
 * throws. {@link JsonPatchLimits} bound the number of operations and how large the document may
 * grow, checked before each operation runs.
 */
public final class JsonPatch {
    private JsonPatch() {}

    /** {@link #apply(JsonNode, ArrayNode, JsonPatchLimits)} with {@link JsonPatchLimits#DEFAULT}. */
    public static JsonNode apply(JsonNode target, ArrayNode patch) {
        return apply(target, patch, JsonPatchLimits.DEFAULT);
    }

    /**
     * Returns {@code target} with the operations applied in order.
     *
     * @throws JsonPatchLimitException  when the patch has too many operations or would make the
     *                                  document too large
     * @throws IllegalArgumentException when an operation is malformed, a path does not exist, or a
     *                                  {@code test} fails
     */
    public static JsonNode apply(JsonNode target, ArrayNode patch, JsonPatchLimits limits) {
        Objects.requireNonNull(patch, "patch");
        if (patch.size() > limits.maxOperations()) {
            throw new JsonPatchLimitException(JsonPatchLimitException.Limit.OPERATIONS, limits.maxOperations(),
                    "a JSON patch may hold at most " + limits.maxOperations() + " operations; this one has "
                            + patch.size());
        }
        JsonNode document = target.deepCopy();
        PatchBudget budget = new PatchBudget(limits, document);
        for (int i = 0; i < patch.size(); i++) {
            JsonNode op = patch.get(i);
            try {
                document = applyOne(document, op, budget, i);
            } catch (JsonPatchLimitException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("operation " + i + ": " + e.getMessage(), e);
            }
        }
        return document;
    }

    /** Applies one operation; values are copied where they enter the document, and only there. */
    private static JsonNode applyOne(JsonNode document, JsonNode op, PatchBudget budget, int index) {
        String name = text(op, "op");
        List<String> path = JsonPointers.parse(text(op, "path"));
        return switch (name) {
            case "add" -> {
                JsonNode value = value(op);
                budget.change(index, JsonSize.of(value) + memberChars(path), replacedChars(document, path));
                yield add(document, path, value.deepCopy());
            }
            case "remove" -> {
                budget.change(index, 0, JsonSize.of(get(document, path)) + memberChars(path));
                yield remove(document, path);
            }
            case "replace" -> {
                JsonNode old = get(document, path);
                JsonNode value = value(op);
                budget.change(index, JsonSize.of(value), JsonSize.of(old));
                yield path.isEmpty() ? value.deepCopy() : add(remove(document, path), path, value.deepCopy());
            }
            case "move" -> {
                List<String> from = JsonPointers.parse(text(op, "from"));
                JsonNode moved = get(document, from);
                budget.change(index, memberChars(path), memberChars(from) + replacedChars(document, path));
                yield add(remove(document, from), path, moved);
            }
            case "copy" -> {
                JsonNode source = get(document, JsonPointers.parse(text(op, "from")));
                long chars = JsonSize.of(source);
                budget.copy(index, chars);
                budget.change(index, chars + memberChars(path), replacedChars(document, path));
                yield add(document, path, source.deepCopy());
            }
            case "test" -> {
                if (!get(document, path).equals(value(op))) {
                    throw new IllegalArgumentException("test failed at " + text(op, "path"));
                }
                yield document;
            }
            default -> throw new IllegalArgumentException("unknown op \"" + name + "\"");
        };
    }

    /** What naming a new object member at {@code path} adds: its quoted name, colon and comma. */
    private static long memberChars(List<String> path) {
        return path.isEmpty() ? 0 : path.get(path.size() - 1).length() + 4L;
    }

    /** The size of what an add at {@code path} replaces: an existing object member, or the whole document. */
    private static long replacedChars(JsonNode document, List<String> path) {
        if (path.isEmpty()) {
            return JsonSize.of(document);
        }
        JsonNode parent;
        try {
            parent = get(document, path.subList(0, path.size() - 1));
        } catch (IllegalArgumentException e) {
            return 0; // the add itself reports the missing path
        }
        JsonNode existing = parent.isObject() ? parent.get(path.get(path.size() - 1)) : null;
        return existing == null ? 0 : JsonSize.of(existing) + memberChars(path);
    }

    /** Inserts {@code value} itself (not a copy) at {@code path}. */
    private static JsonNode add(JsonNode document, List<String> path, JsonNode value) {
        if (path.isEmpty()) {
            return value;
        }
        JsonNode parent = get(document, path.subList(0, path.size() - 1));
        String last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode object) {
            object.set(last, value);
        } else if (parent instanceof ArrayNode array) {
            int index = last.equals("-") ? array.size() : index(last, array.size() + 1);
            array.insert(index, value);
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
