package io.meshgate.resources.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A JSON number (integer or decimal) within an inclusive range. */
public final class NumberSchema implements Schema {
    private final double min;
    private final double max;

    NumberSchema(double min, double max) {
        this.min = min;
        this.max = max;
    }

    public NumberSchema min(double value) {
        return new NumberSchema(value, max);
    }

    public NumberSchema max(double value) {
        return new NumberSchema(min, value);
    }

    @Override
    public void check(JsonNode value, FieldPath path, Problems problems) {
        if (!value.isNumber()) {
            problems.invalid(path, value, "must be a number, not " + StringSchema.article(Values.typeName(value)));
            return;
        }
        double number = value.doubleValue();
        if (!Double.isFinite(number) || number < min || number > max) {
            problems.invalid(path, value, "must be between " + format(min) + " and " + format(max) + ", inclusive");
        }
    }

    private static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    @Override
    public ObjectNode openApi() {
        ObjectNode node = OpenApi.typed("number");
        if (Double.isFinite(min)) {
            OpenApi.putBound(node, "minimum", min);
        }
        if (Double.isFinite(max)) {
            OpenApi.putBound(node, "maximum", max);
        }
        return node;
    }
}
