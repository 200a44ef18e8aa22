package io.meshgate.resources.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A JSON integer (not 5.0, not "5") within an inclusive range. */
public final class IntegerSchema implements Schema {
    private final long min;
    private final long max;

    IntegerSchema(long min, long max) {
        this.min = min;
        this.max = max;
    }

    public IntegerSchema min(long value) {
        return new IntegerSchema(value, max);
    }

    public IntegerSchema max(long value) {
        return new IntegerSchema(min, value);
    }

    @Override
    public void check(JsonNode value, FieldPath path, Problems problems) {
        if (!value.isIntegralNumber() || (value.isBigInteger() && !value.canConvertToLong())) {
            problems.invalid(path, value, value.isIntegralNumber() ? "is too large"
                    : "must be an integer, not " + StringSchema.article(Values.typeName(value)));
            return;
        }
        long number = value.longValue();
        if (number < min || number > max) {
            problems.invalid(path, value, rangeText());
        }
    }

    String rangeText() {
        if (max == Long.MAX_VALUE) {
            return "must be greater than or equal to " + min;
        }
        if (min == Long.MIN_VALUE) {
            return "must be less than or equal to " + max;
        }
        return "must be between " + min + " and " + max + ", inclusive";
    }

    @Override
    public ObjectNode openApi() {
        ObjectNode node = OpenApi.typed("integer").put("format", "int64");
        if (min != Long.MIN_VALUE) {
            node.put("minimum", min);
        }
        if (max != Long.MAX_VALUE) {
            node.put("maximum", max);
        }
        return node;
    }
}
