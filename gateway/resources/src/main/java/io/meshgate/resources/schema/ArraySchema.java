package io.meshgate.resources.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/** A JSON list whose items share one schema, with optional size limits and a uniqueness key. */
public final class ArraySchema implements Schema {
    private final Schema items;
    private final int minItems;
    private final int maxItems;
    private final Function<JsonNode, String> uniqueKey;

    ArraySchema(Schema items) {
        this(items, 0, Integer.MAX_VALUE, null);
    }

    private ArraySchema(Schema items, int minItems, int maxItems, Function<JsonNode, String> uniqueKey) {
        this.items = items;
        this.minItems = minItems;
        this.maxItems = maxItems;
        this.uniqueKey = uniqueKey;
    }

    public ArraySchema minItems(int min) {
        return new ArraySchema(items, min, maxItems, uniqueKey);
    }

    /** At least one item ({@code Required value} when empty). */
    public ArraySchema nonEmpty() {
        return minItems(1);
    }

    public ArraySchema maxItems(int max) {
        return new ArraySchema(items, minItems, max, uniqueKey);
    }

    /**
     * Items must differ in the given key (e.g. a port's name); items for which the function
     * returns null take no part.
     */
    public ArraySchema uniqueBy(Function<JsonNode, String> key) {
        return new ArraySchema(items, minItems, maxItems, key);
    }

    /** Items (scalars) must all differ. */
    public ArraySchema unique() {
        return uniqueBy(item -> item.isValueNode() ? item.asText() : null);
    }

    @Override
    public void check(JsonNode value, FieldPath path, Problems problems) {
        if (!value.isArray()) {
            problems.invalid(path, value, "must be a list, not " + StringSchema.article(Values.typeName(value)));
            return;
        }
        if (value.size() < minItems) {
            problems.required(path, minItems == 1 ? "at least one item is required"
                    : "at least " + minItems + " items are required");
            return;
        }
        if (value.size() > maxItems) {
            problems.tooMany(path, value.size(), maxItems);
            return;
        }
        for (int i = 0; i < value.size(); i++) {
            items.check(value.get(i), path.index(i), problems);
        }
        if (uniqueKey != null) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < value.size(); i++) {
                String key = uniqueKey.apply(value.get(i));
                if (key != null && !seen.add(key)) {
                    problems.duplicate(path.index(i), key);
                }
            }
        }
    }

    @Override
    public ObjectNode openApi() {
        ObjectNode node = OpenApi.typed("array");
        node.set("items", items.openApi());
        if (minItems > 0) {
            node.put("minItems", minItems);
        }
        if (maxItems != Integer.MAX_VALUE) {
            node.put("maxItems", maxItems);
        }
        return node;
    }
}
